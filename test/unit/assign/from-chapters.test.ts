// "Questions from whole chapters" (src/lib/assign/from-chapters.ts): the chosen chapters' prompts in the
// essay's order, none twice, a random `count` of them when asked, and no more than the assignment has room for.
import { describe, expect, it } from 'vitest';
import { fromChaptersMessage, questionsFromChapters } from '../../../src/lib/assign/from-chapters';
import type { Step } from '../../../src/lib/assign/lesson';
import type { ChapterPrompt } from '../../../src/lib/recall/schema';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flattenPrompts } from '../../../src/lib/recall/prompts';
import { promptFileSchema } from '../../../src/lib/recall/schema';
import { Rng } from '../../../src/lib/tasks/prng';

// The shipped prompts, as the builder's catalog gets them.
const dir = join(import.meta.dirname, '../../../content/recall');
const prompts: ChapterPrompt[] = flattenPrompts(
  readdirSync(dir).map((f) => ({ id: f.replace(/\.json$/, ''), data: promptFileSchema.parse(JSON.parse(readFileSync(join(dir, f), 'utf8'))) })),
);
const seeded = (seed: number) => {
  const r = new Rng(seed, 'from-chapters-test');
  return () => r.next();
};
const ids = (steps: Step[]) => steps.map((s) => (s.kind === 'prompt' ? s.prompt : `figure:${s.figure}`));
const order = new Map(prompts.map((p, i) => [p.id, i]));

describe('questionsFromChapters', () => {
  const [first, second] = [...new Set(prompts.map((p) => p.chapter))];

  it('takes every prompt of the chosen chapters, in the essay order, and nothing else', () => {
    const r = questionsFromChapters(prompts, [second, first], null, [], 30, Math.random);
    const want = prompts.filter((p) => p.chapter === first || p.chapter === second).map((p) => p.id);
    expect(want.length).toBeGreaterThan(10);
    expect(ids(r.steps)).toEqual(want.slice(0, 30));
    expect(r.steps.every((s) => s.kind === 'prompt' && s.note === '')).toBe(true);
    expect(r.already).toBe(0);
    expect(r.cut).toBe(Math.max(0, want.length - 30));
  });

  it('leaves out questions the assignment already has, and counts them', () => {
    const own = prompts.filter((p) => p.chapter === first);
    const have: Step[] = [{ kind: 'figure', figure: 'clock', query: '', note: '' }, { kind: 'prompt', prompt: own[0].id, note: 'mine' }];
    const r = questionsFromChapters(prompts, [first], null, have, 28, Math.random);
    expect(ids(r.steps)).toEqual(own.slice(1).map((p) => p.id));
    expect(r.already).toBe(1);
    expect(fromChaptersMessage(r)).toBe(`Added ${own.length - 1} questions; 1 was already in the assignment.`);
  });

  it('picks a random few, still in the essay order, and different few for different draws', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed < 40; seed++) {
      const r = questionsFromChapters(prompts, [first, second], 4, [], 30, seeded(seed));
      const got = ids(r.steps);
      expect(got.length).toBe(4);
      expect(new Set(got).size).toBe(4);
      expect(got.every((id) => [first, second].includes(prompts[order.get(id)!].chapter))).toBe(true);
      expect([...got].sort((a, b) => order.get(a)! - order.get(b)!)).toEqual(got);
      seen.add(got.join());
    }
    expect(seen.size).toBeGreaterThan(20);
  });

  it('stops where the assignment is full, and says how many did not fit', () => {
    const r = questionsFromChapters(prompts, [first], null, [], 3, Math.random);
    const n = prompts.filter((p) => p.chapter === first).length;
    expect(r.steps.length).toBe(3);
    expect(r.cut).toBe(n - 3);
    expect(fromChaptersMessage(r)).toBe(`Added 3 questions; ${n - 3} did not fit (an assignment holds at most 30 steps).`);
    const none = questionsFromChapters(prompts, [first], null, [], 0, Math.random);
    expect(fromChaptersMessage(none)).toBe(`No questions added; ${n} did not fit (an assignment holds at most 30 steps).`);
  });

  it('adds nothing for no chapter or a count of 0', () => {
    expect(questionsFromChapters(prompts, [], null, [], 30, Math.random).steps).toEqual([]);
    expect(questionsFromChapters(prompts, [first], 0, [], 30, Math.random).steps).toEqual([]);
  });
});
