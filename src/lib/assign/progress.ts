// A student's progress through one lesson, kept in this browser under a key made from the lesson
// itself (link.ts lessonKey), so two assignments never mix and reopening the same link resumes:
//   grokking-gradually:assignment:<key> = { "version": 1, "current": 0, "name": "", "answers": { "<step index>": "…" } }

import { NAMESPACE } from '../recall/storage';
import { loadRecord, saveRecord, type KeyValueStorage, type Loaded, type Saved } from './stored';

export const PROGRESS_VERSION = 1;
export const progressKey = (lessonKey: string): string => `${NAMESPACE}:assignment:${lessonKey}`;

export interface Progress {
  /** The step the student was on (0-based). */
  current: number;
  name: string;
  /** Answers by step index (0-based, as a string key). */
  answers: Record<string, string>;
  /** Steps whose answer the student has revealed. */
  revealed: number[];
}

export const emptyProgress = (): Progress => ({ current: 0, name: '', answers: {}, revealed: [] });

export function readProgress(x: unknown): Progress | null {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return null;
  const v = x as Record<string, unknown>;
  if (v.version !== PROGRESS_VERSION || !Number.isSafeInteger(v.current) || typeof v.name !== 'string') return null;
  if (typeof v.answers !== 'object' || v.answers === null || Array.isArray(v.answers)) return null;
  const answers: Record<string, string> = {};
  for (const [k, a] of Object.entries(v.answers)) {
    if (!/^\d{1,3}$/.test(k) || typeof a !== 'string') return null;
    answers[k] = a;
  }
  const revealed = Array.isArray(v.revealed) ? v.revealed.filter((n): n is number => Number.isSafeInteger(n)) : [];
  return { current: Math.max(0, v.current as number), name: v.name, answers, revealed };
}

export function loadProgress(storage: KeyValueStorage | null, lessonKey: string): Loaded<Progress> {
  return loadRecord(storage, progressKey(lessonKey), readProgress);
}

export function saveProgress(storage: KeyValueStorage | null, lessonKey: string, p: Progress): Saved {
  return saveRecord(storage, progressKey(lessonKey), { version: PROGRESS_VERSION, ...p });
}
