// The recurrent sequence models exported to ONNX (src/lib/train/onnx/sequence-export.ts: the LSTM through
// ONNX's LSTM op, whose gate order differs from the engine's; the Elman RNN through its RNN op) give, in
// onnxruntime-web (WASM), the logits of the engine's own forward (SequenceTrainer.predict) at every position,
// on random strings longer than the trained ones. The weights are those after a few training steps, so the
// gates are not all at their initial values. Tolerance: |onnx − engine| ≤ 1e-4 · (1 + |engine|) per element
// (both fp32, different summation orders), as in test/unit/onnx/transformer-export.test.ts.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { exportSequenceModel } from '../../../src/lib/train/onnx/sequence-export';
import type { SequenceModelConfig, SequenceRunConfig } from '../../../src/lib/train/run/config';
import { SequenceTrainer } from '../../../src/lib/train/sequence/trainer';
import { nodeOrt, sessionFromBytes } from '../onnx/ort-node';

const TOL = 1e-4;

function config(model: SequenceModelConfig): SequenceRunConfig {
  return {
    task: 'sequence', title: 't', description: 'd', language: 'parity', seed: 5, model,
    train: { maxLen: 6, batch: 16 }, eval: { maxLen: 24, perLength: 8 },
    optim: { lr: 3e-2, weightDecay: 0, beta1: 0.9, beta2: 0.98, eps: 1e-8, warmupSteps: 0 },
    steps: 10, logEvery: 1,
  };
}

describe('recurrent sequence models: ONNX export matches the engine', () => {
  for (const model of [{ arch: 'lstm', d_hidden: 7 }, { arch: 'rnn', d_hidden: 6 }] as const) {
    it(`${model.arch}: logits at every position of random strings of length 23`, async () => {
      const t = SequenceTrainer.create(config(model), new CpuBackend());
      for (let i = 0; i < 10; i++) await t.step();
      const [n, L] = [5, 23];
      let s = 12345;
      const tokens = Int32Array.from({ length: n * L }, () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) & 1);
      const want = await t.predict(tokens, n, L);
      const session = await sessionFromBytes(exportSequenceModel(await t.weights(), model));
      expect([...session.inputNames]).toEqual(['tokens']);
      const ort = nodeOrt();
      const input = new ort.Tensor('int64', BigInt64Array.from(tokens, (v) => BigInt(v)), [n, L]);
      const out = await session.run({ tokens: input });
      expect(out.logits.dims).toEqual([n, L, 2]);
      const got = out.logits.data as Float32Array;
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / (1 + Math.abs(want[i])));
      expect(worst).toBeLessThan(TOL);
      expect(Math.max(...want.map(Math.abs))).toBeGreaterThan(0.1); // not a trivially flat model
      await session.release();
      t.dispose();
    });
  }
});
