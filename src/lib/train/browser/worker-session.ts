/** The CPU twin in a Web Worker (../worker): the fallback when WebGPU is missing or lost. */
import type { TrainConfig } from '../run/config';
import { startTrainWorker, type TrainWorkerClient } from '../worker/client';
import type { TimedSteps, TrainSession } from './session';
import type { LiveSnapshot } from './snapshot';

export class WorkerSession implements TrainSession {
  readonly kind = 'worker' as const;
  readonly label = 'CPU, in a Web Worker';
  private constructor(private readonly client: TrainWorkerClient) {}

  static open(): WorkerSession {
    return new WorkerSession(startTrainWorker());
  }

  async init(config: TrainConfig): Promise<void> {
    await this.client.call('init', { config });
  }

  async resume(state: ArrayBuffer): Promise<void> {
    await this.client.call('resume', { state });
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
