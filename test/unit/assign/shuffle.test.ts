// "Shuffle the questions" (src/lib/assign/draft.ts shuffleQuestions): figures keep their places, the questions
// are the same set in another order, and every order can come out.
import { describe, expect, it } from 'vitest';
import { shuffleQuestions } from '../../../src/lib/assign/draft';
import type { Step } from '../../../src/lib/assign/lesson';
import { Rng } from '../../../src/lib/tasks/prng';

const fig = (figure: string): Step => ({ kind: 'figure', figure, query: '', note: '' });
const q = (prompt: string): Step => ({ kind: 'prompt', prompt, note: `note ${prompt}` });
const STEPS: Step[] = [fig('clock'), q('a'), q('b'), fig('pairs-grid'), q('c')];

function seeded(seed: number): () => number {
  const r = new Rng(seed, 'shuffle-test');
  return () => r.next();
}

describe('shuffleQuestions', () => {
  it('keeps every figure in place and the questions (with their notes) as a set', () => {
    for (let seed = 1; seed < 50; seed++) {
      const out = shuffleQuestions(STEPS, seeded(seed));
      expect(out[0]).toEqual(STEPS[0]);
      expect(out[3]).toEqual(STEPS[3]);
      expect([out[1], out[2], out[4]].map((s) => (s.kind === 'prompt' ? s.prompt + s.note : '')).sort()).toEqual(['anote a', 'bnote b', 'cnote c']);
    }
    expect(STEPS.map((s) => (s.kind === 'prompt' ? s.prompt : s.figure))).toEqual(['clock', 'a', 'b', 'pairs-grid', 'c']); // input untouched
  });

  it('reaches all 6 orders of 3 questions', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed < 200; seed++) seen.add(shuffleQuestions(STEPS, seeded(seed)).map((s) => (s.kind === 'prompt' ? s.prompt : '|')).join(''));
    expect(seen.size).toBe(6);
  });

  it('leaves a lesson with fewer than two questions as it is', () => {
    expect(shuffleQuestions([fig('clock'), q('a')], Math.random)).toEqual([fig('clock'), q('a')]);
    expect(shuffleQuestions([], Math.random)).toEqual([]);
  });
});
