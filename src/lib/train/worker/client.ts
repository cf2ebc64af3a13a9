/**
 * The page side of a worker protocol: call(kind, body) → a promise of that kind's result. Used for the
 * training worker (train.worker.ts) and the analysis worker (analysis.worker.ts); `Req` is the union of
 * requests (each with an id and a kind), `Res` maps each kind to its result.
 * A worker that dies (an uncaught error, a failed load) rejects every pending call with its message.
 */
import type { AnalysisRequest, AnalysisResults, Request, Results, WorkerResponse } from './protocol';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class WorkerClient<Req extends { id: number; kind: string }, Res extends { [K in Req['kind']]: unknown }> {
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private failure: string | null = null;

  constructor(private readonly worker: Worker, private readonly what: string) {
    worker.onmessage = (ev: MessageEvent<WorkerResponse<unknown>>) => {
      const m = ev.data;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(m.error));
    };
    worker.onerror = (ev: ErrorEvent) => this.fail(`the ${what} worker failed: ${ev.message || 'unknown error'}`);
  }

  private fail(msg: string): void {
    this.failure = msg;
    for (const p of this.pending.values()) p.reject(new Error(msg));
    this.pending.clear();
  }

  /** `transfer`: buffers of `body` handed to the worker (detached here), not copied. */
  call<K extends Req['kind']>(kind: K, body: Omit<Extract<Req, { kind: K }>, 'id' | 'kind'>, transfer: Transferable[] = []): Promise<Res[K]> {
    if (this.failure) return Promise.reject(new Error(this.failure));
    const id = this.nextId++;
    return new Promise<Res[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, kind, ...body }, transfer);
    });
  }

  terminate(): void {
    this.fail(`the ${this.what} worker was stopped`);
    this.worker.terminate();
  }
}

export type TrainWorkerClient = WorkerClient<Request, Results>;
export type AnalysisWorkerClient = WorkerClient<AnalysisRequest, AnalysisResults>;

/** The bundled training worker (Vite turns this URL into its own chunk). */
export function startTrainWorker(): TrainWorkerClient {
  return new WorkerClient(new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'train-live' }), 'training');
}

/** The bundled analysis worker: the WebGPU path's snapshot analysis, off the main thread. */
export function startAnalysisWorker(): AnalysisWorkerClient {
  return new WorkerClient(new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: 'train-live-analysis' }), 'analysis');
}
