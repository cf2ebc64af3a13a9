// The Chomsky chapter's claims about its own table, and the recall answers about it, checked against the
// shipped runs (models/deletang-*): if a retrained table disagrees with a sentence, this names it.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deletangCells } from '../../../src/lib/runs/deletang.node';
import { disagreements } from '../../../src/lib/runs/deletang-facts';
import type { Arch } from '../../../src/lib/runs/deletang';
import type { Problem } from '../../../src/lib/tasks/deletang-batch';

const cells = deletangCells();
const C = (p: Problem, a: Arch) => {
  const c = cells.find((x) => x.problem === p && x.arch === a);
  if (!c) throw new Error(`no cell ${p} × ${a}`);
  return c;
};
const at = (p: Problem, a: Arch, length: number) => C(p, a).shown.points.find((x) => x.length === length)!.accuracy;
const chapter = readFileSync(join(import.meta.dirname, '../../../content/chapters/05-chomsky.mdx'), 'utf8');
const recall = JSON.parse(readFileSync(join(import.meta.dirname, '../../../content/recall/05-chomsky.json'), 'utf8')) as { prompts: { id: string; a?: string }[] };
const answer = (id: string) => recall.prompts.find((p) => p.id === id)?.a ?? '';

describe('chapter 5 on its table', () => {
  it('"on parity the experiment comes out as theirs did": RNN and LSTM ≥ 95% beyond; both transformers fit and score near chance beyond', () => {
    expect(chapter).toContain('On parity the experiment comes out as theirs did');
    for (const a of ['rnn', 'lstm'] as const) expect(C('parity-check', a).best).toBeGreaterThanOrEqual(0.95);
    for (const a of ['transformer', 'transformer-rpe'] as const) {
      const c = C('parity-check', a);
      expect(c.best, a).not.toBeNull();
      expect(c.best!).toBeGreaterThan(0.4);
      expect(c.best!).toBeLessThan(0.6); // "Randomized positions did not rescue parity" too
    }
  });

  it('"above the regular level nothing generalized": every context-free and context-sensitive cell scores below 90%', () => {
    expect(chapter).toContain('Above the regular level nothing generalized');
    for (const c of cells) {
      if (['parity-check', 'cycle-navigation', 'even-pairs', 'parity-scratchpad'].includes(c.problem)) continue;
      expect(c.best ?? 0, `${c.problem} × ${c.arch}`).toBeLessThan(0.9);
    }
  });

  it('lists each disagreement with the paper once, with a reason', () => {
    const d = disagreements(cells);
    expect(new Set(d.map((x) => `${x.problem}|${x.arch}`)).size).toBe(d.length);
    for (const x of d) expect(x.sentence.length).toBeGreaterThan(60);
    expect(chapter).toContain('differ.map((d) =>');
  });

  it('ch-predict-lstm-parity: at length 80 the RNN and the LSTM are right on nearly every input, both transformers near 50%', () => {
    expect(answer('ch-predict-lstm-parity')).toMatch(/RNN and the LSTM are still right on nearly every input.*near 50%/s);
    for (const a of ['rnn', 'lstm'] as const) expect(at('parity-check', a, 80)).toBeGreaterThanOrEqual(0.95);
    for (const a of ['transformer', 'transformer-rpe'] as const) {
      expect(at('parity-check', a, 80)).toBeGreaterThan(0.35);
      expect(at('parity-check', a, 80)).toBeLessThan(0.65);
    }
  });

  it('ch-parity-beyond-training-lengths: our transformers fit lengths 1–10 (over 90%) and score about 50% beyond; RNN and LSTM about 100%', () => {
    expect(answer('ch-parity-beyond-training-lengths')).toMatch(/over 90%.*about 50%.*about 100%/s);
    for (const a of ['transformer', 'transformer-rpe'] as const) {
      expect(Math.max(...C('parity-check', a).runs.map((r) => r.inRange))).toBeGreaterThan(0.9);
      expect(Math.abs(C('parity-check', a).best! - 0.5)).toBeLessThan(0.06);
    }
    for (const a of ['rnn', 'lstm'] as const) expect(C('parity-check', a).best).toBeGreaterThanOrEqual(0.97);
  });

  it('ch-scratchpad: the transformer with a scratchpad generalizes far beyond the one answering in one pass', () => {
    const pad = C('parity-scratchpad', 'transformer-rpe');
    expect(pad.best).toBeGreaterThanOrEqual(0.9);
    expect(pad.best!).toBeGreaterThan(C('parity-check', 'transformer-rpe').best! + 0.3);
  });
});

describe('chapter 5 predict prompts on the live probe', () => {
  it('ch-predict-reverse: at length 40 every model gets 40–70% of the output symbols, after ≥ 90% on the training lengths', () => {
    expect(answer('ch-predict-reverse')).toMatch(/between 40% and 70%/);
    for (const a of ['transformer', 'transformer-rpe', 'rnn', 'lstm'] as const) {
      const acc = at('reverse-string', a, 40);
      expect(acc, a).toBeGreaterThanOrEqual(0.4);
      expect(acc, a).toBeLessThanOrEqual(0.7);
      expect(C('reverse-string', a).shown.inRange, a).toBeGreaterThanOrEqual(0.9);
    }
  });
});
