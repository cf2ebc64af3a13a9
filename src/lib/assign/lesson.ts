// A lesson (an "assignment"): a title and an ordered list of steps, each a figure in a stated state or a
// recall prompt, with the educator's note. This is what the builder edits, the address carries
// (wire-v1.ts) and the student page shows (after resolve.ts has checked it against the site).

export interface FigureStep {
  kind: 'figure';
  /** A figure id from src/lib/figure-state/registry.ts. */
  figure: string;
  /** The figure's state as the figure-state codec writes it, without "?": "clock.a=3&clock.b=5" ("" = defaults). */
  query: string;
  note: string;
}

export interface PromptStep {
  kind: 'prompt';
  /** A prompt id from content/recall/*.json. */
  prompt: string;
  note: string;
}

export type Step = FigureStep | PromptStep;

export interface Lesson {
  title: string;
  steps: Step[];
}

export const LIMITS = {
  title: 120,
  note: 600,
  steps: 30,
  /** A figure state is one figure's query (the codec's own limit is 8 kB for a whole page's). */
  query: 1200,
  /** The `a` parameter we write: with the origin and path, an address of about 8 kB, which every browser, chat app and LMS keeps. */
  address: 8000,
  /** The longest `a` we read at all: twice what we write, so an address we made never fails this. */
  readAddress: 16000,
  /** Decompressed text we accept (a lesson at every limit is under 60 kB). */
  text: 200_000,
} as const;

export const emptyLesson = (): Lesson => ({ title: '', steps: [] });

const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;

/** Note text as stored: control characters (and bidi overrides) removed, at most LIMITS.note long. */
export function cleanNote(note: string): string {
  return note.replace(CONTROL, '').slice(0, LIMITS.note);
}

/** A title as stored: one line, at most LIMITS.title long. */
export function cleanTitle(title: string): string {
  return title.replace(/[\r\n\t]+/g, ' ').replace(CONTROL, '').slice(0, LIMITS.title);
}
