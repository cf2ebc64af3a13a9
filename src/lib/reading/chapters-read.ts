/**
 * Which chapters this browser has read to the end (the reading bar past READ_AT of the chapter), for the
 * title page's "your progress". One localStorage key, JSON `{"v":1,"read":{"<chapter id>":<ms>}}`: the time
 * each chapter was first finished. Nothing here throws. Text that is not this format is never overwritten
 * (the chapter is then simply not recorded, and the title page says the record could not be read); a full
 * or unusable storage records nothing, and nothing else on the page depends on it.
 */
import { NAMESPACE, type KeyValueStorage } from '../recall/storage.ts';

export const READ_KEY = `${NAMESPACE}:chapters-read`;
/** How far through a chapter (0-1 of its scrollable length) counts as having read it. */
export const READ_AT = 0.9;

export type ChaptersRead = Record<string, number>;

export type ReadLoad = { status: 'ok'; read: ChaptersRead } | { status: 'unreadable' | 'unavailable'; read: ChaptersRead };

/** Parses the stored text; null where it is not this format. */
export function parseChaptersRead(text: string): ChaptersRead | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null || (v as { v?: unknown }).v !== 1) return null;
  const read = (v as { read?: unknown }).read;
  if (typeof read !== 'object' || read === null || Array.isArray(read)) return null;
  const out: ChaptersRead = {};
  for (const [id, at] of Object.entries(read)) {
    if (typeof at === 'number' && Number.isFinite(at) && /^[a-z0-9-]{1,80}$/.test(id)) out[id] = at;
  }
  return out;
}

export function loadChaptersRead(storage: KeyValueStorage | null): ReadLoad {
  if (!storage) return { status: 'unavailable', read: {} };
  let text: string | null;
  try {
    text = storage.getItem(READ_KEY);
  } catch {
    return { status: 'unavailable', read: {} };
  }
  if (text === null) return { status: 'ok', read: {} };
  const read = parseChaptersRead(text);
  return read ? { status: 'ok', read } : { status: 'unreadable', read: {} };
}

/** Records chapter `id` as read at `now` (the first time only). Returns whether it is recorded. */
export function markChapterRead(storage: KeyValueStorage | null, id: string, now: number): boolean {
  const loaded = loadChaptersRead(storage);
  if (loaded.status !== 'ok' || !storage) return false;
  if (loaded.read[id] !== undefined) return true;
  try {
    storage.setItem(READ_KEY, JSON.stringify({ v: 1, read: { ...loaded.read, [id]: now } }));
    return true;
  } catch {
    return false;
  }
}
