// One JSON record under one localStorage key, read and written without ever throwing and without
// ever overwriting what it could not read: the builder's draft and each lesson's progress use it.
// Same rules as the review history (src/lib/recall/storage.ts): unreadable data stays where it is
// until the reader chooses to discard it (after downloading it, if they like); a full or blocked
// storage leaves the page working from memory, with a message.

import { isQuotaError, type KeyValueStorage } from '../recall/storage';

export type { KeyValueStorage };

export type Loaded<T> =
  | { status: 'ok'; value: T | null }
  /** Text under the key that `read` refused: kept in storage, untouched; `raw` can be downloaded. */
  | { status: 'corrupt'; value: null; raw: string }
  | { status: 'unavailable'; value: null };

export type Saved = { ok: true } | { ok: false; reason: 'quota' | 'unavailable' | 'error' };

export function loadRecord<T>(storage: KeyValueStorage | null, key: string, read: (value: unknown) => T | null): Loaded<T> {
  if (!storage) return { status: 'unavailable', value: null };
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch {
    return { status: 'unavailable', value: null };
  }
  if (raw === null) return { status: 'ok', value: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { status: 'corrupt', value: null, raw };
  }
  const value = read(parsed);
  return value === null ? { status: 'corrupt', value: null, raw } : { status: 'ok', value };
}

export function saveRecord(storage: KeyValueStorage | null, key: string, value: unknown): Saved {
  if (!storage) return { ok: false, reason: 'unavailable' };
  try {
    storage.setItem(key, JSON.stringify(value));
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: isQuotaError(e) ? 'quota' : 'error' };
  }
}

export function removeRecord(storage: KeyValueStorage | null, key: string): Saved {
  if (!storage) return { ok: false, reason: 'unavailable' };
  try {
    storage.removeItem(key);
    return { ok: true };
  } catch {
    return { ok: false, reason: 'error' };
  }
}

/** What to tell the reader when saving failed (the work itself is still in the page). */
export function savedMessage(s: Saved, what: string): string {
  if (s.ok) return '';
  if (s.reason === 'quota') return `This browser’s storage for the site is full, so ${what} is kept in this tab only. Download it, or free some space and try again.`;
  if (s.reason === 'unavailable') return `This browser does not let the site store data, so ${what} is kept in this tab only. Download it before you leave.`;
  return `Saving ${what} failed, so it is kept in this tab only. Download it, or try again.`;
}
