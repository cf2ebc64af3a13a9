/**
 * Review state in the browser's localStorage, under one namespaced key. Nothing here throws: every failure
 * becomes a status the page can explain, and no failure touches any other key (theme, figure state...).
 *
 * Rules that keep the reader's data safe:
 * - Unreadable (corrupt) or other-version data is never overwritten silently: `save` refuses until the reader
 *   resets that one key (after downloading the raw text if they like). Meanwhile the page works from memory.
 * - A full storage (QuotaExceededError) or a storage that cannot be used (privacy modes, disabled cookies)
 *   leaves the page working from memory, with a message; the caller may retry.
 */
import { emptyState, parseState, serializeState, type ReviewState } from './state.ts';

/** The namespace every key of this site starts with, and the one key this module owns. */
export const NAMESPACE = 'grokking-gradually';
export const STORAGE_KEY = `${NAMESPACE}:recall`;

/** The part of the Web Storage API we use, so tests can pass a fake. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export type LoadResult =
  /** Nothing saved yet, or saved and read (possibly with some unreadable entries kept aside). */
  | { status: 'ok'; state: ReviewState; raw: string | null }
  /** The saved text is not review state this page can read. It stays in storage, untouched. */
  | { status: 'corrupt' | 'version'; state: ReviewState; raw: string; detail: string }
  /** localStorage cannot be used at all. */
  | { status: 'unavailable'; state: ReviewState; raw: null; detail: string };

export type SaveResult =
  | { ok: true }
  | { ok: false; reason: 'quota' | 'unavailable' | 'error'; detail: string };

/** The browser's localStorage, or null where reading the property itself throws (some privacy modes). */
export function browserStorage(): KeyValueStorage | null {
  try {
    return typeof window !== 'undefined' && window.localStorage ? window.localStorage : null;
  } catch {
    return null;
  }
}

export function load(storage: KeyValueStorage | null): LoadResult {
  if (!storage) {
    return { status: 'unavailable', state: emptyState(), raw: null, detail: 'this browser does not let the page store data' };
  }
  let raw: string | null;
  try {
    raw = storage.getItem(STORAGE_KEY);
  } catch (e) {
    return { status: 'unavailable', state: emptyState(), raw: null, detail: `reading storage failed (${describe(e)})` };
  }
  if (raw === null) return { status: 'ok', state: emptyState(), raw: null };
  const parsed = parseState(raw);
  if (parsed.ok) return { status: 'ok', state: parsed.state, raw };
  return { status: parsed.reason, state: emptyState(), raw, detail: parsed.detail };
}

export function save(storage: KeyValueStorage | null, state: ReviewState): SaveResult {
  if (!storage) return { ok: false, reason: 'unavailable', detail: 'this browser does not let the page store data' };
  try {
    storage.setItem(STORAGE_KEY, serializeState(state));
    return { ok: true };
  } catch (e) {
    return isQuotaError(e)
      ? { ok: false, reason: 'quota', detail: "this browser's storage for the site is full" }
      : { ok: false, reason: 'error', detail: `saving failed (${describe(e)})` };
  }
}

/** Removes this module's key, and only it. */
export function reset(storage: KeyValueStorage | null): SaveResult {
  if (!storage) return { ok: false, reason: 'unavailable', detail: 'this browser does not let the page store data' };
  try {
    storage.removeItem(STORAGE_KEY);
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: 'error', detail: `resetting failed (${describe(e)})` };
  }
}

/** Browsers disagree on the error's name and code (Firefox: NS_ERROR_DOM_QUOTA_REACHED, code 1014). */
export function isQuotaError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { name, code } = e as { name?: unknown; code?: unknown };
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22 || code === 1014;
}

const describe = (e: unknown): string => (e instanceof Error ? e.message || e.name : String(e));
