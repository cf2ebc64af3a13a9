/**
 * Golden test against PyTorch (fixture written by scripts/golden/transformer_golden.py, torch 1.13,
 * float64 reference computation from float32 initial weights). The engine starts from the fixture's
 * weights and training pairs and must match, per backend:
 * - final-position logits, attention pattern, MLP activations, residual: |err| <= 1e-5 + 1e-4 |ref|
 * - loss: |err| <= 1e-5
 * - every parameter's gradient: |err| <= 1e-4 * max|ref grad of that parameter| + 1e-7
 * - losses of ten AdamW steps (wd 1.0, betas 0.9/0.98, lr 1e-2, warm-up 5): |err| <= 1e-5 each
 * - weights after the ten steps: |err| <= 1e-4 * max|ref| + 1e-6
 * Measured on the CPU twin (float32): max errors ~2e-7 absolute (logits, loss, losses) and ~2e-7 relative
 * (gradients, weights): the bounds leave room for a GPU's different summation order.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { ModAddTrainer } from '../../../src/lib/train/trainer';
import type { Weights } from '../../../src/lib/analysis/types';
import { closeness, describeBackends, maxAbs } from './backends';

interface Rec {
  shape: number[];
  data: number[];
}
interface Fixture {
  version: number;
  config: { p: number; d_vocab: number; d_model: number; n_heads: number; d_head: number; d_mlp: number; n_ctx: number };
  optim: { lr: number; weightDecay: number; beta1: number; beta2: number; eps: number; warmupSteps: number };
  trainPairs: number[];
  weights: Record<string, Rec>;
  logits: Rec;
  attn: Rec;
  mlpPost: Rec;
  resid: Rec;
  loss: number;
  grads: Record<string, Rec>;
  losses: number[];
  weightsAfter: Record<string, Rec>;
}

const fx = JSON.parse(readFileSync(new URL('../../fixtures/golden/transformer-v1.json', import.meta.url), 'utf8')) as Fixture;

function trainer(be: Parameters<typeof ModAddTrainer.create>[1]): ModAddTrainer {
  const { p, d_model, n_heads, d_head, d_mlp, n_ctx } = fx.config;
  const train = Int32Array.from(fx.trainPairs);
  const t = ModAddTrainer.create(
    { task: 'modadd', p, trainFrac: train.length / (p * p), seed: 0, model: { d_model, n_heads, d_head, d_mlp, n_ctx }, optim: fx.optim },
    be,
    { split: { p, train, test: new Int32Array(0) } },
  );
  const w: Weights = {};
  for (const [k, r] of Object.entries(fx.weights)) w[k] = { shape: r.shape, data: Float32Array.from(r.data) };
  t.store.setWeights(w);
  return t;
}

function expectClose(name: string, got: ArrayLike<number>, want: ArrayLike<number>, atol: number, rtol: number): void {
  const bad = closeness(got, want, atol, rtol);
  expect(bad, `${name}: ${bad}`).toBeNull();
}

test('fixture is version 1 and complete', () => {
  expect(fx.version).toBe(1);
  expect(Object.keys(fx.grads).sort()).toEqual(['W_E', 'W_K', 'W_O', 'W_Q', 'W_U', 'W_V', 'W_in', 'W_out', 'W_pos', 'b_in', 'b_out']);
  expect(fx.losses).toHaveLength(10);
});

describeBackends('golden vs PyTorch', (be) => {
  test('forward: logits, attention, MLP activations, residual at the final position', async () => {
    const t = trainer(be());
    const e = await t.evaluate(Int32Array.from(fx.trainPairs));
    expectClose('logits', e.logits, fx.logits.data, 1e-5, 1e-4);
    expectClose('attn', e.attn, fx.attn.data, 1e-5, 1e-4);
    expectClose('mlpPost', e.mlpPost, fx.mlpPost.data, 1e-5, 1e-4);
    expectClose('resid', e.resid, fx.resid.data, 1e-5, 1e-4);
    t.dispose();
  });

  test('loss and every parameter gradient', async () => {
    const t = trainer(be());
    const { loss, grads } = await t.gradients();
    expect(Math.abs(loss - fx.loss)).toBeLessThanOrEqual(1e-5);
    for (const [k, r] of Object.entries(fx.grads)) {
      expect(grads[k].shape).toEqual(r.shape);
      expectClose(`grad ${k}`, grads[k].data, r.data, 1e-4 * maxAbs(r.data) + 1e-7, 0);
    }
    t.dispose();
  });

  test('ten AdamW steps with weight decay and warm-up', async () => {
    const t = trainer(be());
    const losses: number[] = [];
    for (let i = 0; i < 10; i++) losses.push(await t.step());
    expectClose('losses', losses, fx.losses, 1e-5, 0);
    const w = await t.weights();
    for (const [k, r] of Object.entries(fx.weightsAfter)) expectClose(`weights after ${k}`, w[k].data, r.data, 1e-4 * maxAbs(r.data) + 1e-6, 0);
    t.dispose();
  });
});
