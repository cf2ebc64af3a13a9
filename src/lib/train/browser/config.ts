/**
 * The live figure's run configs. Defaults are the shipped run `tiny-live` (scripts/runs.json; a unit test keeps them equal): p = 47,
 * 50% train, d_model 64, 4 heads x 16, d_mlp 256, AdamW lr 3e-3, wd 1, betas (0.9, 0.98), warm-up 10.
 * The worker fallback (CPU, no WebGPU) defaults to the 'small' size: half the width, so a step costs
 * about a quarter as much.
 */
import type { TrainConfig } from '../run/config';

export const PRIMES = [13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59] as const;
export type LiveSize = 'tiny' | 'small';

/** What the reader controls. */
export interface LiveParams {
  p: number;
  trainFrac: number;
  weightDecay: number;
  lr: number;
  seed: number;
  size: LiveSize;
}

export const TINY_LIVE_DEFAULTS: LiveParams = { p: 47, trainFrac: 0.5, weightDecay: 1, lr: 3e-3, seed: 0, size: 'tiny' };

const MODELS: Record<LiveSize, TrainConfig['model']> = {
  tiny: { d_model: 64, n_heads: 4, d_head: 16, d_mlp: 256, n_ctx: 3 },
  small: { d_model: 32, n_heads: 4, d_head: 8, d_mlp: 128, n_ctx: 3 },
};

/** Throws "invalid <field>: <value>" (shown to the reader as is). */
export function checkParams(q: LiveParams): void {
  const bad = (f: string, v: unknown) => new Error(`invalid ${f}: ${JSON.stringify(v)}`);
  if (!(PRIMES as readonly number[]).includes(q.p)) throw bad('p', q.p);
  if (!(q.trainFrac >= 0.1 && q.trainFrac <= 0.9)) throw bad('train fraction', q.trainFrac);
  if (!(q.weightDecay >= 0 && q.weightDecay <= 10)) throw bad('weight decay', q.weightDecay);
  if (!(q.lr > 0 && q.lr <= 0.1)) throw bad('learning rate', q.lr);
  if (!(Number.isInteger(q.seed) && q.seed >= 0 && q.seed <= 2 ** 31 - 1)) throw bad('seed', q.seed);
  if (!(q.size in MODELS)) throw bad('size', q.size);
}

export function liveTrainConfig(q: LiveParams): TrainConfig {
  checkParams(q);
  return {
    task: 'modadd', p: q.p, trainFrac: q.trainFrac, seed: q.seed, model: { ...MODELS[q.size] },
    optim: { lr: q.lr, weightDecay: q.weightDecay, beta1: 0.9, beta2: 0.98, eps: 1e-8, warmupSteps: 10 },
  };
}

/** True when the params are exactly the shipped tiny-live run's (so its curve is the same experiment). */
export function isShippedConfig(q: LiveParams): boolean {
  const d = TINY_LIVE_DEFAULTS;
  return q.p === d.p && q.trainFrac === d.trainFrac && q.weightDecay === d.weightDecay && q.lr === d.lr && q.seed === d.seed && q.size === d.size;
}

/** Steps at which the live run evaluates all p^2 pairs: the shipped run's log schedule
 * (every 5 up to 200, then every 20), so the two curves share their x values. */
export function isEvalStep(step: number): boolean {
  return step <= 200 ? step % 5 === 0 : step % 20 === 0;
}
export function nextEvalStep(step: number): number {
  let s = step + 1;
  while (!isEvalStep(s)) s++;
  return s;
}
