// The state of one live inference request in a widget: idle → loading (download progress) → running →
// done | error (with a retry). A newer request aborts the older one, so scrubbing quickly never queues
// stale work. Widgets render `status`, `progress`, `message` and call `retry()` from the error UI.
import { CheckpointError, isAbortError, type DownloadProgress } from '../../lib/inference';

export type QueryStatus = 'idle' | 'loading' | 'running' | 'done' | 'error';

export class LiveQuery<T> {
  status: QueryStatus = $state('idle');
  /** 0..1 while downloading, null when the size is unknown. */
  progress: number | null = $state(null);
  message = $state('');
  result: T | null = $state.raw(null);
  /** Milliseconds from start to result (benchmarks read it from data-ms). */
  ms: number | null = $state(null);
  #controller: AbortController | null = null;
  #last: ((signal: AbortSignal, q: LiveQuery<T>) => Promise<T>) | null = null;

  /** Starts `job`; it reports download progress through `q.onProgress` and must honour `signal`. */
  async run(job: (signal: AbortSignal, q: LiveQuery<T>) => Promise<T>): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#last = job;
    this.status = 'loading';
    this.progress = null;
    this.message = '';
    const t0 = performance.now();
    try {
      const r = await job(controller.signal, this);
      if (controller.signal.aborted) return;
      this.result = r;
      this.ms = performance.now() - t0;
      this.status = 'done';
    } catch (err) {
      let e = err;
      // Superseded by a newer request: that one owns the status now.
      if (controller.signal.aborted) return;
      if (isAbortError(e)) e = new Error('the request was cancelled');
      this.status = 'error';
      this.message = e instanceof CheckpointError ? e.userMessage : `The model could not run: ${e instanceof Error ? e.message : String(e)}`;
      console.warn('[live figure]', e);
    }
  }

  onProgress = (p: DownloadProgress): void => {
    this.progress = p.total ? Math.min(1, p.loaded / p.total) : null;
  };

  /** Marks the download done and inference under way. */
  running(): void {
    this.status = 'running';
  }

  retry(): void {
    if (this.#last) void this.run(this.#last);
  }

  cancel(): void {
    this.#controller?.abort();
    this.#controller = null;
    if (this.status !== 'done') this.status = 'idle';
  }
}
