// The sequence trainer resumes bit for bit: minibatches and randomized positions come from the saved
// PRNG stream, so a run stopped and continued from its state ends with the same bytes as one that was not.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import type { SequenceModelConfig, SequenceRunConfig } from '../../../src/lib/train/run/config';
import { SequenceTrainer } from '../../../src/lib/train/sequence/trainer';

function config(model: SequenceModelConfig): SequenceRunConfig {
  return {
    task: 'sequence', title: 't', description: 'd', language: 'parity', seed: 3, model,
    train: { maxLen: 6, batch: 8 }, eval: { maxLen: 12, perLength: 8 },
    optim: { lr: 1e-2, weightDecay: 0.1, beta1: 0.9, beta2: 0.98, eps: 1e-8, warmupSteps: 2 },
    steps: 8, logEvery: 1,
  };
}

const models: SequenceModelConfig[] = [
  { arch: 'transformer', d_model: 8, n_heads: 2, d_head: 4, d_mlp: 16, n_layers: 2, pe: 'randomized', maxPositions: 32 },
  { arch: 'rnn', d_hidden: 6 },
  { arch: 'lstm', d_hidden: 5 },
];

describe('SequenceTrainer', () => {
  for (const m of models) {
    it(`${m.arch}: a stopped and resumed run ends with the same state bytes and losses as an uninterrupted one`, async () => {
      const a = SequenceTrainer.create(config(m), new CpuBackend());
      const lossesA: number[] = [];
      for (let i = 0; i < 8; i++) lossesA.push(await a.step());
      const wa = new Uint8Array(await a.saveState());

      const b1 = SequenceTrainer.create(config(m), new CpuBackend());
      const lossesB: number[] = [];
      for (let i = 0; i < 4; i++) lossesB.push(await b1.step());
      const mid = await b1.saveState();
      b1.dispose();
      const b2 = SequenceTrainer.fromState(mid, new CpuBackend());
      expect(b2.stepCount).toBe(4);
      for (let i = 0; i < 4; i++) lossesB.push(await b2.step());
      const wb = new Uint8Array(await b2.saveState());

      expect(lossesB).toEqual(lossesA);
      expect(wb.length).toBe(wa.length);
      expect(Buffer.compare(Buffer.from(wa), Buffer.from(wb))).toBe(0);
      expect(Object.keys(await b2.weights()).sort()).toEqual(Object.keys(await a.weights()).sort());
      a.dispose();
      b2.dispose();
    });
  }
});
