// "Questions from these chapters": the builder's shortcut that adds a whole quiz at once. Given the chosen
// chapters, it takes their recall prompts in the essay's order, leaves out those already in the assignment,
// keeps a random `count` of them if asked (still in the essay's order: a quiz reads as the chapters do;
// "Shuffle the questions" mixes them afterwards), and stops where the assignment is full.

import type { ChapterPrompt } from '../recall/schema';
import { LIMITS, type Step } from './lesson';

export interface FromChapters {
  /** The steps to add, in the essay's order. */
  steps: Step[];
  /** Questions of those chapters that the assignment already has. */
  already: number;
  /** Questions that did not fit (the assignment's step limit). */
  cut: number;
}

/**
 * Prompt steps from `chapters` (slugs), at most `count` of them (null: all) chosen with `random` (as
 * Math.random), none already among `have`, no more than `room`.
 */
export function questionsFromChapters(
  prompts: readonly ChapterPrompt[],
  chapters: readonly string[],
  count: number | null,
  have: readonly Step[],
  room: number,
  random: () => number,
): FromChapters {
  const chosen = new Set(chapters);
  const taken = new Set(have.flatMap((s) => (s.kind === 'prompt' ? [s.prompt] : [])));
  const inChapters = prompts.filter((p) => chosen.has(p.chapter));
  const fresh = inChapters.filter((p) => !taken.has(p.id));
  let picked = fresh.map((_, i) => i);
  if (count !== null && count < picked.length) {
    for (let i = picked.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [picked[i], picked[j]] = [picked[j], picked[i]];
    }
    picked = picked.slice(0, Math.max(0, count)).sort((a, b) => a - b);
  }
  const fits = picked.slice(0, Math.max(0, room));
  return {
    steps: fits.map((i) => ({ kind: 'prompt', prompt: fresh[i].id, note: '' })),
    already: inChapters.length - fresh.length,
    cut: picked.length - fits.length,
  };
}

/** What the builder says after adding them. */
export function fromChaptersMessage(r: FromChapters): string {
  const added = r.steps.length === 0 ? 'No questions added' : `Added ${r.steps.length} ${r.steps.length === 1 ? 'question' : 'questions'}`;
  const notes = [
    r.already > 0 ? `${r.already} ${r.already === 1 ? 'was' : 'were'} already in the assignment` : '',
    r.cut > 0 ? `${r.cut} did not fit (an assignment holds at most ${LIMITS.steps} steps)` : '',
  ].filter(Boolean);
  return `${added}${notes.length ? `; ${notes.join('; ')}` : ''}.`;
}
