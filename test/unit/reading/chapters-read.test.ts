// The record of chapters read (src/lib/reading/chapters-read.ts): marks once, keeps the first time, never
// overwrites text it cannot read, and a full or missing storage records nothing without throwing.
import { describe, expect, it } from 'vitest';
import { loadChaptersRead, markChapterRead, parseChaptersRead, READ_KEY } from '../../../src/lib/reading/chapters-read';
import type { KeyValueStorage } from '../../../src/lib/recall/storage';

function memory(initial: Record<string, string> = {}, opts: { full?: boolean } = {}): KeyValueStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (k) => data[k] ?? null,
    setItem: (k, v) => {
      if (opts.full) throw new DOMException('full', 'QuotaExceededError');
      data[k] = v;
    },
    removeItem: (k) => void delete data[k],
  };
}

describe('chapters read', () => {
  it('records a chapter once, with the time it was first finished, beside other chapters', () => {
    const s = memory();
    expect(markChapterRead(s, '01-memorization', 1000)).toBe(true);
    expect(markChapterRead(s, '01-memorization', 5000)).toBe(true);
    expect(markChapterRead(s, '02-algorithm', 2000)).toBe(true);
    expect(loadChaptersRead(s)).toEqual({ status: 'ok', read: { '01-memorization': 1000, '02-algorithm': 2000 } });
  });

  it('leaves text it cannot read untouched and says so', () => {
    for (const bad of ['not json', '{"v":2,"read":{}}', '[1,2]', '{"v":1,"read":[]}']) {
      const s = memory({ [READ_KEY]: bad });
      expect(markChapterRead(s, '01-memorization', 1)).toBe(false);
      expect(s.data[READ_KEY]).toBe(bad);
      expect(loadChaptersRead(s).status).toBe('unreadable');
    }
  });

  it('drops entries that are not a chapter id with a finite time', () => {
    expect(parseChaptersRead('{"v":1,"read":{"01-memorization":5,"<script>":1,"02-algorithm":"x","03-circuit":null}}')).toEqual({ '01-memorization': 5 });
  });

  it('a full storage or none records nothing and throws nothing', () => {
    expect(markChapterRead(memory({}, { full: true }), '01-memorization', 1)).toBe(false);
    expect(markChapterRead(null, '01-memorization', 1)).toBe(false);
    expect(loadChaptersRead(null)).toEqual({ status: 'unavailable', read: {} });
    const throwing: KeyValueStorage = { getItem: () => { throw new Error('denied'); }, setItem: () => {}, removeItem: () => {} };
    expect(loadChaptersRead(throwing).status).toBe('unavailable');
  });
});
