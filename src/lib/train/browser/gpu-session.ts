/**
 * WebGPU session on the main thread. Recording a step is JavaScript on the main thread (a few ms for
 * the tiny model), the GPU work itself runs in the GPU process; steps(n) records n steps into
 * back-to-back submits and awaits one 4-byte read, so the page stays responsive as long as the caller
 * keeps n small (pacing.ts). The snapshot's analysis (restricted loss, Fourier spectrum, p^2 table:
 * tens of ms of JavaScript at p = 47) runs in a small analysis worker, fed with the arrays read back
 * from the GPU (transferred, not copied). A lost device or a WebGPU error surfaces as a rejected call
 * (the backend rethrows the device's failure at its next use).
 */
import { ModAddTrainer } from '../trainer';
import type { TrainConfig } from '../run/config';
import { createBrowserWebGPUBackend, type WebGPUBackend } from '../webgpu';
import { startAnalysisWorker, type AnalysisWorkerClient } from '../worker/client';
import { LiveEngine } from './engine';
import type { TimedSteps, TrainSession } from './session';
import type { LiveSnapshot } from './snapshot';

export class GpuSession implements TrainSession {
  readonly kind = 'webgpu' as const;
  readonly threads = 1;
  private engine: LiveEngine | null = null;
  private analysis: AnalysisWorkerClient | null = null;
  private constructor(private readonly backend: WebGPUBackend, readonly label: string) {}

  /** Throws (one line) when WebGPU is unavailable: no navigator.gpu or no adapter. */
  static async open(): Promise<GpuSession> {
    const backend = await createBrowserWebGPUBackend();
    return new GpuSession(backend, 'WebGPU');
  }

  private need(): LiveEngine {
    if (!this.engine) throw new Error('no model yet');
    return this.engine;
  }

  async init(config: TrainConfig): Promise<void> {
    this.engine?.dispose();
    this.engine = null;
    this.engine = LiveEngine.create(config, this.backend);
  }

  async resume(state: ArrayBuffer): Promise<void> {
    this.engine?.dispose();
    this.engine = null;
    this.engine = LiveEngine.wrap(ModAddTrainer.fromState(state, this.backend));
  }

  async steps(n: number): Promise<TimedSteps> {
    const t0 = performance.now();
    const e = this.need();
    const pending = e.steps(n); // records and submits synchronously, then awaits the read
    const blockMs = performance.now() - t0;
    const r = await pending;
    return { ...r, ms: performance.now() - t0, blockMs };
  }

  async snapshot(): Promise<LiveSnapshot> {
    const input = await this.need().snapshotInput();
    this.analysis ??= startAnalysisWorker();
    return this.analysis.call('snapshot', { input }, [input.logits.buffer, input.mlpPost.buffer, input.wE.buffer]);
  }

  async evaluate(): Promise<{ logits: Float32Array }> {
    return { logits: (await this.need().evaluate()).logits };
  }

  exportOnnx(): Promise<Uint8Array> {
    return this.need().exportOnnx();
  }

  async saveState(): Promise<ArrayBuffer | null> {
    try {
      return await this.need().trainer.saveState();
    } catch {
      return null;
    }
  }

  dispose(): void {
    try {
      this.engine?.dispose();
    } catch {
      /* a lost device cannot free; dropping it is enough */
    }
    this.engine = null;
    this.analysis?.terminate();
    this.analysis = null;
    this.backend.dispose();
  }
}
