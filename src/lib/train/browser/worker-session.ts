/** The CPU twin in a Web Worker (../worker): the fallback when WebGPU is missing or lost. */
import type { TrainConfig } from '../run/config';
import { startTrainWorker, type TrainWorkerClient } from '../worker/client';
import { defaultGemmThreads } from '../cpu/wasm/gemm-threads';
import type { TimedSteps, TrainSession } from './session';
import type { LiveSnapshot } from './snapshot';

export class WorkerSession implements TrainSession {
  readonly kind = 'worker' as const;
  /** Threads the matmul runs on, once init or resume has answered. */
  threads = 1;
  private constructor(private readonly client: TrainWorkerClient) {}

  get label(): string {
    return this.threads > 1 ? `CPU, in a Web Worker (${this.threads} threads)` : 'CPU, in a Web Worker';
  }

  static open(): WorkerSession {
    return new WorkerSession(startTrainWorker());
  }

  async init(config: TrainConfig): Promise<void> {
    this.threads = (await this.client.call('init', { config, threads: defaultGemmThreads() })).threads;
  }

  async resume(state: ArrayBuffer): Promise<void> {
    this.threads = (await this.client.call('resume', { state, threads: defaultGemmThreads() })).threads;
  }

  async steps(n: number): Promise<TimedSteps> {
    const r = await this.client.call('steps', { n });
    return { ...r, blockMs: 0 };
  }

  snapshot(): Promise<LiveSnapshot> {
    return this.client.call('snapshot', {});
  }

  async evaluate(): Promise<{ logits: Float32Array }> {
    return { logits: (await this.client.call('evaluate', {})).logits };
  }

  async exportOnnx(): Promise<Uint8Array> {
    return (await this.client.call('export', {})).onnx;
  }

  async saveState(): Promise<ArrayBuffer | null> {
    return (await this.client.call('state', {})).state;
  }

  dispose(): void {
    this.client.terminate();
  }
}
