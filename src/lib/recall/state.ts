/**
 * The review state as it is stored and exported: a versioned record of card states keyed by prompt id.
 *
 *   { "version": 1, "cards": { "<prompt id>": CardState, ... } }
 *
 * Parsing never throws. Entries that do not read as a CardState are kept verbatim in `unreadable`, so that saving
 * writes them back untouched (nothing the reader had is lost by a bug in one entry) until the reader chooses to
 * remove them. Prompt ids that no longer exist in the essay are kept too: a prompt may come back.
 */
import type { CardState, Grade } from './scheduler.ts';

export const STATE_VERSION = 1;

export interface ReviewState {
  cards: Record<string, CardState>;
  /** Entries found under `cards` that are not valid CardStates, as they were. */
  unreadable: Record<string, unknown>;
}

export type ParseResult =
  | { ok: true; state: ReviewState }
  | { ok: false; reason: 'corrupt'; detail: string }
  | { ok: false; reason: 'version'; found: unknown; detail: string };

export const emptyState = (): ReviewState => ({ cards: {}, unreadable: {} });

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const isTime = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isGrade = (x: unknown): x is Grade => x === 'forgot' || x === 'remembered';

/** A CardState, or null if `x` is not one. Unknown extra fields are dropped. */
export function readCard(x: unknown): CardState | null {
  if (!isRecord(x)) return null;
  const { intervalDays, dueAt, lastAt, reviews, lapses, lastGrade } = x;
  if (typeof intervalDays !== 'number' || !Number.isFinite(intervalDays) || intervalDays <= 0) return null;
  if (!isTime(dueAt) || !isTime(lastAt) || !isCount(reviews) || !isCount(lapses) || !isGrade(lastGrade)) return null;
  if (lapses > reviews || reviews === 0) return null;
  return { intervalDays, dueAt, lastAt, reviews, lapses, lastGrade };
}

/** Reads an already JSON-parsed value. */
export function readState(value: unknown): ParseResult {
  if (!isRecord(value)) return { ok: false, reason: 'corrupt', detail: 'the saved data is not an object' };
  if (value.version !== STATE_VERSION) {
    return {
      ok: false,
      reason: 'version',
      found: value.version,
      detail: `the saved data has version ${JSON.stringify(value.version) ?? 'none'}, this page reads version ${STATE_VERSION}`,
    };
  }
  if (!isRecord(value.cards)) return { ok: false, reason: 'corrupt', detail: 'the saved data has no "cards" object' };
  const state = emptyState();
  for (const [id, entry] of Object.entries(value.cards)) {
    const card = readCard(entry);
    if (card) state.cards[id] = card;
    else state.unreadable[id] = entry;
  }
  return { ok: true, state };
}

/** Reads JSON text (from storage or an imported file). */
export function parseState(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: 'corrupt', detail: `the saved data is not valid JSON (${(e as Error).message})` };
  }
  return readState(value);
}

/** JSON text for storage; unreadable entries are written back as they were. */
export function serializeState(state: ReviewState): string {
  return JSON.stringify({ version: STATE_VERSION, cards: { ...state.unreadable, ...state.cards } });
}

/**
 * Merges an imported state into the current one: per prompt, the card graded most recently wins, so importing an
 * older backup never undoes later reviews. Returns how many cards the import changed.
 */
export function mergeStates(current: ReviewState, incoming: ReviewState): { state: ReviewState; changed: number } {
  const cards = { ...current.cards };
  let changed = 0;
  for (const [id, card] of Object.entries(incoming.cards)) {
    const mine = cards[id];
    if (!mine || card.lastAt > mine.lastAt) {
      cards[id] = card;
      changed++;
    }
  }
  const unreadable = { ...current.unreadable };
  for (const id of Object.keys(cards)) delete unreadable[id];
  return { state: { cards, unreadable }, changed };
}
