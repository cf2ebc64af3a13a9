/** The Elman RNN baseline learns parity of short bit strings on the CPU twin (full batch, AdamW). */
import { expect, test } from 'vitest';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { buildElman } from '../../../src/lib/train/models/rnn';
import { crossEntropy, mean } from '../../../src/lib/train/ops';
import { AdamW } from '../../../src/lib/train/optim';
import { Graph } from '../../../src/lib/train/tensor';

test('Elman RNN learns 5-bit parity (all 32 strings) within 300 steps', async () => {
  const be = new CpuBackend();
  const T = 5;
  const B = 2 ** T;
  const tokens = new Int32Array(B * T);
  const labels = new Int32Array(B);
  for (let s = 0; s < B; s++) {
    for (let t = 0; t < T; t++) tokens[s * T + t] = (s >> t) & 1;
    labels[s] = tokens.subarray(s * T, s * T + T).reduce((a, b) => a ^ b, 0);
  }
  const g = new Graph(be);
  const net = buildElman(g, be, { vocab: 2, d_hidden: 16, n_out: 2, T, B, seed: 0, perStep: false }, tokens);
  const y = g.tensor([B], false, 'labels', 'i32');
  be.write(y.data, labels);
  const loss = mean(crossEntropy(net.logits, y));
  const opt = new AdamW(net.store, { lr: 3e-2, weightDecay: 0, beta1: 0.9, beta2: 0.98, eps: 1e-8, warmupSteps: 0 });
  let l = Infinity;
  for (let i = 0; i < 300 && l > 0.02; i++) {
    net.store.zeroGrad();
    g.forward();
    g.backward(loss);
    opt.update();
    l = be.readSync(loss.data, 1)[0];
  }
  g.forward();
  const logits = be.readSync(net.logits.data, B * 2);
  let ok = 0;
  for (let s = 0; s < B; s++) if ((logits[2 * s + 1] > logits[2 * s] ? 1 : 0) === labels[s]) ok++;
  expect(ok).toBe(B);
});
