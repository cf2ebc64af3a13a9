// The Chomsky table's summaries (src/lib/runs/deletang.ts), the rules its prose follows (deletang-facts.ts),
// the keys readers type into the live probe, and the lists the figure registry repeats, on synthetic runs.
import { describe, expect, it } from 'vitest';
import { ARCH_ORDER, summarizeCell, type DeletangRun } from '../../../src/lib/runs/deletang';
import { disagreements } from '../../../src/lib/runs/deletang-facts';
import { PROBLEMS, taskOf } from '../../../src/lib/tasks/deletang-batch';
import { ALL_KEYS, formatKeys, keysOf, parseKeys } from '../../../src/lib/tasks/deletang-keys';
import { figures, TABLE_ARCHS, TABLE_PROBLEMS } from '../../../src/lib/figure-state/registry';

function run(seed: number, inRange: number, beyond: number, o: Partial<DeletangRun> = {}): DeletangRun {
  const points = Array.from({ length: 80 }, (_, i) => ({ length: i + 1, accuracy: i < 10 ? inRange : beyond }));
  return {
    id: `r${seed}`, problem: 'parity-check', arch: 'rnn', seed, url: '', sha256: '', bytes: 0, trainMaxLen: 10, evalMaxLen: 80,
    perLength: 128, maxPositions: 0, step: 1000, stoppedAt: 3000, trainSeconds: 1, machine: 'm', points, inRange, beyond,
    fit: inRange >= 0.9, config: {}, ...o,
  };
}

describe('table cells', () => {
  it('score only the seeds that fit: best and median over them, and show the best', () => {
    const c = summarizeCell([run(2, 0.95, 0.6), run(1, 0.99, 0.7), run(3, 0.5, 0.99)]);
    expect(c.fitted.map((r) => r.seed)).toEqual([1, 2]);
    expect(c.best).toBe(0.7);
    expect(c.median).toBeCloseTo(0.65);
    expect(c.shown.seed).toBe(1);
  });

  it('a cell where no seed fits has no score, and shows the seed closest to fitting', () => {
    const c = summarizeCell([run(1, 0.5, 0.5), run(2, 0.8, 0.9)]);
    expect(c.best).toBeNull();
    expect(c.median).toBeNull();
    expect(c.shown.seed).toBe(2);
  });

  it('a disagreement is a cell that did not fit or whose best is ≥ 10 points from the paper, each with its reason', () => {
    const agree = summarizeCell([run(1, 1, 0.95), run(2, 1, 0.99), run(3, 1, 1)]); // RNN on parity: paper 100
    const drift = summarizeCell([run(1, 1, 0.4), run(2, 1, 0.45), run(3, 1, 0.43)]);
    const unfit = summarizeCell([run(1, 0.6, 0.5, { arch: 'lstm' }), run(2, 0.7, 0.5, { arch: 'lstm' }), run(3, 0.5, 0.5, { arch: 'lstm' })]);
    const d = disagreements([agree, drift, unfit]);
    expect(d.map((x) => x.kind)).toEqual(['lower', 'did-not-fit']);
    expect(d[0].sentence).toMatch(/45% against their 100.0%.*drifted/);
    expect(d[1].sentence).toMatch(/none of our 3 seeds reached 90%.*the best, 70%/);
  });
});

describe('the live probe and the registry', () => {
  it('every task has one key per input token, in the link alphabet, and typing round-trips', () => {
    for (const p of PROBLEMS) {
      const keys = keysOf(p);
      expect(keys.length, p).toBe(taskOf(p).inputSize);
      for (const k of keys) expect(ALL_KEYS).toContain(k);
      const toks = Int32Array.from({ length: 12 }, (_, i) => i % keys.length);
      expect([...parseKeys(p, formatKeys(p, toks))]).toEqual([...toks]);
      expect([...parseKeys(p, `${formatKeys(p, toks)}<z `)]).toEqual([...toks]);
    }
    expect(figures['task-probe'].schema.text.alphabet).toBe(ALL_KEYS);
  });

  it('the registry lists the same problems and architectures as the tasks and runs', () => {
    expect([...TABLE_PROBLEMS]).toEqual([...PROBLEMS]);
    expect([...TABLE_ARCHS]).toEqual([...ARCH_ORDER]);
  });
});
