/**
 * How many steps to ask for next, so the page never freezes and the worker is not starved.
 * WebGPU: recording a step is main-thread JavaScript (`blockMs`), so keep one batch's recording under
 * ~10 ms and its round trip under ~50 ms; then the figure yields to the browser (one animation frame).
 * Worker: nothing runs on the main thread; ~120 ms per batch keeps messages few and pause snappy.
 * Batches never cross an evaluation step (the curves then land on the same steps in every run)
 * nor the step limit.
 */
import { nextEvalStep } from './config';
import type { SessionKind, TimedSteps } from './session';

export const MAX_BATCH = 50;

export class Pacer {
  private n = 1;
  constructor(readonly kind: SessionKind) {}

  get batch(): number {
    return this.n;
  }

  next(step: number, maxStep: number): number {
    return Math.max(0, Math.min(this.n, nextEvalStep(step) - step, maxStep - step));
  }

  observe(r: TimedSteps, n: number): void {
    const per = this.kind === 'webgpu' ? Math.max(r.blockMs / 10, r.ms / 50) / n : r.ms / 120 / n;
    // per = fraction of the budget one step uses; aim for the budget, move by at most 2x per batch.
    const want = per > 0 ? Math.floor(1 / per) : MAX_BATCH;
    this.n = Math.max(1, Math.min(MAX_BATCH, want, this.n * 2));
  }
}
