/**
 * LiveEngine: the live figure's trainer on any Backend. The same class runs on the main thread over
 * WebGPU (gpu-session.ts) and inside the Web Worker over the CPU twin (../worker/train.worker.ts), so the
 * two paths differ only in float rounding, never in logic: same seeded split and init, same steps.
 *
 * steps(n) enqueues n full-batch AdamW steps and reads back one number (the last loss), so WebGPU
 * records n steps without a round trip between them.
 */
import type { Backend } from '../backend';
import { trainBitset } from '../../tasks/modadd';
import { exportTransformer } from '../onnx';
import { ModAddTrainer } from '../trainer';
import type { TrainConfig } from '../run/config';
import { liveSnapshot, type LiveSnapshot, type SnapshotInput } from './snapshot';

export interface StepsResult {
  /** Updates taken so far. */
  step: number;
  /** Training loss of the last step (before its update). */
  loss: number;
}

export class LiveEngine {
  readonly trainBits: Uint8Array;
  private constructor(readonly trainer: ModAddTrainer) {
    this.trainBits = trainBitset(trainer.split);
  }

  static create(config: TrainConfig, backend: Backend): LiveEngine {
    return new LiveEngine(ModAddTrainer.create(config, backend));
  }

  /** Around an existing trainer (e.g. ModAddTrainer.fromState: continuing a run elsewhere). */
  static wrap(trainer: ModAddTrainer): LiveEngine {
    return new LiveEngine(trainer);
  }

  get config(): TrainConfig {
    return this.trainer.config;
  }
  get step(): number {
    return this.trainer.stepCount;
  }

  async steps(n: number): Promise<StepsResult> {
    if (!(Number.isInteger(n) && n >= 1)) throw new Error(`invalid step count: ${n}`);
    for (let i = 0; i < n; i++) this.trainer.enqueueStep();
    const loss = await this.trainer.lastLoss();
    return { step: this.trainer.stepCount, loss };
  }

  /** Logits over all p^2 pairs ([p^2, d_vocab], row a*p+b) and the final-position MLP activations. */
  async evaluate(): Promise<{ logits: Float32Array; mlpPost: Float32Array }> {
    const e = await this.trainer.evaluate();
    return { logits: e.logits, mlpPost: e.mlpPost };
  }

  /** What the snapshot analysis needs, read from the backend: fresh arrays that own their buffers
   * (so they can be transferred to a worker), the train bitset a copy. */
  async snapshotInput(): Promise<SnapshotInput> {
    const [{ logits, mlpPost }, w] = await Promise.all([this.evaluate(), this.trainer.weights()]);
    const m = this.trainer.model;
    return {
      step: this.step, p: this.config.p, dVocab: m.d_out ?? m.d_vocab, dModel: m.d_model, dMlp: m.d_mlp,
      logits: owning(logits), mlpPost: owning(mlpPost), wE: owning(w.W_E.data), trainBits: this.trainBits.slice(),
    };
  }

  /** The snapshot computed here (the worker path; the WebGPU path analyses snapshotInput() in a worker). */
  async snapshot(): Promise<LiveSnapshot> {
    return liveSnapshot(await this.snapshotInput());
  }

  /** The current model as ONNX (the interface of src/lib/train/onnx/transformer-export.ts, fp32). */
  async exportOnnx(): Promise<Uint8Array> {
    const w = await this.trainer.weights();
    const c = this.config;
    return exportTransformer(w, { p: c.p, ...c.model }, {
      weightType: 'float32',
      metadata: { source: 'grokking-gradually train-live', step: String(this.step), config: JSON.stringify(c) },
    });
  }

  dispose(): void {
    this.trainer.dispose();
  }
}

/** `a` itself when it spans its whole buffer, else a copy that does (transferable without taking more). */
function owning(a: Float32Array): Float32Array<ArrayBuffer> {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer ? (a as Float32Array<ArrayBuffer>) : a.slice();
}
