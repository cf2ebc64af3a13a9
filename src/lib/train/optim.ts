/**
 * AdamW over the whole flat parameter buffer (one kernel), PyTorch semantics (torch.optim.AdamW):
 * decoupled weight decay p *= 1 - lr*wd applied to every parameter (as Nanda et al.'s
 * AdamW(model.parameters())), bias-corrected moments, eps added after sqrt(v_hat).
 *
 * Warm-up as the paper's LambdaLR(lambda t: min(t / 10, 1)) stepped after each update: the update
 * number t+1 (t = updates already taken) uses lr * min(t / warmupSteps, 1). So the very first update
 * has lr 0 (moments still advance), exactly as in PyTorch.
 */
import type { ParamStore } from './params';
import type { OptimConfig } from './run/config';

export function lrAt(cfg: OptimConfig, updatesTaken: number): number {
  return cfg.warmupSteps > 0 ? cfg.lr * Math.min(updatesTaken / cfg.warmupSteps, 1) : cfg.lr;
}

export class AdamW {
  /** Updates taken so far (the next update is number step + 1). */
  step = 0;
  constructor(readonly store: ParamStore, readonly cfg: OptimConfig) {}

  /** Enqueue one update from the grads in the store. */
  update(): void {
    const s = this.store;
    const lr = lrAt(this.cfg, this.step);
    this.step++;
    s.backend.adamw({
      params: s.params, grads: s.grads, m: s.m, v: s.v, n: s.total, lr,
      beta1: this.cfg.beta1, beta2: this.cfg.beta2, eps: this.cfg.eps, weightDecay: this.cfg.weightDecay, step: this.step,
    });
  }
}
