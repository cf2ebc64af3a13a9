/**
 * The page side of the worker protocol: call(kind, body) → a promise of that kind's result.
 * A worker that dies (an uncaught error, a failed load) rejects every pending call with its message.
 */
import type { Request, RequestKind, Response, Results } from './protocol';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class WorkerClient {
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private failure: string | null = null;

  constructor(private readonly worker: Worker) {
    worker.onmessage = (ev: MessageEvent<Response>) => {
      const m = ev.data;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(m.error));
    };
    worker.onerror = (ev: ErrorEvent) => this.fail(`the training worker failed: ${ev.message || 'unknown error'}`);
  }

  private fail(msg: string): void {
    this.failure = msg;
    for (const p of this.pending.values()) p.reject(new Error(msg));
    this.pending.clear();
  }

  call<K extends RequestKind>(kind: K, body: Omit<Extract<Request, { kind: K }>, 'id' | 'kind'>): Promise<Results[K]> {
    if (this.failure) return Promise.reject(new Error(this.failure));
    const id = this.nextId++;
    return new Promise<Results[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, kind, ...body } as Request);
    });
  }

  terminate(): void {
    this.fail('the training worker was stopped');
    this.worker.terminate();
  }
}

/** The bundled worker (Vite turns this URL into its own chunk). */
export function startTrainWorker(): WorkerClient {
  return new WorkerClient(new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'train-live' }));
}
