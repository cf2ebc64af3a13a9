/**
 * End-to-end training on each backend: a tiny modular-addition run learns its training set, and a
 * run killed mid-way and resumed from its saved state ends bitwise identical to an uninterrupted one.
 */
import { describe, expect, test } from 'vitest';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { decodeState } from '../../../src/lib/train/state';
import { ModAddTrainer } from '../../../src/lib/train/trainer';
import type { TrainConfig } from '../../../src/lib/train/run/config';
import { describeBackends } from './backends';

const tiny: TrainConfig = {
  task: 'modadd', p: 7, trainFrac: 0.6, seed: 1,
  model: { d_model: 32, n_heads: 2, d_head: 8, d_mlp: 64, n_ctx: 3 },
  optim: { lr: 1e-2, weightDecay: 0.1, beta1: 0.9, beta2: 0.98, eps: 1e-8, warmupSteps: 10 },
};

function accuracy(logits: Float32Array, pairs: Int32Array, p: number): number {
  const V = p + 1;
  let ok = 0;
  pairs.forEach((pair, i) => {
    let am = 0;
    for (let c = 1; c < V; c++) if (logits[i * V + c] > logits[i * V + am]) am = c;
    if (am === (Math.floor(pair / p) + (pair % p)) % p) ok++;
  });
  return ok / pairs.length;
}

describeBackends('training', (be) => {
  // Kept short for software Vulkan drivers: with lr 1e-2 the loss is ~0.015 by step 40 on the CPU twin.
  test('p=7 learns its training set within 60 full-batch steps', async () => {
    const t = ModAddTrainer.create(tiny, be());
    const first = await t.step();
    let loss = first;
    for (let i = 1; i < 60; i++) t.enqueueStep();
    loss = await t.lastLoss();
    expect(first).toBeGreaterThan(1.5); // ~ln(8) at init
    expect(loss).toBeLessThan(0.05);
    const e = await t.evaluate(t.split.train);
    expect(accuracy(e.logits, t.split.train, 7)).toBe(1);
    expect(t.stepCount).toBe(60);
    t.dispose();
  });

  test('killed and resumed run ends bitwise identical to an uninterrupted run', async () => {
    const a = ModAddTrainer.create(tiny, be());
    for (let i = 0; i < 14; i++) a.enqueueStep();
    const wa = await a.saveState();

    const b1 = ModAddTrainer.create(tiny, be());
    for (let i = 0; i < 7; i++) b1.enqueueStep(); // still inside the warm-up: the schedule must resume too
    const mid = await b1.saveState();
    b1.dispose();
    const b2 = ModAddTrainer.fromState(mid, be());
    expect(b2.stepCount).toBe(7);
    for (let i = 0; i < 7; i++) b2.enqueueStep();
    const wb = await b2.saveState();

    const sa = decodeState<TrainConfig>(wa);
    const sb = decodeState<TrainConfig>(wb);
    expect(sb.header.step).toBe(14);
    expect(sb.header.config).toEqual(tiny);
    // Bitwise: compare the raw bytes of params and both moments.
    for (const k of ['params', 'm', 'v'] as const) {
      const x = new Uint32Array(sa[k].buffer);
      const y = new Uint32Array(sb[k].buffer);
      let diff = 0;
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) diff++;
      expect(diff, `${k} differs in ${diff} words`).toBe(0);
    }
    a.dispose();
    b2.dispose();
  });
});

describe('trainer API', () => {
  test('weights() has exactly the parameter names and shapes of the paper', async () => {
    const t = ModAddTrainer.create(tiny, new CpuBackend());
    const w = await t.weights();
    const shapes = Object.fromEntries(Object.entries(w).map(([k, v]) => [k, v.shape]));
    expect(shapes).toEqual({
      W_E: [8, 32], W_pos: [3, 32], W_Q: [2, 8, 32], W_K: [2, 8, 32], W_V: [2, 8, 32], W_O: [32, 16],
      W_in: [64, 32], b_in: [64], W_out: [32, 64], b_out: [32], W_U: [32, 8],
    });
    expect(w.W_in.data.length).toBe(64 * 32);
  });

  test('d_vocab_out = p: the unembedding maps to the p answers, and the step-0 loss is a p-way softmax', async () => {
    const t = ModAddTrainer.create({ ...tiny, model: { ...tiny.model, d_vocab_out: 7 } }, new CpuBackend());
    const w = await t.weights();
    expect(w.W_E.shape).toEqual([8, 32]);
    expect(w.W_U.shape).toEqual([32, 7]);
    const e = await t.evaluate();
    expect(e.logits.length).toBe(49 * 7);
    const { loss } = await t.gradients();
    expect(Math.abs(loss - Math.log(7))).toBeLessThan(0.5);
    for (let i = 0; i < 30; i++) await t.step();
    expect((await t.gradients()).loss).toBeLessThan(loss);
  });

  test('evaluate: all p^2 pairs, per-example losses match the training loss on the train rows', async () => {
    const t = ModAddTrainer.create(tiny, new CpuBackend());
    const { loss } = await t.gradients();
    const e = await t.evaluate(t.split.train);
    const mean = e.losses.reduce((a, b) => a + b, 0) / e.losses.length;
    expect(Math.abs(mean - loss)).toBeLessThan(1e-5);
    const all = await t.evaluate();
    expect(all.logits.length).toBe(49 * 8);
    expect(all.attn.length).toBe(49 * 2 * 3);
    expect(all.mlpPost.length).toBe(49 * 64);
    expect(all.resid.length).toBe(49 * 32);
  });

  test('invalid config: one message naming the field', () => {
    expect(() => ModAddTrainer.create({ ...tiny, p: 1 }, new CpuBackend())).toThrow('invalid p: 1');
    expect(() => ModAddTrainer.create({ ...tiny, optim: { ...tiny.optim, beta2: 1 } }, new CpuBackend())).toThrow('invalid optim.beta2: 1');
  });

  test('a corrupt state is refused', () => {
    expect(() => ModAddTrainer.fromState(new ArrayBuffer(16), new CpuBackend())).toThrow(/bad magic/);
  });
});

describe('forwardTokens', () => {
  test('token rows give the same logits as the pair indices they encode; bad tokens refused', async () => {
    const t = ModAddTrainer.create(tiny, new CpuBackend());
    const a = await t.evaluate(Int32Array.from([3 * 7 + 4, 0]));
    const b = await t.forwardTokens(Int32Array.from([3, 4, 7, 0, 0, 7]));
    expect(Array.from(b.logits)).toEqual(Array.from(a.logits));
    await expect(t.forwardTokens(Int32Array.from([3, 4, 8]))).rejects.toThrow('out of range');
  });
});
