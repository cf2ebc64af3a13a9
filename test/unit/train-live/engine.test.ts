// LiveEngine on the CPU twin: seeded runs repeat exactly, the loss falls, the snapshot is consistent,
// and the exported ONNX gives the engine's logits (onnxruntime-web, WASM, in Node).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../../src/lib/train/run/config';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { LiveEngine } from '../../../src/lib/train/browser/engine';
import { liveTrainConfig, TINY_LIVE_DEFAULTS, isEvalStep, nextEvalStep, checkParams } from '../../../src/lib/train/browser/config';
import { countBits } from '../../../src/lib/analysis';
import { sessionFromBytes, tokensTensor } from '../onnx/ort-node';

const small = liveTrainConfig({ ...TINY_LIVE_DEFAULTS, p: 13, size: 'small', lr: 1e-2 });

describe('LiveEngine (CPU twin)', () => {
  it('same seed, same losses; the loss falls', async () => {
    const run = async () => {
      const e = LiveEngine.create(small, new CpuBackend());
      const first = await e.steps(1);
      const later = await e.steps(29);
      e.dispose();
      return [first.loss, later.loss, later.step];
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a[2]).toBe(30);
    expect(a[1]).toBeLessThan(a[0] * 0.9);
  });

  it('another seed gives another run', async () => {
    const e1 = LiveEngine.create(small, new CpuBackend());
    const e2 = LiveEngine.create({ ...small, seed: 1 }, new CpuBackend());
    expect((await e1.steps(1)).loss).not.toBe((await e2.steps(1)).loss);
  });

  it('snapshot: shapes and values agree with the logits', async () => {
    const e = LiveEngine.create(small, new CpuBackend());
    await e.steps(20);
    const s = await e.snapshot();
    const p = small.p;
    expect(s.step).toBe(20);
    expect(s.fourierWE).toHaveLength((p + 1) / 2);
    expect(s.correct).toHaveLength(Math.ceil((p * p) / 8));
    const correct = countBits(s.correct, p * p) / (p * p);
    const trainN = e.trainer.split.train.length;
    const mix = (s.trainAcc * trainN + s.testAcc * (p * p - trainN)) / (p * p);
    expect(correct).toBeCloseTo(mix, 10);
    expect(s.trainLoss).toBeGreaterThan(0);
  });

  it('exported ONNX: same argmax on all pairs, logits within 1e-4 relative', async () => {
    const e = LiveEngine.create(small, new CpuBackend());
    await e.steps(40);
    const { logits } = await e.evaluate();
    const bytes = await e.exportOnnx();
    const sess = await sessionFromBytes(bytes);
    const p = small.p;
    const tokens: number[] = [];
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) tokens.push(a, b, p);
    const out = await sess.run({ tokens: tokensTensor(tokens, p * p) });
    const onnx = out.logits.data as Float32Array;
    expect(onnx.length).toBe(logits.length);
    const V = p + 1;
    let maxErr = 0;
    let scale = 0;
    for (let i = 0; i < logits.length; i++) {
      maxErr = Math.max(maxErr, Math.abs(onnx[i] - logits[i]));
      scale = Math.max(scale, Math.abs(logits[i]));
    }
    expect(maxErr).toBeLessThan(1e-4 * Math.max(1, scale));
    const argmax = (x: Float32Array, r: number) => {
      let best = 0;
      for (let c = 1; c < V; c++) if (x[r * V + c] > x[r * V + best]) best = c;
      return best;
    };
    for (let r = 0; r < p * p; r++) expect(argmax(onnx, r)).toBe(argmax(logits, r));
  });
});

describe('live config', () => {
  it('defaults are the shipped tiny-live run (scripts/runs.json)', () => {
    const runs = JSON.parse(readFileSync(new URL('../../../scripts/runs.json', import.meta.url), 'utf8')) as Record<string, TrainConfig>;
    const c = liveTrainConfig(TINY_LIVE_DEFAULTS);
    const shipped = runs['tiny-live'];
    expect(c.p).toBe(shipped.p);
    expect(c.trainFrac).toBe(shipped.trainFrac);
    expect(c.seed).toBe(shipped.seed);
    expect(c.model).toEqual(shipped.model);
    expect(c.optim).toEqual(shipped.optim);
    expect(c).toMatchObject({ p: 47, trainFrac: 0.5, seed: 0, model: { d_model: 64, n_heads: 4, d_head: 16, d_mlp: 256 } });
    expect(c.optim).toMatchObject({ lr: 3e-3, weightDecay: 1, beta1: 0.9, beta2: 0.98, warmupSteps: 10 });
  });
  it('rejects bad values with the field name', () => {
    expect(() => checkParams({ ...TINY_LIVE_DEFAULTS, p: 30 })).toThrow('invalid p: 30');
    expect(() => checkParams({ ...TINY_LIVE_DEFAULTS, lr: 0 })).toThrow('invalid learning rate: 0');
  });
  it('evaluates on the shipped log schedule', () => {
    expect([0, 5, 200, 220].every(isEvalStep)).toBe(true);
    expect(isEvalStep(205)).toBe(false);
    expect(nextEvalStep(200)).toBe(220);
    expect(nextEvalStep(7)).toBe(10);
  });
});
