/**
 * Every op's backward against central finite differences, on the CPU twin in float64 mode
 * (buffers stored as float64, so the finite differences are accurate: h = 1e-5, truncation error
 * ~h^2, round-off ~1e-16/h). The scalar checked is L = sum(out * R) for a fixed random R, so every
 * output element's gradient path is exercised. Tolerance: |analytic - numeric| <= 1e-6 * max(1, |numeric|).
 * Up to 16 elements of every input are probed.
 */
import { describe, expect, test } from 'vitest';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { Graph, type Tensor } from '../../../src/lib/train/tensor';
import * as ops from '../../../src/lib/train/ops';
import { ParamStore } from '../../../src/lib/train/params';
import { buildTransformer, transformerSpecs, type TransformerConfig } from '../../../src/lib/train/models/transformer';
import { buildElman } from '../../../src/lib/train/models/rnn';
import { buildLstm } from '../../../src/lib/train/models/lstm';
import { randomArray } from './backends';

const H = 1e-5;
const TOL = 1e-6;

interface Built {
  /** Inputs whose gradients are checked (f32 tensors with grad). */
  inputs: Tensor[];
  out: Tensor;
}

function gradcheck(build: (g: Graph, be: CpuBackend, rnd: (t: Tensor, scale?: number) => void) => Built): void {
  const be = new CpuBackend({ float64: true });
  const g = new Graph(be);
  let seed = 1;
  const rnd = (t: Tensor, scale = 1) => be.writeF64(t.data, Float64Array.from(randomArray(t.size, seed++, scale)));
  const { inputs, out } = build(g, be, rnd);
  const R = g.tensor(out.shape, false, 'R');
  rnd(R);
  const loss = ops.sum(ops.mul(out, R));
  g.forward();
  g.backward(loss);
  const analytic = inputs.map((t) => be.readF64(t.grad!, t.size));
  const lossAt = () => {
    g.forward();
    return be.readF64(loss.data, 1)[0];
  };
  inputs.forEach((t, k) => {
    const x = be.readF64(t.data, t.size);
    const stride = Math.max(1, Math.floor(t.size / 16));
    for (let i = 0; i < t.size; i += stride) {
      const orig = x[i];
      x[i] = orig + H;
      be.writeF64(t.data, x);
      const lp = lossAt();
      x[i] = orig - H;
      be.writeF64(t.data, x);
      const lm = lossAt();
      x[i] = orig;
      be.writeF64(t.data, x);
      const numeric = (lp - lm) / (2 * H);
      const a = analytic[k][i];
      if (!(Math.abs(a - numeric) <= TOL * Math.max(1, Math.abs(numeric)))) {
        throw new Error(`${t.label}[${i}]: analytic ${a} vs numeric ${numeric}`);
      }
    }
  });
  expect(analytic.every((a) => a.some((v) => v !== 0))).toBe(true);
}

const leaf = (g: Graph, shape: number[], label: string) => g.tensor(shape, true, label);
const ints = (g: Graph, be: CpuBackend, values: number[], label = 'idx') => {
  const t = g.tensor([values.length], false, label, 'i32');
  be.write(t.data, Int32Array.from(values));
  return t;
};

