// The shipped Chomsky-table runs (models/deletang-*): every file matches its manifest, every (task,
// architecture) cell has ≥ 3 seeds, and every table cell (the best and the median score of the seeds that
// fit, over the lengths longer than the training ones) is recomputed here from the shipped model.onnx
// files with ONNX Runtime, on FRESH random inputs (a fixed seed, other strings than the trainer's), and
// matches the table, which is built from curve.json, within 2 points. The page runs the same functions
// (src/widgets/chomsky/DeletangRuntime.ts). The scratchpad is the exception: it writes one note per pass,
// so scoring length n costs n passes and all of 11-80 would take minutes a seed; its checkpoints are
// scored on fresh inputs at SCRATCHPAD_LENGTHS and compared with curve.json at those lengths, within
// 4 points (fewer samples), and curve.json -> table is checked by test/unit/runs/deletang.test.ts.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deletangRuns } from '../../../src/lib/runs/deletang.node';
import { cellsOf, median, type DeletangRun } from '../../../src/lib/runs/deletang';
import { batchAccuracy, makeBatch, runningParity, sampleBatch, taskOf } from '../../../src/lib/tasks/deletang-batch';
import { Rng } from '../../../src/lib/tasks/prng';
import { batchPositions, predictBatch, scratchpadNotes } from '../../../src/widgets/chomsky/DeletangRuntime';
import { loadOrtNode } from '../../../src/lib/inference/ort-node.node';

const MODELS = join(import.meta.dirname, '../../../models');
const runs = deletangRuns();
const cells = cellsOf(runs);
/** Fresh strings per length: a different seed from the trainer's evaluation sets (DELETANG_EVAL_SEED). */
const FRESH = 64;
const FRESH_SEED = 4242;

/** Lengths beyond training at which the scratchpad runs are rescored (their cost grows as n²). */
const SCRATCHPAD_LENGTHS = [11, 20, 40, 80];
const mean = (xs: number[]) => xs.reduce((s, a) => s + a, 0) / xs.length;

/** Mean pooled accuracy over `lengths` on fresh inputs, from model.onnx. */
async function freshAccuracy(r: DeletangRun, lengths: number[]): Promise<number> {
  const ort = await loadOrtNode();
  const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(join(MODELS, r.id, 'model.onnx'))));
  const pe = r.arch === 'transformer' ? 'sinusoidal' : r.arch === 'transformer-rpe' ? 'randomized' : null;
  const accs: number[] = [];
  if (r.problem === 'parity-scratchpad') {
    // Each length on its own (its notes fed back one pass at a time), scored on its last note.
    for (const n of lengths) {
      const b = sampleBatch('parity-scratchpad', new Rng(FRESH_SEED, `scratchpad-n${n}`), FRESH, n);
      const { notes } = await scratchpadNotes(ort, session, b, batchPositions(pe, new Rng(FRESH_SEED, `positions-n${n}`), b, r.maxPositions));
      let right = 0;
      b.samples.forEach((s, i) => (right += Number(notes[i * n + n - 1] === runningParity(s.input)[n - 1])));
      accs.push(right / b.B);
    }
  } else {
    for (const n of lengths) {
      const b = sampleBatch(r.problem, new Rng(FRESH_SEED, `${taskOf(r.problem).id}-n${n}`), FRESH, n);
      const pos = batchPositions(pe, new Rng(FRESH_SEED, `positions-n${n}`), b, r.maxPositions);
      accs.push(batchAccuracy(await predictBatch(ort, session, b, pos), b));
    }
  }
  await session.release();
  return mean(accs);
}

const beyondLengths = (r: DeletangRun) => Array.from({ length: r.evalMaxLen - r.trainMaxLen }, (_, i) => r.trainMaxLen + 1 + i);

describe('shipped Chomsky-table runs', () => {
  it('has ≥ 5 tasks (regular ≥ 2, deterministic context-free ≥ 2, context-sensitive ≥ 1) × 4 architectures, ≥ 3 seeds each, and the scratchpad', () => {
    const levels = new Map<string, Set<string>>();
    for (const c of cells) {
      if (c.problem === 'parity-scratchpad') continue;
      const level = taskOf(c.problem).level;
      levels.set(level, (levels.get(level) ?? new Set()).add(c.problem));
      expect(c.runs.length, `${c.problem} ${c.arch}`).toBeGreaterThanOrEqual(3);
    }
    expect(levels.get('regular')?.size).toBeGreaterThanOrEqual(2);
    expect(levels.get('dcf')?.size).toBeGreaterThanOrEqual(2);
    expect(levels.get('cs')?.size).toBeGreaterThanOrEqual(1);
    expect(cells.filter((c) => c.problem !== 'parity-scratchpad').length).toBeGreaterThanOrEqual(20);
    expect(cells.find((c) => c.problem === 'parity-scratchpad')?.runs.length).toBeGreaterThanOrEqual(3);
  });

  it.each(runs.map((r) => r.id))('%s: its files match the manifest', (id) => {
    const m = JSON.parse(readFileSync(join(MODELS, id, 'manifest.json'), 'utf8')) as { files: { path: string; sha256: string; bytes: number }[] };
    for (const f of m.files) {
      const data = readFileSync(join(MODELS, id, f.path));
      expect(data.byteLength, f.path).toBe(f.bytes);
      expect(createHash('sha256').update(data).digest('hex'), f.path).toBe(f.sha256);
    }
  });

  const tableCells = cells.filter((c) => c.problem !== 'parity-scratchpad');
  it.each(tableCells.map((c) => [`${c.problem} × ${c.arch}`, c] as const))('%s: best and median recomputed from the checkpoints on fresh inputs, within 2 points', async (_, c) => {
    const fresh = new Map<string, number>();
    for (const r of c.fitted) fresh.set(r.id, await freshAccuracy(r, beyondLengths(r)));
    if (c.best === null) {
      expect(c.fitted).toEqual([]); // "did not fit": no score to recompute
      return;
    }
    const scores = c.fitted.map((r) => fresh.get(r.id)!);
    expect(Math.abs(Math.max(...scores) - c.best)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(median(scores) - c.median!)).toBeLessThanOrEqual(0.02);
  }, 300_000);

  const scratchpad = runs.filter((r) => r.problem === 'parity-scratchpad');
  it.each(scratchpad.map((r) => r.id))(`%s: its checkpoint, on fresh inputs at lengths ${SCRATCHPAD_LENGTHS.join(', ')}, scores what curve.json says there, within 4 points`, async (id) => {
    const r = scratchpad.find((x) => x.id === id)!;
    const curveAt = mean(SCRATCHPAD_LENGTHS.map((n) => r.points.find((p) => p.length === n)!.accuracy));
    expect(Math.abs((await freshAccuracy(r, SCRATCHPAD_LENGTHS)) - curveAt)).toBeLessThanOrEqual(0.04);
  }, 300_000);
});
