// The shipped main run (models/main, the paper's setup: p = 113, 30% of pairs) shows what the essay claims,
// read from the shipped files:
// memorization early, grokking late, restricted loss falling before test loss, excluded loss rising
// during circuit formation, the weight norm falling during cleanup, a few key frequencies dominating
// W_E; and the logged metrics are what the shipped checkpoints give when run again in ONNX Runtime.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadRun } from '../../../src/lib/runs/load.node';
import { detectPhases } from '../../../src/lib/runs/phases';
import type { RunData } from '../../../src/lib/runs/types';
import { ModelRuntime } from '../../../src/lib/inference/runtime';
import { manifestFile } from '../../../src/lib/runs/manifest';
import { fileFetch, loadOrtNode } from '../../../src/lib/inference/ort-node.node';
import { decodeBitset } from '../../../src/lib/analysis/bitset';
import { mirrorAccuracy } from '../../../src/lib/analysis/mirror';
import { computeMetrics } from '../../../src/lib/analysis/metrics';
import { readOnnx } from '../../../src/lib/train/onnx/read-weights';

const ROOT = resolve(import.meta.dirname, '../../..');
let run: RunData;
let p: number;
let train: Uint8Array;
let steps: number;

const at = (step: number) => {
  const row = run.metrics.find((r) => r.step >= step);
  if (!row) throw new Error(`no metrics at or after step ${step}`);
  return row;
};
/** First logged step where f holds. */
const firstStep = (f: (r: RunData['metrics'][number]) => boolean) => run.metrics.find(f)?.step ?? Infinity;

beforeAll(() => {
  run = loadRun('main', { dir: join(ROOT, 'models') });
  p = run.manifest.config.p;
  train = decodeBitset(run.manifest.split.trainBitset, p * p);
  steps = Number(run.manifest.config.steps);
});

