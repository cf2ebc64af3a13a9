/**
 * Export and import of the review state as a file the reader keeps (there is no account).
 *
 *   { "format": "grokking-gradually/review-state", "version": 1, "exportedAt": "<ISO 8601>", "cards": {...} }
 *
 * The file is the stored state plus two fields, so the same parser reads both. Import merges: per prompt, the
 * most recent review wins (see mergeStates).
 */
import { parseState, STATE_VERSION, type ParseResult, type ReviewState } from './state.ts';

export const EXPORT_FORMAT = 'grokking-gradually/review-state';

export function exportFileName(now: number): string {
  return `grokking-gradually-review-${new Date(now).toISOString().slice(0, 10)}.json`;
}

export function exportState(state: ReviewState, now: number): string {
  const file = {
    format: EXPORT_FORMAT,
    version: STATE_VERSION,
    exportedAt: new Date(now).toISOString(),
    cards: { ...state.unreadable, ...state.cards },
  };
  return JSON.stringify(file, null, 2) + '\n';
}

/** Reads an exported file. A file of another kind is refused with a message naming what was found. */
export function parseExport(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'corrupt', detail: 'the file is not JSON' };
  }
  const format = (value as { format?: unknown } | null)?.format;
  if (typeof value !== 'object' || value === null || format !== EXPORT_FORMAT) {
    return { ok: false, reason: 'corrupt', detail: 'the file is not a review-state export of this site' };
  }
  return parseState(text);
}
