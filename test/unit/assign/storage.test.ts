// The draft and progress in localStorage: corrupt data is never overwritten, a full storage keeps the
// work in the page with a message, and nothing throws.
import { describe, expect, it } from 'vitest';
import { addMessage, addToDraft, DRAFT_KEY, loadDraft, saveDraft } from '../../../src/lib/assign/draft';
import { LIMITS } from '../../../src/lib/assign/lesson';
import { loadProgress, progressKey, saveProgress } from '../../../src/lib/assign/progress';
import { savedMessage } from '../../../src/lib/assign/stored';
import { FakeStorage, quotaError } from '../recall/fake-storage';

const clock = { kind: 'figure' as const, figure: 'clock', query: 'clock.a=3', note: '' };

describe('the draft', () => {
  it('starts empty, adds steps and reads them back', () => {
    const s = new FakeStorage();
    expect(loadDraft(s)).toEqual({ status: 'ok', value: null });
    expect(addToDraft(s, clock)).toEqual({ ok: true, count: 1 });
    expect(addToDraft(s, { kind: 'prompt', prompt: 'mem-split', note: 'n' })).toEqual({ ok: true, count: 2 });
    expect(loadDraft(s)).toEqual({ status: 'ok', value: { title: '', steps: [clock, { kind: 'prompt', prompt: 'mem-split', note: 'n' }] } });
    expect(addMessage({ ok: true, count: 2 })).toBe('Added: your assignment has 2 steps.');
  });

  it('never overwrites a draft it cannot read', () => {
    for (const raw of ['{broken', '{"version":2,"title":"","steps":[]}', '{"version":1,"title":"t","steps":[{"kind":"quiz"}]}', 'null']) {
      const s = new FakeStorage();
      s.data.set(DRAFT_KEY, raw);
      expect(loadDraft(s)).toEqual({ status: 'corrupt', value: null, raw });
      const r = addToDraft(s, clock);
      expect(r).toEqual({ ok: false, reason: 'corrupt', count: 0 });
      expect(addMessage(r)).toMatch(/could not be read/);
      expect(s.data.get(DRAFT_KEY)).toBe(raw);
    }
  });

  it('says when storage is full or blocked, and stops at the step limit', () => {
    const s = new FakeStorage();
    s.failSet = quotaError();
    const r = addToDraft(s, clock);
    expect(r).toEqual({ ok: false, reason: 'quota', count: 0 });
    expect(addMessage(r)).toMatch(/full/);
    expect(savedMessage(saveDraft(s, { title: '', steps: [] }), 'your assignment')).toMatch(/full, so your assignment is kept in this tab only/);
    expect(addToDraft(null, clock)).toEqual({ ok: false, reason: 'unavailable', count: 0 });
    const full = new FakeStorage();
    saveDraft(full, { title: '', steps: Array.from({ length: LIMITS.steps }, () => clock) });
    expect(addToDraft(full, clock)).toEqual({ ok: false, reason: 'full', count: LIMITS.steps });
  });
});

describe('progress', () => {
  it('is kept per lesson, and unreadable progress is reported, not replaced', () => {
    const s = new FakeStorage();
    const p = { current: 2, name: 'Ada', answers: { '1': 'x' }, revealed: [1] };
    expect(saveProgress(s, 'k1', p)).toEqual({ ok: true });
    expect(loadProgress(s, 'k1')).toEqual({ status: 'ok', value: p });
    expect(loadProgress(s, 'k2')).toEqual({ status: 'ok', value: null });
    s.data.set(progressKey('k3'), '{"version":1,"current":0,"name":"","answers":{"__proto__":"x"}}');
    expect(loadProgress(s, 'k3').status).toBe('corrupt');
  });
});