describe('the shipped main run', () => {
  it('is complete and every file matches its sha256', async () => {
    expect(run.manifest.status).toBe('complete');
    expect(run.manifest.step).toBe(steps);
    const { createHash } = await import('node:crypto');
    for (const f of run.manifest.files) {
      const bytes = readFileSync(join(ROOT, 'models', 'main', f.path));
      expect(createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
    }
    expect(run.manifest.checkpoints.length).toBeGreaterThanOrEqual(80);
    // The checkpoints fit the budget: at most 40 MB for the run's ONNX files.
    const onnxBytes = run.manifest.files.filter((f) => f.path.endsWith('.onnx')).reduce((a, f) => a + f.bytes, 0);
    expect(onnxBytes).toBeLessThanOrEqual(40e6);
  });

  it('is the paper setup: p = 113, 30% of the pairs, the unembedding maps to the p answers', () => {
    const c = run.manifest.config as typeof run.manifest.config & { model: { d_vocab_out?: number } };
    expect(c.p).toBe(113);
    expect(c.trainFrac).toBe(0.3);
    expect(c.model.d_vocab_out).toBe(113);
    expect(run.manifest.split.nTrain).toBe(3831);
    expect(run.metrics[0].trainLoss).toBeCloseTo(Math.log(113), 0);
  });

  it('trained well past cleanup: test accuracy >= 99% for as long as cleanup took, weight norm nearly flat', () => {
    const ph = detectPhases(run.metrics);
    expect(ph.grokked).not.toBeNull();
    expect(run.metrics.at(-1)!.testAcc).toBeGreaterThanOrEqual(0.99);
    const cleanup = ph.grokked! - ph.cleanupStart!;
    const after = run.metrics.filter((r) => r.step >= ph.grokked!);
    expect(after.every((r) => r.testAcc >= 0.99)).toBe(true);
    expect(steps - ph.grokked!).toBeGreaterThanOrEqual(cleanup);
  });

  it('memorizes early while held-out pairs it cannot get by symmetry stay at chance', () => {
    const ph = detectPhases(run.metrics);
    expect(ph.fit).not.toBeNull();
    expect(ph.fit!).toBeLessThan(0.05 * steps); // train accuracy 100% within the first 5% of training
    // At that point, test accuracy is far from its final value ...
    expect(at(ph.fit!).testAcc).toBeLessThan(0.15);
    // ... and on held-out pairs whose mirror (b, a) is held out too it is at or below chance (1/p),
    // the honest measure of generalization (the rest of test accuracy is commutativity, see mirror.ts).
    const ck = run.checkpoints.find((c) => c.step >= ph.fit!)!;
    const m = mirrorAccuracy(p, train, decodeBitset(ck.correct, p * p));
    expect(m.mirrorHeldOut.accuracy).toBeLessThanOrEqual(1 / p);
    // Chapter 1's mirror aside: at the last checkpoint before cleanup the pairs no table can answer are still
    // almost all wrong (< 10%), and what test accuracy there is, is almost all commutativity (> 80% of it).
    const beforeCleanup = run.checkpoints.findLast((c) => c.step <= ph.cleanupStart!)!;
    const mc = mirrorAccuracy(p, train, decodeBitset(beforeCleanup.correct, p * p));
    expect(mc.mirrorHeldOut.accuracy).toBeLessThan(0.1);
    expect(mc.mirrorTrained.correct / (mc.mirrorTrained.correct + mc.mirrorHeldOut.correct)).toBeGreaterThan(0.8);
    // Chapter 1: at the test-loss peak the network is confidently wrong about most test pairs.
    expect(at(ph.memorizationEnd!).testAcc).toBeLessThan(0.5);
    // Grokking comes much later than memorization.
    expect(ph.grokked).not.toBeNull();
    expect(ph.grokked!).toBeGreaterThan(10 * ph.fit!);
  });

  it('restricted loss falls clearly before test loss does', () => {
    // Both measured on the same scale (cross-entropy); thresholds 1 and 0.1 nat, well below the ln p of guessing.
    const restricted = firstStep((r) => r.restrictedLoss < 1);
    const test = firstStep((r) => r.testLoss < 1);
    expect(restricted).toBeLessThan(Infinity);
    expect(test).toBeLessThan(Infinity);
    expect(test - restricted).toBeGreaterThan(0.1 * steps);
    const restricted01 = firstStep((r) => r.restrictedLoss < 0.1);
    const test01 = firstStep((r) => r.testLoss < 0.1);
    expect(test01).toBeLessThan(Infinity);
    expect(test01 - restricted01).toBeGreaterThanOrEqual(500);
  });

  it('excluded loss rises during circuit formation, and the weight norm falls during cleanup', () => {
    const ph = detectPhases(run.metrics);
    const memEnd = at(ph.memorizationEnd!);
    const cleanStart = at(ph.cleanupStart!);
    const grokked = at(ph.grokked!);
    const maxExcludedBeforeGrok = Math.max(...run.metrics.filter((r) => r.step <= ph.grokked!).map((r) => r.excludedLoss));
    expect(maxExcludedBeforeGrok).toBeGreaterThanOrEqual(100 * memEnd.excludedLoss);
    expect(cleanStart.excludedLoss).toBeGreaterThan(5 * memEnd.excludedLoss);
    expect(grokked.weightNorm).toBeLessThan(0.8 * cleanStart.weightNorm);
    const peakNorm = Math.max(...run.metrics.map((r) => r.weightNorm));
    expect(run.metrics.at(-1)!.weightNorm).toBeLessThan(0.5 * peakNorm);
  });

  it('a handful of key frequencies dominate W_E, with a Gini far above its value at initialisation', () => {
    const last = run.checkpoints.at(-1)!;
    const first = run.checkpoints[0];
    expect(first.step).toBe(0);
    expect(last.keyFreqs.length).toBeGreaterThanOrEqual(3);
    expect(last.keyFreqs.length).toBeLessThanOrEqual(8);
    const sq = last.fourierWE.map((x) => x * x);
    const total = sq.reduce((a, b) => a + b, 0);
    const key = last.keyFreqs.reduce((a, k) => a + sq[k], 0);
    expect(key / total).toBeGreaterThan(0.5);
    // Each key frequency holds at least 5% of W_E's Fourier norm (sum of the per-frequency norms).
    const norm = last.fourierWE.reduce((a, x) => a + x, 0);
    for (const k of last.keyFreqs) expect(last.fourierWE[k] / norm, `k = ${k}`).toBeGreaterThanOrEqual(0.05);
    const g0 = run.metrics[0].giniWE;
    const g1 = run.metrics.at(-1)!.giniWE;
    expect(g1).toBeGreaterThan(5 * g0);
  });
});

describe('the shipped checkpoints, run again in ONNX Runtime (WASM)', () => {
  const rt = new ModelRuntime({ loadOrt: loadOrtNode, backend: 'wasm', fetchImpl: fileFetch });
  const load = (path: string) =>
    rt.load(join('models', 'main', path), { p, expected: manifestFile(run.manifest, path) });

  it('the last checkpoint gets at least 99% of the held-out pairs right', async () => {
    const last = run.manifest.checkpoints.at(-1)!;
    const model = await load(last.onnx);
    const out = await model.runAllPairs({ chunkSize: 4096 });
    let right = 0, total = 0;
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) {
        const i = a * p + b;
        if ((train[i >> 3] >> (i & 7)) & 1) continue;
        const dv = out.dims.d_vocab; // the logits' width: p answers
        let best = 0;
        for (let c = 1; c < dv; c++) if (out.logits[i * dv + c] > out.logits[i * dv + best]) best = c;
        right += best === (a + b) % p ? 1 : 0;
        total++;
      }
    }
    expect(total).toBe(run.manifest.split.nTest);
    expect(right / total).toBeGreaterThanOrEqual(0.99);
  }, 300_000);

  // Checkpoints keep fp16 weights (cast to fp32 in the graph), so recomputed values differ from the
  // logged fp32 ones by rounding: losses within 2% relative + 1e-3 absolute, accuracies within 0.5
  // percentage points, sum of squared weights within 0.1%, Gini within 0.01.
  it('metrics recomputed from three checkpoints match the logged ones', async () => {
    const cks = run.manifest.checkpoints;
    const chosen = [cks[Math.floor(cks.length * 0.3)], cks[Math.floor(cks.length * 0.6)], cks.at(-1)!];
    const lossFreqs = run.checkpoints.at(-1)!.keyFreqs;
    for (const ck of chosen) {
      const logged = run.metrics.find((r) => r.step === ck.step)!;
      expect(logged, `metrics at checkpoint ${ck.step}`).toBeDefined();
      const model = await load(ck.onnx);
      const out = await model.runAllPairs({ chunkSize: 4096 });
      const { weights } = readOnnx(new Uint8Array(readFileSync(join(ROOT, 'models', 'main', ck.onnx))));
      const { metrics } = computeMetrics({ weights, logits: out.logits, mlpPost: out.mlpPost, trainBits: train }, { lossFreqs });
      const close = (got: number, want: number, what: string) =>
        expect(Math.abs(got - want), `${what} at step ${ck.step}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-3 + 0.02 * Math.abs(want));
      close(metrics.trainLoss, logged.trainLoss, 'train loss');
      close(metrics.testLoss, logged.testLoss, 'test loss');
      close(metrics.restrictedLoss, logged.restrictedLoss, 'restricted loss');
      close(metrics.excludedLoss, logged.excludedLoss, 'excluded loss');
      expect(Math.abs(metrics.trainAcc - logged.trainAcc)).toBeLessThanOrEqual(0.005);
      expect(Math.abs(metrics.testAcc - logged.testAcc)).toBeLessThanOrEqual(0.005);
      expect(Math.abs(metrics.weightNorm - logged.weightNorm) / logged.weightNorm).toBeLessThanOrEqual(1e-3);
      expect(Math.abs(metrics.giniWE - logged.giniWE)).toBeLessThanOrEqual(0.01);
    }
  }, 300_000);
});
