// The Delétang trainer (src/lib/train/sequence/deletang-trainer.ts): it resumes bit for bit, it learns a
// task in the format (loss falls on reverse string), the LSTM's forget-gate bias is added at init, the
// scratchpad's fed-back score equals scoring prefix by prefix, and the ONNX export of a multi-class model
// gives the engine's logits.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { exportSequenceModel } from '../../../src/lib/train/onnx/sequence-export';
import type { DeletangRunConfig, SequenceModelConfig } from '../../../src/lib/train/run/config';
import { DeletangTrainer } from '../../../src/lib/train/sequence/deletang-trainer';
import { evalBatch, makeBatch, type Problem } from '../../../src/lib/tasks/deletang-batch';
import { nodeOrt, sessionFromBytes } from '../onnx/ort-node';

function config(problem: Problem, model: SequenceModelConfig, lr = 1e-2): DeletangRunConfig {
  return {
    task: 'deletang', title: 't', description: 'd', problem, seed: 4, model,
    train: { maxLen: 5, batch: 8 }, eval: { maxLen: 10, perLength: 8 }, stop: { every: 10, patience: 2 },
    optim: { lr, weightDecay: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, warmupSteps: 0 },
    steps: 100, logEvery: 1,
  };
}

const transformer: SequenceModelConfig = { arch: 'transformer', d_model: 8, n_heads: 2, d_head: 4, d_mlp: 16, n_layers: 1, pe: 'randomized', maxPositions: 64 };
const models: SequenceModelConfig[] = [transformer, { arch: 'rnn', d_hidden: 6 }, { arch: 'lstm', d_hidden: 5, forgetBias: 1 }];

describe('DeletangTrainer', () => {
  for (const m of models) {
    it(`${m.arch}: a stopped and resumed run ends with the same losses and state bytes as an uninterrupted one`, async () => {
      const cfg = config('stack-manipulation', m);
      const a = DeletangTrainer.create(cfg, new CpuBackend());
      const la: number[] = [];
      for (let i = 0; i < 10; i++) la.push(await a.step());
      const b1 = DeletangTrainer.create(cfg, new CpuBackend());
      const lb: number[] = [];
      for (let i = 0; i < 5; i++) lb.push(await b1.step());
      const b2 = DeletangTrainer.fromState(await b1.saveState(), new CpuBackend());
      b1.dispose();
      for (let i = 0; i < 5; i++) lb.push(await b2.step());
      expect(lb).toEqual(la);
      expect(Buffer.compare(Buffer.from(await a.saveState()), Buffer.from(await b2.saveState()))).toBe(0);
      a.dispose();
      b2.dispose();
    });
  }

  it('an LSTM learns reverse string on lengths 1..5: the loss falls by half in 300 steps', async () => {
    const t = DeletangTrainer.create(config('reverse-string', { arch: 'lstm', d_hidden: 16, forgetBias: 1 }), new CpuBackend());
    const first: number[] = [];
    const last: number[] = [];
    for (let i = 0; i < 300; i++) (i < 20 ? first : i >= 280 ? last : []).push(await t.step());
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(last)).toBeLessThan(mean(first) / 2);
    expect(await t.accuracyAt(3)).toBeGreaterThan(0.8);
    t.dispose();
  });

  it('forgetBias adds to b_hh’s forget block only (gate blocks i | f | g | o)', async () => {
    const H = 4;
    const plain = await DeletangTrainer.create(config('parity-check', { arch: 'lstm', d_hidden: H }), new CpuBackend()).weights();
    const biased = await DeletangTrainer.create(config('parity-check', { arch: 'lstm', d_hidden: H, forgetBias: 1 }), new CpuBackend()).weights();
    const diff = [...biased.b_hh.data].map((v, i) => Math.round((v - plain.b_hh.data[i]) * 1e5) / 1e5);
    expect(diff).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect([...biased.b_ih.data]).toEqual([...plain.b_ih.data]);
  });

  it('the scratchpad fed back pass by pass writes the notes that scoring each prefix alone would', async () => {
    const m: SequenceModelConfig = { ...transformer, pe: 'sinusoidal' };
    const t = DeletangTrainer.create(config('parity-scratchpad', m, 3e-2), new CpuBackend());
    for (let i = 0; i < 30; i++) await t.step();
    const n = 6;
    const b = evalBatch('parity-scratchpad', n, 5);
    const { notes } = await t.scoreScratchpad(b);
    // Prefix by prefix: a row of length i+1, each bit with the note before it; the answer at position i.
    for (let i = 0; i < n; i++) {
      const T = i + 1;
      const tokens = new Int32Array(b.B * T);
      for (let r = 0; r < b.B; r++) {
        for (let k = 0; k <= i; k++) tokens[r * T + k] = b.samples[r].input[k] + 2 * (k ? notes[r * n + k - 1] : 0);
      }
      const lg = await t.logits({ ...b, T, tokens });
      for (let r = 0; r < b.B; r++) {
        const o = (r * T + i) * 2;
        expect(lg[o + 1] > lg[o] ? 1 : 0).toBe(notes[r * n + i]);
      }
    }
    t.dispose();
  });

  for (const m of [transformer, { arch: 'lstm', d_hidden: 5 }, { arch: 'rnn', d_hidden: 4 }] as SequenceModelConfig[]) {
    it(`${m.arch}: the ONNX export of a stack-manipulation model (6 tokens, 3 classes) gives the engine's logits`, async () => {
      const t = DeletangTrainer.create(config('stack-manipulation', m), new CpuBackend());
      for (let i = 0; i < 10; i++) await t.step();
      const b = evalBatch('stack-manipulation', 9, 4);
      const positions = m.arch === 'transformer' ? Int32Array.from({ length: b.B * b.T }, (_, i) => 3 * (i % b.T)) : undefined;
      const want = await t.logits(b, positions);
      const session = await sessionFromBytes(exportSequenceModel(await t.weights(), m));
      const ort = nodeOrt();
      const big = (a: Int32Array) => new ort.Tensor('int64', BigInt64Array.from(a, (v) => BigInt(v)), [b.B, b.T]);
      const out = await session.run(positions ? { tokens: big(b.tokens), positions: big(positions) } : { tokens: big(b.tokens) });
      expect(out.logits.dims).toEqual([b.B, b.T, 3]);
      const got = out.logits.data as Float32Array;
      for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(want[i])));
      t.dispose();
    });
  }
});

