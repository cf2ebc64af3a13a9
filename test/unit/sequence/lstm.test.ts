// The LSTM as a sequence run (model: { arch: 'lstm', d_hidden }): its config is validated like the RNN's,
// with errors that name the field, and a tiny one trained by the SequenceTrainer on parity lowers its loss.
// (Resuming bit for bit: trainer.test.ts; the ONNX export: recurrent-export.test.ts.)
import { describe, expect, it } from 'vitest';
import { runs, withField } from '../run-configs';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { ConfigError, parseAnyRunConfig, type SequenceRunConfig } from '../../../src/lib/train/run/config';
import { SequenceTrainer } from '../../../src/lib/train/sequence/trainer';

const rnn = runs['chomsky-dyck-rnn'];
const lstm = withField(rnn, 'model', { arch: 'lstm', d_hidden: 16 });

describe('LSTM sequence config', () => {
  it('parses model { arch: "lstm", d_hidden }', () => {
    const c = parseAnyRunConfig('x', lstm) as SequenceRunConfig;
    expect(c.model).toEqual({ arch: 'lstm', d_hidden: 16 });
  });

  it.each([
    ['model', { arch: 'lstm', d_hidden: 0 }, 'model.d_hidden must be >= 1'],
    ['model', { arch: 'lstm', d_hidden: 2.5 }, 'model.d_hidden must be an integer'],
    ['model', { arch: 'lstm' }, 'model.d_hidden'],
    ['model', { arch: 'lstm', d_hidden: 8, pe: 'sinusoidal' }, 'model.pe is not a known field'],
    ['model', { arch: 'gru', d_hidden: 8 }, 'model.arch must be one of "transformer", "rnn", "lstm"'],
  ])('a bad %s (%j) names the field', (field, value, message) => {
    expect(() => parseAnyRunConfig('x', withField(rnn, field, value))).toThrow(ConfigError);
    expect(() => parseAnyRunConfig('x', withField(rnn, field, value))).toThrow(message);
  });
});

describe('LSTM sequence training', () => {
  it('a tiny LSTM trained on parity lowers its loss within 40 steps', async () => {
    const config: SequenceRunConfig = {
      task: 'sequence', title: 't', description: 'd', language: 'parity', seed: 2, model: { arch: 'lstm', d_hidden: 8 },
      train: { maxLen: 4, batch: 32 }, eval: { maxLen: 16, perLength: 8 },
      optim: { lr: 3e-2, weightDecay: 0, beta1: 0.9, beta2: 0.98, eps: 1e-8, warmupSteps: 0 },
      steps: 40, logEvery: 1,
    };
    const t = SequenceTrainer.create(config, new CpuBackend());
    const losses: number[] = [];
    for (let i = 0; i < 40; i++) losses.push(await t.step());
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(avg(losses.slice(0, 5))).toBeGreaterThan(0.6); // chance: ln 2 per position
    expect(avg(losses.slice(-5))).toBeLessThan(0.5 * avg(losses.slice(0, 5)));
    const curve = await t.accuracyCurve(8, 8);
    expect(curve.map((p) => p.length)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(curve.slice(0, 4).every((p) => p.accuracy === 1)).toBe(true); // the trained lengths
    t.dispose();
  });
});
