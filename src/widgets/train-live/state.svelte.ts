/**
 * The live-training figure's state (Svelte 5 runes): reader's settings, the session (WebGPU or the
 * worker), the loop that paces steps, and what the charts draw. The component (TrainLive.svelte) is
 * a thin view of this class.
 *
 * Loop: ask the session for a batch (Pacer), record its last loss, evaluate all pairs at the shipped
 * run's log steps (config.isEvalStep), yield one animation frame, repeat. A WebGPU failure (lost
 * device, driver error) stops the loop with a message; continueOnWorker() resumes on the CPU worker
 * from the last saved training state (or restarts the same seeded run if none could be saved).
 */
import { isEvalStep, liveTrainConfig, TINY_LIVE_DEFAULTS, type LiveParams, type LiveSize } from '../../lib/train/browser/config';
import { argmaxRows, metricsDoc, parseShippedMetrics, type ShippedPoint } from '../../lib/train/browser/metrics-export';
import { openSession } from '../../lib/train/browser/open';
import { Pacer } from '../../lib/train/browser/pacing';
import type { TrainSession } from '../../lib/train/browser/session';
import type { LiveSnapshot } from '../../lib/train/browser/snapshot';
import { trainBitset } from '../../lib/tasks/modadd';
import { modAddSplit } from '../../lib/tasks/modadd';

export type Status = 'idle' | 'starting' | 'running' | 'paused' | 'done' | 'failed';

export const MAX_STEPS = 5000;
/** Without WebGPU the worker trains the half-width model unless the reader picks the full one. */
export const WORKER_SIZE: LiveSize = 'small';

const nextFrame = () =>
  new Promise<void>((r) => {
    if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible') requestAnimationFrame(() => r());
    else setTimeout(r, 16);
  });

export class TrainLiveState {
  /** Reader's settings (bound to the URL by the component). */
  params = $state<LiveParams>({ ...TINY_LIVE_DEFAULTS });
  status = $state<Status>('idle');
  backend = $state<'webgpu' | 'worker' | null>(null);
  /** Threads the worker's matmul runs on (1 on WebGPU, or where helpers could not start). */
  threads = $state(1);
  fallbackReason = $state<string | null>(null);
  /** A WebGPU failure the reader can recover from by moving to the worker. */
  gpuFailure = $state<string | null>(null);
  /** Set by "Continue on the CPU": the figure now trains in the worker because the GPU was lost. */
  gpuLost = $state(false);
  /** The step the worker resumed from (0: no state had been saved); cleared by a reset. */
  resumedFrom = $state<number | null>(null);
  error = $state<string | null>(null);
  step = $state(0);
  /** Training loss after each batch (exported with the metrics, not drawn: a plain array, no signal). */
  batchLoss: { step: number; loss: number }[] = [];
  snaps = $state.raw<LiveSnapshot[]>([]);
  stepsPerSec = $state<number | null>(null);
  shipped = $state.raw<ShippedPoint[] | null>(null);
  /** Train/test membership of every pair for the current settings (p^2 bits). */
  trainBits = $derived(trainBitset(modAddSplit(this.params.p, this.params.trainFrac, this.params.seed)));
  latest = $derived(this.snaps.at(-1) ?? null);

  private session: TrainSession | null = null;
  private opening: Promise<TrainSession> | null = null;
  private ready = false; // the session holds a model for the current params
  private gen = 0; // bumps on reset: stale loops and replies are dropped
  private savedState: ArrayBuffer | null = null;
  /** Step of the training state kept for "Continue on the CPU" (WebGPU only), or null. */
  savedStep = $state<number | null>(null);
  private pacer: Pacer | null = null;
  private rate: { t: number; step: number } | null = null;

  /** Open a session once (WebGPU if possible). On the worker, the default size is the small model. */
  private async open(): Promise<TrainSession> {
    if (this.session) return this.session;
    this.opening ??= openSession().then((o) => {
      this.session = o.session;
      this.backend = o.session.kind;
      this.fallbackReason = o.fallbackReason;
      if (o.session.kind === 'worker' && this.step === 0 && this.params.size === 'tiny' && !this.sizeChosen) this.params.size = WORKER_SIZE;
      this.pacer = new Pacer(o.session.kind);
      return o.session;
    });
    return this.opening;
  }
  /** Set when the reader picks a size, so the worker default does not override it. */
  sizeChosen = false;

  /** Prepare the backend early (figure scrolled into view) so the first click trains at once. */
  async prepare(): Promise<void> {
    try {
      await this.open();
    } catch (e) {
      this.fail(e);
    }
  }

  private async ensureModel(): Promise<TrainSession> {
    const s = await this.open();
    if (!this.ready) {
      const g = this.gen;
      await s.init(liveTrainConfig(this.params));
      this.threads = s.threads;
      if (g !== this.gen) throw new StaleError();
      this.ready = true;
      this.snaps = [await s.snapshot()];
      this.savedState = null;
      this.savedStep = null;
    }
    return s;
  }

  async train(): Promise<void> {
    if (this.status === 'running' || this.status === 'starting') return;
    this.status = 'starting';
    this.error = null;
    try {
      await this.ensureModel();
      this.status = 'running';
      await this.loop(this.gen);
    } catch (e) {
      this.fail(e);
    }
  }

  pause(): void {
    if (this.status === 'running' || this.status === 'starting') this.status = 'paused';
  }

