// A student's answers as a file to hand in: JSON (for a script that collects a class's answers) and
// Markdown (to read, print or paste). Both list every step, the educator's note, each prompt's question
// and the student's answer, and the assignment's own address so a teacher can open what was answered.

export interface AnswerStep {
  /** 1-based, as the student page numbers steps. */
  n: number;
  kind: 'figure' | 'prompt';
  /** The figure's title, or the prompt's question. */
  title: string;
  note: string;
  /** Figures: the exact link to the figure in its stated state. */
  link?: string;
  /** Prompts: the prompt's id, and what the student wrote ("" if nothing). */
  prompt?: string;
  answer?: string;
}

export interface AnswerSheet {
  format: 'grokking-gradually-answers';
  version: 1;
  assignment: string;
  link: string;
  name: string;
  exportedAt: string;
  steps: AnswerStep[];
}

export function answerSheet(fields: Omit<AnswerSheet, 'format' | 'version' | 'exportedAt'>, now = new Date()): AnswerSheet {
  return { format: 'grokking-gradually-answers', version: 1, exportedAt: now.toISOString(), ...fields };
}

const quote = (text: string) => text.split('\n').map((l) => `> ${l}`).join('\n');

export function answersMarkdown(sheet: AnswerSheet): string {
  const out = [
    `# ${sheet.assignment || 'Assignment'}`,
    '',
    `- Name: ${sheet.name || '(not given)'}`,
    `- Exported: ${sheet.exportedAt}`,
    `- Assignment: <${sheet.link}>`,
    '',
  ];
  for (const s of sheet.steps) {
    out.push(`## ${s.n}. ${s.kind === 'figure' ? `Figure: ${s.title}` : s.title}`, '');
    if (s.note) out.push(quote(s.note), '');
    if (s.kind === 'figure' && s.link) out.push(`Open it: <${s.link}>`, '');
    if (s.kind === 'prompt') out.push('**Answer:**', '', s.answer?.trim() ? s.answer.trim() : '*(no answer)*', '');
  }
  return out.join('\n');
}

/** "answers-grokking-in-50-minutes-ada.md" */
export function answersFileName(sheet: AnswerSheet, ext: 'md' | 'json'): string {
  const slug = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  const parts = ['answers', slug(sheet.assignment), slug(sheet.name)].filter(Boolean);
  return `${parts.join('-')}.${ext}`;
}
