// An assignment's address: /assign/?a=<base64url of the raw-deflated text of the lesson (formats/v1.ts)>.
// Encoding is async (CompressionStream); decoding is synchronous and pure (inflate.ts), so the student
// page can read its address before it renders and Node tests can feed it anything.

import { fromBase64url, toBase64url } from './base64url';
import { deflateRaw } from './deflate';
import { inflateRaw } from './inflate';
import { LIMITS, emptyLesson, type Lesson } from './lesson';
import type { Problem } from './problems';
import { readHeader, readV1, VERSION, writeV1 } from './formats/v1';

/** The query parameter that holds the lesson. */
export const PARAM = 'a';
export const CURRENT_VERSION = VERSION;

export interface Encoded {
  /** The value of the `a` parameter. */
  param: string;
  /** Whether it fits LIMITS.address; a builder must not hand out a link that does not. */
  fits: boolean;
}

export async function encodeLesson(lesson: Lesson): Promise<Encoded> {
  const bytes = await deflateRaw(new TextEncoder().encode(writeV1(lesson)));
  const param = toBase64url(bytes);
  return { param, fits: param.length <= LIMITS.address };
}

/** The page's path for a lesson ("/assign/?a=…"), under Astro's base ("/" or "/sub/"). */
export function assignPath(param: string, base = '/', page: '' | 'print/' = ''): string {
  return `${base.replace(/\/+$/, '')}/assign/${page}?${PARAM}=${param}`;
}

export interface Decoded {
  lesson: Lesson;
  /** The format version the address declared (null when its header could not be read). */
  version: number | null;
  problems: Problem[];
  /** Each kept step's number in the address (1-based), so later problems name the step the educator wrote. */
  positions: number[];
}

/** Reads an `a` parameter. Never throws; whatever cannot be read is left out and named in `problems`. */
export function decodeLesson(param: string): Decoded {
  if (param.length > LIMITS.readAddress) return { lesson: emptyLesson(), version: null, problems: [{ kind: 'too-long' }], positions: [] };
  const { bytes, valid } = fromBase64url(param.trim());
  const inflated = inflateRaw(bytes, LIMITS.text);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(inflated.bytes);
  const header = readHeader(text.slice(0, text.indexOf('\n') >>> 0));
  const read = readV1(text, inflated.error === undefined);
  const problems: Problem[] = [];
  if (header && header.version > CURRENT_VERSION) problems.push({ kind: 'future', version: header.version });
  const damaged = !valid || inflated.error === 'invalid' || inflated.error === 'too-large';
  for (const p of read.problems) problems.push(damaged && p.kind === 'truncated' ? { ...p, kind: 'corrupt' } : p);
  if (!header && read.lesson.steps.length === 0) return { lesson: emptyLesson(), version: null, problems: [{ kind: 'unreadable' }], positions: [] };
  if (damaged && !problems.some((p) => p.kind === 'corrupt')) problems.push({ kind: 'corrupt', read: read.lesson.steps.length, expected: header?.count ?? null });
  return { lesson: read.lesson, version: header?.version ?? null, problems, positions: read.positions };
}

/** A short stable key for a lesson (cyrb53 of its format-1 text): its progress is stored under it. */
export function lessonKey(lesson: Lesson): string {
  const text = writeV1(lesson);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
