/**
 * The LSTM (models/lstm.ts) on the CPU twin: its forward equals a plain loop written from PyTorch's
 * nn.LSTM equations (gate order, the two biases, the zero initial state); an output gradient that does
 * not reach the loss is ignored even when its buffer holds garbage; and it learns 5-bit parity.
 * (Its gradients against finite differences: gradcheck.test.ts.)
 */
import { expect, test } from 'vitest';
import type { Backend } from '../../../src/lib/train/backend';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { buildLstm } from '../../../src/lib/train/models/lstm';
import { add, crossEntropy, lstmCell, mean, mul, sum } from '../../../src/lib/train/ops';
import { AdamW } from '../../../src/lib/train/optim';
import { Graph } from '../../../src/lib/train/tensor';
import { closeness, describeBackends, maxAbs, randomArray } from './backends';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Final-step logits [B, n_out] by PyTorch's equations, from the named weights. */
function referenceLogits(w: Record<string, Float32Array>, tokens: Int32Array, B: number, T: number, H: number, nOut: number): Float64Array {
  const out = new Float64Array(B * nOut);
  for (let b = 0; b < B; b++) {
    let h = new Float64Array(H);
    let c = new Float64Array(H);
    for (let t = 0; t < T; t++) {
      const x = tokens[b * T + t];
      const pre = new Float64Array(4 * H);
      for (let r = 0; r < 4 * H; r++) {
        let s = w.W_E[x * 4 * H + r] + w.b_ih[r] + w.b_hh[r];
        for (let k = 0; k < H; k++) s += h[k] * w.W_hh[r * H + k];
        pre[r] = s;
      }
      const h2 = new Float64Array(H);
      const c2 = new Float64Array(H);
      for (let j = 0; j < H; j++) {
        const [i, f, g, o] = [sigmoid(pre[j]), sigmoid(pre[H + j]), Math.tanh(pre[2 * H + j]), sigmoid(pre[3 * H + j])];
        c2[j] = f * c[j] + i * g;
        h2[j] = o * Math.tanh(c2[j]);
      }
      h = h2;
      c = c2;
    }
    for (let n = 0; n < nOut; n++) {
      let s = w.b_U[n];
      for (let j = 0; j < H; j++) s += h[j] * w.W_U[j * nOut + n];
      out[b * nOut + n] = s;
    }
  }
  return out;
}

test('the forward is PyTorch nn.LSTM + a linear readout on the final hidden state', async () => {
  const be = new CpuBackend();
  const [B, T, H, nOut] = [3, 6, 5, 2];
  const tokens = Int32Array.from({ length: B * T }, (_, i) => (i * 7 + (i >> 2)) % 3);
  const g = new Graph(be);
  const net = buildLstm(g, be, { vocab: 3, d_hidden: H, n_out: nOut, T, B, seed: 4, perStep: false }, tokens);
  g.forward();
  const w = Object.fromEntries(Object.entries(await net.store.weights()).map(([k, v]) => [k, v.data]));
  const want = referenceLogits(w, tokens, B, T, H, nOut);
  expect(closeness(be.readSync(net.logits.data, B * nOut), want, 1e-5, 1e-4)).toBeNull();
});

test('lstmCell ignores a stale gradient in an output that does not reach the loss', () => {
  const be = new CpuBackend({ float64: true });
  const g = new Graph(be);
  const pre = g.tensor([2, 12], true, 'pre');
  const cPrev = g.tensor([2, 3], true, 'cPrev');
  be.writeF64(pre.data, Float64Array.from(randomArray(24, 1, 2)));
  be.writeF64(cPrev.data, Float64Array.from(randomArray(6, 2)));
  const { h, c } = lstmCell(pre, cPrev);
  const R = g.tensor([2, 3], false, 'R');
  be.writeF64(R.data, Float64Array.from(randomArray(6, 3)));
  const loss = sum(mul(h, R));
  const grads = () => {
    g.forward();
    g.backward(loss);
    return [...be.readF64(pre.grad!, 24), ...be.readF64(cPrev.grad!, 6)];
  };
  const clean = grads();
  be.writeF64(c.grad!, [9, -9, 9, -9, 9, -9]);
  expect(grads()).toEqual(clean);
});

