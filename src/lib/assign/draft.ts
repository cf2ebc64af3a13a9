// The builder's draft lesson, kept in this browser under one key:
//   grokking-gradually:assignment-draft = { "version": 1, "title": "…", "steps": [Step, …] }
// Steps are stored as the Lesson type has them (lesson.ts). The gallery's and the Share menu's
// "Add to assignment" append to it; the builder page edits it.

import { NAMESPACE } from '../recall/storage';
import { cleanNote, cleanTitle, LIMITS, type Lesson, type Step } from './lesson';
import { loadRecord, saveRecord, type KeyValueStorage, type Loaded, type Saved } from './stored';

export const DRAFT_KEY = `${NAMESPACE}:assignment-draft`;
export const DRAFT_VERSION = 1;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function readStep(x: unknown): Step | null {
  if (!isRecord(x) || typeof x.note !== 'string') return null;
  if (x.kind === 'prompt' && typeof x.prompt === 'string') return { kind: 'prompt', prompt: x.prompt, note: cleanNote(x.note) };
  if (x.kind === 'figure' && typeof x.figure === 'string' && typeof x.query === 'string') {
    return { kind: 'figure', figure: x.figure, query: x.query, note: cleanNote(x.note) };
  }
  return null;
}

/** A stored draft, or null when the value is not one (then it is kept, untouched, as corrupt). */
export function readDraft(x: unknown): Lesson | null {
  if (!isRecord(x) || x.version !== DRAFT_VERSION || typeof x.title !== 'string' || !Array.isArray(x.steps)) return null;
  const steps = x.steps.map(readStep);
  if (steps.some((s) => s === null)) return null;
  return { title: cleanTitle(x.title), steps: steps as Step[] };
}

export function loadDraft(storage: KeyValueStorage | null): Loaded<Lesson> {
  return loadRecord(storage, DRAFT_KEY, readDraft);
}

export function saveDraft(storage: KeyValueStorage | null, lesson: Lesson): Saved {
  return saveRecord(storage, DRAFT_KEY, { version: DRAFT_VERSION, title: lesson.title, steps: lesson.steps });
}

export type AddResult =
  | { ok: true; count: number }
  | { ok: false; reason: 'full' | 'corrupt' | 'unavailable' | 'quota' | 'error'; count: number };

/**
 * Appends a step to the stored draft (the gallery and Share menu, with no builder open). A draft that
 * cannot be read is never replaced: the reader is sent to the builder page, which explains.
 */
export function addToDraft(storage: KeyValueStorage | null, step: Step): AddResult {
  const loaded = loadDraft(storage);
  if (loaded.status !== 'ok') return { ok: false, reason: loaded.status, count: 0 };
  const lesson = loaded.value ?? { title: '', steps: [] };
  if (lesson.steps.length >= LIMITS.steps) return { ok: false, reason: 'full', count: lesson.steps.length };
  lesson.steps.push(step);
  const saved = saveDraft(storage, lesson);
  return saved.ok ? { ok: true, count: lesson.steps.length } : { ok: false, reason: saved.reason, count: lesson.steps.length - 1 };
}

/** The sentence shown after "Add to assignment". */
export function addMessage(r: AddResult): string {
  if (r.ok) return `Added: your assignment has ${r.count} ${r.count === 1 ? 'step' : 'steps'}.`;
  switch (r.reason) {
    case 'full':
      return `Not added: an assignment holds at most ${LIMITS.steps} steps.`;
    case 'corrupt':
      return 'Not added: the saved assignment could not be read. Open the assignment builder to see it.';
    case 'unavailable':
      return 'Not added: this browser does not let the site store data. Build the assignment on its page instead.';
    case 'quota':
      return 'Not added: this browser’s storage for the site is full.';
    case 'error':
      return 'Not added: saving failed. Please try again.';
  }
}

/**
 * The steps with their questions in a new random order, each figure staying where it was (a quiz from the
 * same questions; the figures the notes refer to keep their places). `random` returns [0, 1), as Math.random.
 */
export function shuffleQuestions(steps: readonly Step[], random: () => number): Step[] {
  const slots = steps.flatMap((s, i) => (s.kind === 'prompt' ? [i] : []));
  const questions = slots.map((i) => steps[i]);
  for (let i = questions.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [questions[i], questions[j]] = [questions[j], questions[i]];
  }
  const out = [...steps];
  slots.forEach((slot, k) => (out[slot] = questions[k]));
  return out;
}