  /** One step (and an evaluation, so every chart shows it). */
  async stepOnce(): Promise<void> {
    if (this.status === 'running' || this.status === 'starting' || this.step >= MAX_STEPS) return;
    this.status = 'starting';
    try {
      const s = await this.ensureModel();
      const g = this.gen;
      const r = await s.steps(1);
      if (g !== this.gen) return;
      this.record(r.step, r.loss);
      await this.evaluate(s, g);
      this.status = 'paused';
    } catch (e) {
      this.fail(e);
    }
  }

  /** Back to step 0 with the current settings (the same seed gives the same run). */
  reset(): void {
    this.gen++;
    this.ready = false;
    this.step = 0;
    this.batchLoss = [];
    this.snaps = [];
    this.stepsPerSec = null;
    this.rate = null;
    this.savedState = null;
    this.savedStep = null;
    this.resumedFrom = null;
    this.error = null;
    if (this.status !== 'failed' || !this.gpuFailure) this.status = 'idle';
  }

  setParams(next: Partial<LiveParams>): void {
    if ('size' in next) this.sizeChosen = true;
    Object.assign(this.params, next);
    this.reset();
  }

  private record(step: number, loss: number): void {
    this.step = step;
    this.batchLoss.push({ step, loss });
    const now = performance.now();
    if (!this.rate) this.rate = { t: now, step };
    else if (now - this.rate.t > 1000) {
      this.stepsPerSec = ((step - this.rate.step) * 1000) / (now - this.rate.t);
      this.rate = { t: now, step };
    }
  }

  private async evaluate(s: TrainSession, g: number): Promise<void> {
    const snap = await s.snapshot();
    if (g !== this.gen) return;
    this.snaps = [...this.snaps, snap];
    // On WebGPU keep a recent training state, so a lost device can continue on the worker.
    if (s.kind === 'webgpu' && snap.step % 100 === 0) {
      const saved = await s.saveState();
      if (saved && g === this.gen) {
        this.savedState = saved;
        this.savedStep = snap.step;
      }
    }
  }

  private async loop(g: number): Promise<void> {
    const s = this.session;
    const pacer = this.pacer;
    if (!s || !pacer) return;
    this.rate = null;
    while (this.status === 'running' && g === this.gen) {
      const n = pacer.next(this.step, MAX_STEPS);
      if (n <= 0) {
        this.status = 'done';
        break;
      }
      const r = await s.steps(n);
      if (g !== this.gen) return;
      pacer.observe(r, n);
      this.record(r.step, r.loss);
      if (isEvalStep(r.step)) await this.evaluate(s, g);
      await nextFrame();
    }
  }

  private fail(e: unknown): void {
    if (e instanceof StaleError) return;
    const msg = e instanceof Error ? e.message : String(e);
    this.status = 'failed';
    if (this.session?.kind === 'webgpu') this.gpuFailure = msg;
    else this.error = msg;
  }

  /** After a WebGPU failure: carry on in the CPU worker from the last saved state (or from step 0). */
  async continueOnWorker(): Promise<void> {
    const old = this.session;
    this.session = null;
    this.opening = null;
    try {
      old?.dispose();
    } catch {
      /* the lost device may refuse; it is dropped anyway */
    }
    this.gpuFailure = null;
    this.status = 'starting';
    try {
      const o = await openSession('worker');
      this.session = o.session;
      this.opening = Promise.resolve(o.session);
      this.backend = 'worker';
      this.fallbackReason = 'the WebGPU device was lost';
      this.gpuLost = true;
      this.pacer = new Pacer('worker');
      const saved = this.savedState;
      if (saved) {
        await o.session.resume(saved);
        this.threads = o.session.threads;
        const snap = await o.session.snapshot();
        this.ready = true;
        this.step = snap.step;
        this.snaps = [...this.snaps.filter((x) => x.step < snap.step), snap];
        this.batchLoss = this.batchLoss.filter((x) => x.step <= snap.step);
        this.resumedFrom = snap.step;
      } else {
        this.reset();
        this.resumedFrom = 0;
      }
      this.status = 'paused';
      await this.train();
    } catch (e) {
      this.fail(e);
    }
  }

  /** The current model as an ONNX file (the shipped checkpoints' interface). */
  async exportOnnx(): Promise<Uint8Array> {
    const s = await this.ensureModel();
    return s.exportOnnx();
  }

  /** The run's metrics and the final predictions, as JSON text. */
  async exportMetrics(): Promise<string> {
    const s = await this.ensureModel();
    const { logits } = await s.evaluate();
    const doc = metricsDoc(liveTrainConfig(this.params), s.label, this.batchLoss, this.snaps, argmaxRows(logits, this.params.p + 1));
    return JSON.stringify(doc);
  }

  /** The shipped tiny-live metrics (fetched once, on demand). */
  async loadShipped(url: string): Promise<void> {
    if (this.shipped) return;
    try {
      const r = await fetch(url);
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      this.shipped = parseShippedMetrics(await r.text());
    } catch (e) {
      this.shipped = [];
      this.error = `the shipped run's metrics could not be loaded (${e instanceof Error ? e.message : String(e)})`;
    }
  }

  dispose(): void {
    this.gen++;
    this.status = 'idle';
    this.session?.dispose();
    this.session = null;
    this.opening = null;
  }
}

class StaleError extends Error {}
