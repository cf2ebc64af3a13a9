// The shipped main run (models/main) shows what the essay claims, read from the shipped files:
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
import { manifestFile } from '../../../src/lib/inference/manifest';
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
    expect(run.manifest.checkpoints.length).toBeGreaterThanOrEqual(60);
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
    // It stays there for a long time: still below 5% a third of the way through the run.
    const later = run.checkpoints.find((c) => c.step >= steps / 3)!;
    expect(mirrorAccuracy(p, train, decodeBitset(later.correct, p * p)).mirrorHeldOut.accuracy).toBeLessThan(0.05);
    // Grokking comes much later than memorization.
    expect(ph.grokked).not.toBeNull();
    expect(ph.grokked!).toBeGreaterThan(10 * ph.fit!);
  });

  it('restricted loss falls clearly before test loss does', () => {
    // Both measured on the same scale (cross-entropy); threshold 1 nat, well below the ln p of guessing.
    const restricted = firstStep((r) => r.restrictedLoss < 1);
    const test = firstStep((r) => r.testLoss < 1);
    expect(restricted).toBeLessThan(Infinity);
    expect(test).toBeLessThan(Infinity);
    expect(test - restricted).toBeGreaterThan(0.2 * steps);
  });

  it('excluded loss rises during circuit formation, and the weight norm falls during cleanup', () => {
    const ph = detectPhases(run.metrics);
    const memEnd = at(ph.memorizationEnd!);
    const cleanStart = at(ph.cleanupStart!);
    const grokked = at(ph.grokked!);
    const maxExcludedBeforeGrok = Math.max(...run.metrics.filter((r) => r.step <= ph.grokked!).map((r) => r.excludedLoss));
    expect(maxExcludedBeforeGrok).toBeGreaterThan(20 * memEnd.excludedLoss);
    expect(cleanStart.excludedLoss).toBeGreaterThan(5 * memEnd.excludedLoss);
    expect(grokked.weightNorm).toBeLessThan(0.8 * cleanStart.weightNorm);
    const peakNorm = Math.max(...run.metrics.map((r) => r.weightNorm));
    expect(run.metrics.at(-1)!.weightNorm).toBeLessThan(0.5 * peakNorm);
  });

  it('a handful of key frequencies dominate W_E, with a Gini far above its value at initialisation', () => {
    const last = run.checkpoints.at(-1)!;
    const first = run.checkpoints[0];
    expect(first.step).toBe(0);
    expect(last.keyFreqs.length).toBeGreaterThanOrEqual(2);
    expect(last.keyFreqs.length).toBeLessThanOrEqual(8);
    const sq = last.fourierWE.map((x) => x * x);
    const total = sq.reduce((a, b) => a + b, 0);
    const key = last.keyFreqs.reduce((a, k) => a + sq[k], 0);
    expect(key / total).toBeGreaterThan(0.5);
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
        let best = 0;
        for (let c = 1; c < p + 1; c++) if (out.logits[i * (p + 1) + c] > out.logits[i * (p + 1) + best]) best = c;
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