describe('fp16 export (how the table ships)', () => {
  it('fewer bytes, and the same answer as the fp32 weights at ≥ 99% of output positions', async () => {
    const m: SequenceModelConfig = { arch: 'transformer', d_model: 16, n_heads: 2, d_head: 8, d_mlp: 32, n_layers: 2, pe: 'sinusoidal', maxPositions: 64 };
    const t = DeletangTrainer.create(config('reverse-string', m, 3e-3), new CpuBackend());
    for (let i = 0; i < 200; i++) await t.step();
    const w = await t.weights();
    const f32 = exportSequenceModel(w, m);
    const f16 = exportSequenceModel(w, m, {}, { weightType: 'float16' });
    expect(f16.byteLength).toBeLessThan(0.75 * f32.byteLength); // weights halve; the graph itself does not
    const ort = nodeOrt();
    const b = evalBatch('reverse-string', 12, 32);
    const pos = Int32Array.from({ length: b.B * b.T }, (_, i) => i % b.T);
    const big = (a: Int32Array) => new ort.Tensor('int64', BigInt64Array.from(a, (v) => BigInt(v)), [b.B, b.T]);
    const run = async (bytes: Uint8Array) => ((await (await sessionFromBytes(bytes)).run({ tokens: big(b.tokens), positions: big(pos) })).logits.data as Float32Array);
    const [a, h] = [await run(f32), await run(f16)];
    let same = 0;
    let n = 0;
    for (let r = 0; r < b.B; r++) {
      for (const p of b.outPos) {
        const o = (r * b.T + p) * 2;
        same += Number((a[o + 1] > a[o]) === (h[o + 1] > h[o]));
        n++;
      }
    }
    expect(same / n).toBeGreaterThanOrEqual(0.99);
    t.dispose();
  });
});

describe('the scratchpad curve from one batch', () => {
  it('equals scoring each prefix length on the same inputs', async () => {
    const m: SequenceModelConfig = { arch: 'transformer', d_model: 8, n_heads: 2, d_head: 4, d_mlp: 16, n_layers: 1, pe: 'sinusoidal', maxPositions: 64 };
    const t = DeletangTrainer.create(config('parity-scratchpad', m, 3e-2), new CpuBackend());
    for (let i = 0; i < 40; i++) await t.step();
    const curve = await t.scratchpadCurve(7, 12);
    const long = evalBatch('parity-scratchpad', 7, 12);
    for (let len = 1; len <= 7; len++) {
      // The first `len` bits of each input, scored on their own.
      const short = makeBatch('parity-scratchpad', long.samples.map((s) => ({ input: s.input.slice(0, len), output: Int32Array.of(0), mask: Uint8Array.of(1) })));
      expect((await t.scoreScratchpad(short)).final, `length ${len}`).toBe(curve[len - 1]);
    }
    t.dispose();
  });
});
