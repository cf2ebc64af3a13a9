import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/lib/recall/scheduler.ts';
import { STORAGE_KEY } from '../../../src/lib/recall/storage.ts';
import { RecallStore, type Snapshot } from '../../../src/lib/recall/store.ts';
import { EXPORT_FORMAT } from '../../../src/lib/recall/transfer.ts';
import { FakeStorage, quotaError } from './fake-storage.ts';

const T0 = Date.UTC(2026, 0, 10, 12);

function setup(raw?: string) {
  const fs = new FakeStorage();
  if (raw !== undefined) fs.data.set(STORAGE_KEY, raw);
  fs.data.set('grokking-gradually:theme', 'dark');
  let now = T0;
  const store = new RecallStore(fs, () => now);
  const seen: Snapshot[] = [];
  store.subscribe((s) => seen.push(s));
  return { fs, store, seen, advance: (ms: number) => (now += ms) };
}

describe('RecallStore', () => {
  it('grades, saves, and a new store on the same storage finds the card', () => {
    const { fs, store, seen } = setup();
    const { card, saved } = store.grade('mem-a', 'remembered');
    expect(saved.ok).toBe(true);
    expect(card.dueAt).toBe(T0 + 3 * DAY_MS);
    expect(seen.at(-1)!.state.cards['mem-a']).toEqual(card);
    const again = new RecallStore(fs, () => T0);
    expect(again.snapshot.state.cards['mem-a']).toEqual(card);
    expect(again.snapshot.notice).toBeNull();
  });

  it('on corrupt storage: works from memory, never overwrites, resets only its key on request', () => {
    const { fs, store } = setup('not json');
    expect(store.snapshot.notice).toMatchObject({ kind: 'corrupt', raw: 'not json' });
    const r = store.grade('mem-a', 'forgot');
    expect(r.saved.ok).toBe(false);
    expect(store.snapshot.state.cards['mem-a'].lapses).toBe(1);
    expect(fs.data.get(STORAGE_KEY)).toBe('not json');
    expect(store.resetStorage()).toEqual({ ok: true });
    expect(store.snapshot.notice).toBeNull();
    expect(JSON.parse(fs.data.get(STORAGE_KEY)!).cards['mem-a'].lapses).toBe(1);
    expect(fs.data.get('grokking-gradually:theme')).toBe('dark');
  });

  it('on a newer version: keeps it untouched until reset', () => {
    const newer = JSON.stringify({ version: 7, cards: { x: 1 } });
    const { fs, store } = setup(newer);
    expect(store.snapshot.notice?.kind).toBe('version');
    store.grade('mem-a', 'remembered');
    expect(fs.data.get(STORAGE_KEY)).toBe(newer);
  });

  it('on a full storage: keeps the answer in memory, says so, and saves on retry', () => {
    const { fs, store } = setup();
    fs.failSet = quotaError();
    const r = store.grade('mem-a', 'remembered');
    expect(r.saved).toMatchObject({ ok: false, reason: 'quota' });
    expect(store.snapshot.notice).toMatchObject({ kind: 'quota' });
    expect(store.snapshot.state.cards['mem-a']).toBeDefined();
    fs.failSet = null;
    expect(store.retry()).toEqual({ ok: true });
    expect(store.snapshot.notice).toBeNull();
    expect(fs.data.has(STORAGE_KEY)).toBe(true);
  });

  it('flags unreadable entries, keeps them on save, removes them on request', () => {
    const { fs, store } = setup(JSON.stringify({ version: 1, cards: { broken: { x: 1 } } }));
    expect(store.snapshot.notice).toEqual({ kind: 'unreadable', count: 1 });
    store.grade('mem-a', 'remembered');
    expect(JSON.parse(fs.data.get(STORAGE_KEY)!).cards.broken).toEqual({ x: 1 });
    store.removeUnreadable();
    expect(JSON.parse(fs.data.get(STORAGE_KEY)!).cards.broken).toBeUndefined();
    expect(store.snapshot.notice).toBeNull();
  });

  it('exports and imports a file, the latest review of each prompt winning', () => {
    const a = setup();
    a.store.grade('mem-a', 'remembered');
    a.store.grade('mem-b', 'remembered');
    const file = a.store.exportText();
    expect(JSON.parse(file)).toMatchObject({ format: EXPORT_FORMAT, version: 1 });

    const b = setup();
    b.advance(DAY_MS);
    b.store.grade('mem-b', 'forgot'); // more recent than the file's mem-b
    const r = b.store.importText(file);
    expect(r).toMatchObject({ ok: true, changed: 1 });
    expect(b.store.snapshot.state.cards['mem-a'].lastAt).toBe(T0);
    expect(b.store.snapshot.state.cards['mem-b'].lastGrade).toBe('forgot');
    expect(b.store.importText('{"version":1,"cards":{}}')).toEqual({
      ok: false,
      detail: 'the file is not a review-state export of this site',
    });
    expect(b.store.importText('<html>')).toEqual({ ok: false, detail: 'the file is not JSON' });
  });

  it('reload keeps answers made in memory while storage was unusable', () => {
    const { fs, store } = setup();
    fs.failSet = quotaError();
    store.grade('mem-a', 'remembered');
    fs.failSet = null;
    store.reload();
    expect(store.snapshot.state.cards['mem-a']).toBeDefined();
  });
});
