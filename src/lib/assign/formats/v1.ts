// Format 1 of the text inside an assignment address (before compression). One JSON value a line, each
// line ended by "\n", so an address cut short still yields every whole line before the cut:
//
//   {"v":1,"t":"<title>","n":<number of steps>}
//   ["f","<figure id>","<figure query>","<note>"]      a figure: its state as the figure-state codec writes it
//   ["p","<prompt id>","<note>"]                       a recall prompt
//
// An empty note is left off. Never change what this reader accepts: addresses in format 1 live in
// course pages and e-mails. A later format gets its own file beside this one, and this reader stays.
// Readers of newer formats' steps use this one too, keeping the kinds it knows (see ../decode.ts).

import { cleanNote, cleanTitle, LIMITS, type Lesson, type Step } from '../lesson';
import type { Problem } from '../problems';

export const VERSION = 1;

const ID = /^[a-z0-9][a-z0-9-]{0,60}$/;

export function writeV1(lesson: Lesson): string {
  const lines: string[] = [JSON.stringify({ v: VERSION, t: cleanTitle(lesson.title), n: lesson.steps.length })];
  for (const s of lesson.steps) {
    const note = cleanNote(s.note);
    const line = s.kind === 'figure' ? ['f', s.figure, s.query] : ['p', s.prompt];
    if (note) line.push(note);
    lines.push(JSON.stringify(line));
  }
  return lines.map((l) => `${l}\n`).join('');
}

export interface Header {
  version: number;
  title: string;
  /** How many steps the lesson said it had; null when not given or not a count. */
  count: number | null;
}

/** The header line, or null when it is not one. */
export function readHeader(line: string): Header | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { v, t, n } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(v) || (v as number) < 1) return null;
  return {
    version: v as number,
    title: typeof t === 'string' ? cleanTitle(t) : '',
    count: Number.isSafeInteger(n) && (n as number) >= 0 ? (n as number) : null,
  };
}

export type StepRead = { ok: true; step: Step; cut: boolean } | { ok: false; reason: 'unreadable' | 'unknown-kind' };

/** One step line. Extra trailing elements are ignored (a newer format may add some). */
export function readStep(line: string): StepRead {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  if (!Array.isArray(value) || typeof value[0] !== 'string') return { ok: false, reason: 'unreadable' };
  const [kind, id] = value as unknown[];
  if (kind !== 'f' && kind !== 'p') return { ok: false, reason: 'unknown-kind' };
  if (typeof id !== 'string' || !ID.test(id)) return { ok: false, reason: 'unreadable' };
  const noteAt = kind === 'f' ? 3 : 2;
  const rawNote = value[noteAt] ?? '';
  if (typeof rawNote !== 'string') return { ok: false, reason: 'unreadable' };
  const note = cleanNote(rawNote);
  const cut = note.length < rawNote.length && rawNote.length > LIMITS.note;
  if (kind === 'p') return { ok: true, step: { kind: 'prompt', prompt: id, note }, cut };
  const query = value[2];
  if (typeof query !== 'string' || query.length > LIMITS.query) return { ok: false, reason: 'unreadable' };
  return { ok: true, step: { kind: 'figure', figure: id, query, note }, cut };
}

/**
 * Reads the decompressed text. `whole` says whether the text is all there (the stream ended properly);
 * when it is not, a last line without its "\n" is a fragment and is dropped.
 */
export function readV1(text: string, whole: boolean): { lesson: Lesson; header: Header | null; problems: Problem[]; positions: number[] } {
  const problems: Problem[] = [];
  const lines = text.split('\n');
  const ended = lines.pop() === ''; // text ends with "\n": the last line is whole
  const cut = !whole || !ended;
  const header = lines.length ? readHeader(lines[0]) : null;
  const stepLines = header ? lines.slice(1) : lines.filter((l) => l.startsWith('['));
  const steps: Step[] = [];
  const positions: number[] = [];
  stepLines.forEach((line, i) => {
    const read = readStep(line);
    if (!read.ok) {
      problems.push({ kind: 'step', step: i + 1, reason: read.reason });
      return;
    }
    if (steps.length === LIMITS.steps) return;
    if (read.cut) problems.push({ kind: 'step', step: i + 1, reason: 'note-cut' });
    steps.push(read.step);
    positions.push(i + 1);
  });
  const extra = stepLines.length - LIMITS.steps;
  if (extra > 0) problems.push({ kind: 'too-many-steps', dropped: extra });
  if (cut) problems.push({ kind: 'truncated', read: steps.length, expected: header?.count ?? null });
  else if (header?.count !== null && header?.count !== undefined && header.count > stepLines.length) {
    // Whole lines, but fewer than announced: lines were removed from the middle or the end.
    problems.push({ kind: 'truncated', read: steps.length, expected: header.count });
  }
  return { lesson: { title: header?.title ?? '', steps }, header, problems, positions };
}