// Every prefix labelled (as the sequence trainer trains): with the final label alone, full-batch parity sits
// on its 0.693 plateau for ~500 steps before it drops; with the prefixes it learns in under 100.
test('LSTM learns the parity of every prefix of all 32 5-bit strings within 300 steps', () => {
  const be = new CpuBackend();
  const T = 5;
  const B = 2 ** T;
  const tokens = new Int32Array(B * T);
  for (let s = 0; s < B; s++) for (let t = 0; t < T; t++) tokens[s * T + t] = (s >> t) & 1;
  const parity = (s: number, t: number) => tokens.subarray(s * T, s * T + t + 1).reduce((a, b) => a ^ b, 0);
  const g = new Graph(be);
  const net = buildLstm(g, be, { vocab: 2, d_hidden: 16, n_out: 2, T, B, seed: 0, perStep: true }, tokens);
  const loss = net.stepLogits
    .map((logits, t) => {
      const y = g.tensor([B], false, `labels${t}`, 'i32');
      be.write(y.data, Int32Array.from({ length: B }, (_, s) => parity(s, t)));
      return mean(crossEntropy(logits, y));
    })
    .reduce((a, b) => add(a, b));
  const opt = new AdamW(net.store, { lr: 3e-2, weightDecay: 0, beta1: 0.9, beta2: 0.98, eps: 1e-8, warmupSteps: 0 });
  let l = Infinity;
  for (let i = 0; i < 300 && l > 0.05; i++) {
    net.store.zeroGrad();
    g.forward();
    g.backward(loss);
    opt.update();
    l = be.readSync(loss.data, 1)[0];
  }
  g.forward();
  let ok = 0;
  for (let t = 0; t < T; t++) {
    const logits = be.readSync(net.stepLogits[t].data, B * 2);
    for (let s = 0; s < B; s++) if ((logits[2 * s + 1] > logits[2 * s] ? 1 : 0) === parity(s, t)) ok++;
  }
  expect(ok).toBe(B * T);
});

/** Loss and flat parameter gradients of one forward + backward of a per-step LSTM on prefix parity. */
async function lossAndGrads(be: Backend): Promise<{ loss: number; grads: Float32Array }> {
  const [B, T] = [6, 7];
  const tokens = Int32Array.from({ length: B * T }, (_, i) => (i * 5 + (i >> 3)) % 2);
  const g = new Graph(be);
  const net = buildLstm(g, be, { vocab: 2, d_hidden: 9, n_out: 2, T, B, seed: 3, perStep: true }, tokens);
  const loss = net.stepLogits
    .map((logits, t) => {
      const y = g.tensor([B], false, `labels${t}`, 'i32');
      be.write(y.data, Int32Array.from({ length: B }, (_, s) => tokens.subarray(s * T, s * T + t + 1).reduce((a, b) => a ^ b, 0)));
      return mean(crossEntropy(logits, y));
    })
    .reduce((a, b) => add(a, b));
  for (let pass = 0; pass < 2; pass++) { // the second replay must give the same gradients
    net.store.zeroGrad();
    g.forward();
    g.backward(loss);
  }
  const out = { loss: (await be.read(loss.data, 1))[0], grads: await be.read(net.store.grads, net.store.total) };
  g.dispose();
  net.store.dispose();
  return out;
}

describeBackends('LSTM forward and backward vs the float64 twin', (be) => {
  test('loss and every parameter gradient', async () => {
    const want = await lossAndGrads(new CpuBackend({ float64: true }));
    const got = await lossAndGrads(be());
    expect(got.loss).toBeCloseTo(want.loss, 5);
    expect(closeness(got.grads, want.grads, 1e-5 * Math.max(1, maxAbs(want.grads)), 1e-4)).toBeNull();
  });
});
