import { describe, expect, it } from 'vitest';
import { schedule } from '../../../src/lib/recall/scheduler.ts';
import { emptyState, parseState, serializeState, STATE_VERSION } from '../../../src/lib/recall/state.ts';
import { isQuotaError, load, reset, save, STORAGE_KEY } from '../../../src/lib/recall/storage.ts';
import { FakeStorage, quotaError } from './fake-storage.ts';

const T0 = Date.UTC(2026, 0, 10, 12);
const stateWith = (...ids: string[]) => {
  const s = emptyState();
  for (const id of ids) s.cards[id] = schedule(undefined, 'remembered', T0);
  return s;
};

describe('review state storage', () => {
  it('round-trips a state through storage', () => {
    const fs = new FakeStorage();
    const s = stateWith('mem-a', 'alg-b');
    s.cards['alg-b'] = schedule(s.cards['alg-b'], 'forgot', T0 + 5 * 86_400_000);
    expect(save(fs, s)).toEqual({ ok: true });
    const r = load(fs);
    expect(r.status).toBe('ok');
    expect(r.state).toEqual(s);
    expect(JSON.parse(fs.data.get(STORAGE_KEY)!).version).toBe(STATE_VERSION);
  });

  it('reads nothing saved as an empty state', () => {
    expect(load(new FakeStorage())).toEqual({ status: 'ok', state: emptyState(), raw: null });
  });

  it('reports corrupt JSON without throwing or touching the saved text or other keys', () => {
    const fs = new FakeStorage();
    fs.data.set(STORAGE_KEY, '{"version":1,"cards":{');
    fs.data.set('grokking-gradually:theme', 'dark');
    const r = load(fs);
    expect(r.status).toBe('corrupt');
    if (r.status !== 'corrupt') return;
    expect(r.detail).toMatch(/not valid JSON/);
    expect(r.raw).toBe('{"version":1,"cards":{');
    expect(r.state).toEqual(emptyState());
    expect(fs.data.get('grokking-gradually:theme')).toBe('dark');
  });

  it.each([
    ['null', /not an object/],
    ['[1,2]', /not an object/],
    ['{"version":1}', /no "cards" object/],
    ['{"version":1,"cards":[]}', /no "cards" object/],
  ])('reports %s as corrupt', (raw, msg) => {
    const r = parseState(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe('corrupt');
      expect(r.detail).toMatch(msg);
    }
  });

  it('reports another version as such, naming both versions', () => {
    const fs = new FakeStorage();
    fs.data.set(STORAGE_KEY, JSON.stringify({ version: 2, cards: {} }));
    const r = load(fs);
    expect(r.status).toBe('version');
    if (r.status === 'version') expect(r.detail).toBe('the saved data has version 2, this page reads version 1');
    expect(parseState('{"cards":{}}')).toMatchObject({ ok: false, reason: 'version' });
  });

  it('keeps unreadable entries aside and writes them back unchanged', () => {
    const good = schedule(undefined, 'remembered', T0);
    const bad = { intervalDays: -3, dueAt: 'soon' };
    const raw = JSON.stringify({ version: 1, cards: { good, bad, worse: null } });
    const r = parseState(raw);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.keys(r.state.cards)).toEqual(['good']);
    expect(r.state.unreadable).toEqual({ bad, worse: null });
    expect(JSON.parse(serializeState(r.state))).toEqual(JSON.parse(raw));
  });

  it('rejects cards whose numbers cannot be right', () => {
    const good = schedule(undefined, 'remembered', T0);
    for (const broken of [
      { ...good, reviews: 0 },
      { ...good, lapses: 2 },
      { ...good, dueAt: Number.NaN },
      { ...good, lastGrade: 'meh' },
      { ...good, intervalDays: 0 },
    ]) {
      const r = parseState(JSON.stringify({ version: 1, cards: { x: broken } }));
      expect(r.ok && Object.keys(r.state.unreadable)).toEqual(['x']);
    }
  });

  it('turns a full storage into a quota result and leaves what was saved before', () => {
    const fs = new FakeStorage();
    save(fs, stateWith('a'));
    const before = fs.data.get(STORAGE_KEY);
    fs.failSet = quotaError();
    const r = save(fs, stateWith('a', 'b'));
    expect(r).toEqual({ ok: false, reason: 'quota', detail: "this browser's storage for the site is full" });
    expect(fs.data.get(STORAGE_KEY)).toBe(before);
  });

  it('recognises quota errors across browsers, and not other errors', () => {
    expect(isQuotaError(quotaError())).toBe(true);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaError({ code: 22 })).toBe(true);
    expect(isQuotaError(new Error('boom'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });

  it('reports other write errors and a missing or throwing storage', () => {
    const fs = new FakeStorage();
    fs.failSet = new DOMException('no', 'SecurityError');
    expect(save(fs, emptyState())).toMatchObject({ ok: false, reason: 'error' });
    expect(save(null, emptyState())).toMatchObject({ ok: false, reason: 'unavailable' });
    expect(load(null).status).toBe('unavailable');
    fs.failGet = new DOMException('denied', 'SecurityError');
    expect(load(fs)).toMatchObject({ status: 'unavailable', detail: 'reading storage failed (denied)' });
  });

  it('resets only its own key', () => {
    const fs = new FakeStorage();
    fs.data.set(STORAGE_KEY, 'garbage');
    fs.data.set('grokking-gradually:theme', 'dark');
    fs.data.set('other-site', 'x');
    expect(reset(fs)).toEqual({ ok: true });
    expect([...fs.data.keys()].sort()).toEqual(['grokking-gradually:theme', 'other-site']);
  });
});