describe('gradcheck (cpu, float64)', () => {
  test('gatherRows (repeated indices)', () =>
    gradcheck((g, be, rnd) => {
      const table = leaf(g, [5, 3], 'table');
      rnd(table);
      return { inputs: [table], out: ops.gatherRows(table, ints(g, be, [4, 0, 4, 2, 4])) };
    }));

  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      test(`matmul transA=${transA} transB=${transB}`, () =>
        gradcheck((g, _be, rnd) => {
          const [M, K, N] = [4, 5, 3];
          const a = leaf(g, transA ? [K, M] : [M, K], 'a');
          const b = leaf(g, transB ? [N, K] : [K, N], 'b');
          rnd(a);
          rnd(b);
          return { inputs: [a, b], out: ops.matmul(a, b, { transA, transB, alpha: 0.7 }) };
        }));
    }
  }

  test('matmul with fused bias + relu, 3-D activations', () =>
    gradcheck((g, _be, rnd) => {
      const x = leaf(g, [2, 3, 5], 'x');
      const w = leaf(g, [6, 5], 'w');
      const bias = leaf(g, [6], 'bias');
      rnd(x);
      rnd(w);
      rnd(bias, 0.5);
      return { inputs: [x, w, bias], out: ops.matmul(x, w, { transB: true, bias, act: 'relu' }) };
    }));

  for (const act of ['tanh', 'sigmoid'] as const) {
    test(`matmul with fused ${act}`, () =>
      gradcheck((g, _be, rnd) => {
        const x = leaf(g, [3, 4], 'x');
        const w = leaf(g, [4, 2], 'w');
        rnd(x);
        rnd(w);
        return { inputs: [x, w], out: ops.matmul(x, w, { act }) };
      }));
  }

  test('matmul batched, broadcast left operand', () =>
    gradcheck((g, _be, rnd) => {
      const a = leaf(g, [3, 4], 'a');
      const b = leaf(g, [2, 4, 5], 'b');
      rnd(a);
      rnd(b);
      return { inputs: [a, b], out: ops.matmul(a, b) };
    }));

  test('matmul batched, transposed both', () =>
    gradcheck((g, _be, rnd) => {
      const a = leaf(g, [2, 4, 3], 'a');
      const b = leaf(g, [2, 5, 4], 'b');
      rnd(a);
      rnd(b);
      return { inputs: [a, b], out: ops.matmul(a, b, { transA: true, transB: true }) };
    }));

  test('add, same shape and broadcast over rows', () =>
    gradcheck((g, _be, rnd) => {
      const a = leaf(g, [4, 2, 3], 'a');
      const b = leaf(g, [2, 3], 'b');
      const c = leaf(g, [4, 2, 3], 'c');
      rnd(a);
      rnd(b);
      rnd(c);
      return { inputs: [a, b, c], out: ops.add(ops.add(a, b), c) };
    }));

  for (const kind of ['relu', 'tanh', 'sigmoid'] as const) {
    test(kind, () =>
      gradcheck((g, _be, rnd) => {
        const x = leaf(g, [7, 3], 'x');
        rnd(x, 2);
        return { inputs: [x], out: ops.unary(kind, x) };
      }));
  }

  test('mul (and a tensor used twice)', () =>
    gradcheck((g, _be, rnd) => {
      const a = leaf(g, [6], 'a');
      const b = leaf(g, [6], 'b');
      rnd(a);
      rnd(b);
      return { inputs: [a, b], out: ops.mul(ops.mul(a, b), a) };
    }));

  // Both outputs reach the loss; then h alone (c's gradient is never written: the last step's case).
  for (const uses of ['h and c', 'h only'] as const) {
    test(`lstmCell, ${uses}`, () =>
      gradcheck((g, _be, rnd) => {
        const pre = leaf(g, [3, 4 * 5], 'pre');
        const cPrev = leaf(g, [3, 5], 'cPrev');
        rnd(pre, 2);
        rnd(cPrev, 1.5);
        const { h, c } = ops.lstmCell(pre, cPrev);
        return { inputs: [pre, cPrev], out: uses === 'h only' ? h : ops.add(ops.mul(h, h), c) };
      }));
  }

  test('lstmCell chained twice, zero initial state without gradient', () =>
    gradcheck((g, _be, rnd) => {
      const pre0 = leaf(g, [2, 12], 'pre0');
      const pre1 = leaf(g, [2, 12], 'pre1');
      rnd(pre0, 2);
      rnd(pre1, 2);
      const first = ops.lstmCell(pre0, g.tensor([2, 3], false, 'c0'));
      const second = ops.lstmCell(pre1, first.c);
      return { inputs: [pre0, pre1], out: ops.add(second.h, first.h) };
    }));

  test('softmax', () =>
    gradcheck((g, _be, rnd) => {
      const x = leaf(g, [3, 5], 'x');
      rnd(x, 2);
      return { inputs: [x], out: ops.softmax(x) };
    }));

  for (const Tq of [4, 1]) {
    test(`causal attention, queries at the last ${Tq} positions`, () =>
      gradcheck((g, _be, rnd) => {
        const qkv = leaf(g, [2, 4, 3 * 2 * 3], 'qkv');
        rnd(qkv, 1.5);
        return { inputs: [qkv], out: ops.causalAttention(qkv, 2, 3, Tq).z };
      }));
  }

  test('layer norm', () =>
    gradcheck((g, _be, rnd) => {
      const x = leaf(g, [4, 6], 'x');
      const gamma = leaf(g, [6], 'gamma');
      const beta = leaf(g, [6], 'beta');
      rnd(x, 2);
      rnd(gamma);
      rnd(beta);
      return { inputs: [x, gamma, beta], out: ops.layerNorm(x, gamma, beta) };
    }));

  test('cross-entropy over all rows', () =>
    gradcheck((g, be, rnd) => {
      const x = leaf(g, [4, 5], 'logits');
      rnd(x, 2);
      return { inputs: [x], out: ops.crossEntropy(x, ints(g, be, [0, 4, 2, 2], 'targets')) };
    }));

  test('cross-entropy over chosen rows', () =>
    gradcheck((g, be, rnd) => {
      const x = leaf(g, [6, 5], 'logits');
      rnd(x, 2);
      const loss = ops.crossEntropy(x, ints(g, be, [1, 3, 0], 'targets'), ints(g, be, [5, 2, 5], 'rows'));
      return { inputs: [x], out: loss };
    }));

  test('sum and mean', () =>
    gradcheck((g, _be, rnd) => {
      const x = leaf(g, [3, 4], 'x');
      const y = leaf(g, [5], 'y');
      rnd(x);
      rnd(y);
      return { inputs: [x, y], out: ops.add(ops.sum(ops.mul(x, x)), ops.mean(ops.tanh(y))) };
    }));

  const tiny: TransformerConfig = { d_vocab: 6, d_model: 8, n_heads: 2, d_head: 3, d_mlp: 10, n_ctx: 4, n_layers: 1, layerNorm: false };
  for (const [name, cfg, lastOnly, tokenTables] of [
    ['transformer, final position only', tiny, true, false],
    ['transformer, final position only, token tables', tiny, true, true],
    ['transformer, all positions', tiny, false, false],
    ['transformer, all positions, token tables', tiny, false, true],
    ['transformer, 2 layers + LayerNorm', { ...tiny, n_layers: 2, layerNorm: true }, true, false],
    ['transformer, 2 layers + LayerNorm, token tables', { ...tiny, n_layers: 2, layerNorm: true }, true, true],
  ] as const) {
    test(`${name}: every parameter`, () =>
      gradcheck((g, be, rnd) => {
        const store = new ParamStore(be, transformerSpecs(cfg));
        store.init(3);
        const inputs = store.slots.map((s) => store.tensor(g, s.name));
        for (const t of inputs) if (t.label.startsWith('b_') || t.label.includes('.b_')) rnd(t, 0.3);
        const T = 3;
        const B = 2;
        const out = buildTransformer(g, store, cfg, B, T, { lastOnly, tokenTables });
        out.setTokens(Int32Array.from([1, 2, 5, 4, 1, 5]));
        const labels = ints(g, be, lastOnly ? [3, 0] : [3, 0, 1, 2, 2, 4], 'labels');
        const loss = ops.crossEntropy(out.logits, labels);
        // Parameters are views into the store's flat grad buffer (accumulate into zero).
        return { inputs, out: loss };
      }));
  }

  test('Elman RNN: every parameter', () =>
    gradcheck((g, be) => {
      const { store, logits } = buildElman(g, be, { vocab: 4, d_hidden: 5, n_out: 3, T: 4, B: 2, seed: 5, perStep: false }, Int32Array.from([0, 1, 2, 3, 3, 2, 1, 0]));
      const inputs = store.slots.map((s) => store.tensor(g, s.name));
      return { inputs, out: ops.crossEntropy(logits, ints(g, be, [2, 1], 'labels')) };
    }));

  for (const perStep of [false, true]) {
    test(`LSTM${perStep ? ', per-step logits' : ''}: every parameter`, () =>
      gradcheck((g, be) => {
        const o = { vocab: 3, d_hidden: 4, n_out: 3, T: 4, B: 2, seed: 7, perStep };
        const { store, logits, stepLogits } = buildLstm(g, be, o, Int32Array.from([0, 1, 2, 1, 2, 2, 0, 1]));
        const inputs = store.slots.map((s) => store.tensor(g, s.name));
        const labels = ints(g, be, [2, 1], 'labels');
        const out = perStep
          ? stepLogits.map((l) => ops.crossEntropy(l, labels)).reduce((a, b) => ops.add(a, b))
          : ops.crossEntropy(logits, labels);
        return { inputs, out };
      }));
  }
});
