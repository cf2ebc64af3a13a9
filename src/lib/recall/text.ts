/**
 * Prompt text for display, print and export: cloze gaps and the two plain-text sides of a card.
 * Kept apart from schema.ts so the browser bundles never pull in zod.
 */
import type { Prompt } from './schema.ts';

/** Where a predict prompt says to look, in words: "at step 4,063", or its `at` ("on parity check at length 80"). */
export function checkWhere(p: { step?: number; at?: string }): string {
  return p.step !== undefined ? `at step ${p.step.toLocaleString('en-US')}` : (p.at ?? 'in the state it opens in');
}

const GAP = /\{\{([^{}]+)\}\}/g;

/** Cloze text as segments; gaps are the hidden parts. */
export function clozeSegments(cloze: string): { text: string; gap: boolean }[] {
  const out: { text: string; gap: boolean }[] = [];
  let last = 0;
  for (const m of cloze.matchAll(GAP)) {
    if (m.index > last) out.push({ text: cloze.slice(last, m.index), gap: false });
    out.push({ text: m[1], gap: true });
    last = m.index + m[0].length;
  }
  if (last < cloze.length) out.push({ text: cloze.slice(last), gap: false });
  return out;
}

export const CLOZE_BLANK = '[…]';
export const DEFAULT_CLOZE_LEAD = 'Fill in the blank.';

/**
 * The prompt as two plain-text sides, for printing, CSV export and screen readers.
 * Cloze: the front shows blanks, the back the whole sentence (plus the note).
 * Predict: the front names the figure and step to check.
 */
export function promptSides(p: Prompt): { front: string; back: string } {
  switch (p.kind) {
    case 'qa':
      return { front: p.q, back: p.a };
    case 'cloze': {
      const segs = clozeSegments(p.cloze);
      const blanked = segs.map((s) => (s.gap ? CLOZE_BLANK : s.text)).join('');
      const full = segs.map((s) => s.text).join('');
      return {
        front: p.q ? `${p.q}\n${blanked}` : blanked,
        back: p.a ? `${full}\n${p.a}` : full,
      };
    }
    case 'predict':
      return { front: `${p.q}\n(Check: figure “${p.figure}” ${checkWhere(p)}.)`, back: p.a };
  }
}
