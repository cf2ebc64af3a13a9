// One live checkpoint in a figure, the part every live figure repeats: wait for hydration (and, if asked,
// for the figure to come near the viewport), debounce the reader's changes, load the checkpoint, run it,
// and keep the answer with the key it answers (step, pair, …) so the figure can tell a current answer
// from a stale one. The request itself is a LiveQuery (status, progress, error, retry, abort of the
// superseded run). Used by the logit curve, "ask the model" and the progress measures.
//
//   const live = new LiveCheckpoint<{ probs: Float64Array }>(p, { delayMs: 120, nearViewport: true });
//   onMount(() => live.mount(root));
//   $effect(() => live.request(ckpt, `${ckpt?.step}:${a}:${b}`, async (model) => ({ probs: … await model.runPairs([a, b]) … })));
//   const now = $derived(live.current(`${ckpt?.step}:${a}:${b}`));
import type { CheckpointModel } from '../../lib/inference';
import type { CheckpointRef } from '../../lib/runs/figure-data';
import { loadCheckpoint, pageRuntime } from './live-model';
import { LiveQuery } from './live-query.svelte';

export interface LiveOptions {
  /** Milliseconds the request waits for the reader to stop changing it. */
  delayMs: number;
  /** Run only while the figure is within 300 px of the viewport (figures that run many pairs). */
  nearViewport?: boolean;
}

export class LiveCheckpoint<T extends object> {
  hydrated = $state(false);
  /** Near the viewport; always true for a figure that does not watch it. */
  visible = $state(true);
  /** The backend the last answer ran on ('webgpu' | 'wasm'), for the status line. */
  backend = $state<string | null>(null);
  readonly query = new LiveQuery<T & { key: string }>();

  constructor(
    private readonly p: number,
    private readonly options: LiveOptions,
  ) {}

  /** For onMount: the figure is hydrated; with nearViewport, watch `root`. Returns the cleanup. */
  mount(root?: HTMLElement): () => void {
    this.hydrated = true;
    if (!this.options.nearViewport || !root) return () => {};
    this.visible = false;
    const io = new IntersectionObserver((es) => (this.visible = es.some((e) => e.isIntersecting)), { rootMargin: '300px' });
    io.observe(root);
    return () => io.disconnect();
  }

  /**
   * For an $effect: after the delay, run `job` on checkpoint `ref`, unless the answer for `key` is already
   * here or the figure is not ready. Returns the effect's cleanup (which cancels a pending start).
   */
  request(ref: CheckpointRef | undefined, key: string, job: (model: CheckpointModel, signal: AbortSignal) => Promise<T>): (() => void) | undefined {
    if (!this.hydrated || !this.visible || !ref) return undefined;
    if (this.query.result?.key === key) return undefined;
    const t = setTimeout(() => {
      void this.query.run(async (signal, q) => {
        const model = await loadCheckpoint(ref, this.p, q.onProgress, signal);
        q.running();
        const answer = await job(model, signal);
        this.backend = model.backend ?? pageRuntime().backend;
        return { ...answer, key };
      });
    }, this.options.delayMs);
    return () => clearTimeout(t);
  }

  /** The answer for `key`, or null while it has not come. */
  current(key: string): (T & { key: string }) | null {
    const r = this.query.result;
    return r && r.key === key ? r : null;
  }
}
