// The CPU twin's arithmetic is pinned: 3 AdamW steps of the paper model (p = 113, 3,831 examples) with the
// plain matmul kernel give weights whose sha256 is the one the engine gave at commit 237a71c, before the
// kernels were made faster. Faster kernels must keep every bit (shipped CPU runs retrained from step 0
// are the same runs), on one thread and on two. The fused multiply-add kernel (--fma) is a different
// arithmetic and is tested in gemm-fma.test.ts.
import { afterEach, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { ModAddTrainer } from '../../../src/lib/train/trainer';
import { gemmKernelName } from '../../../src/lib/train/cpu/wasm/gemm';
import { startGemmThreads } from '../../../src/lib/train/cpu/wasm/gemm-pool.node.ts';
import type { TrainConfig } from '../../../src/lib/train/run/config';

const paper: TrainConfig = {
  task: 'modadd', p: 113, trainFrac: 0.3, seed: 0,
  model: { d_model: 128, n_heads: 4, d_head: 32, d_mlp: 512, n_ctx: 3 },
  optim: { lr: 1e-3, weightDecay: 1, beta1: 0.9, beta2: 0.98, eps: 1e-8, warmupSteps: 10 },
};
const PINNED = 'e4d171932d285d017128fc86013b8df6a3375bf0dc226a70df891accf393067a';

let stop: () => void = () => {};
afterEach(() => {
  stop();
  stop = () => {};
});

async function weightsSha(): Promise<string> {
  const t = ModAddTrainer.create(paper, new CpuBackend());
  for (let i = 0; i < 3; i++) await t.step();
  const w = await t.weights();
  t.dispose();
  const h = createHash('sha256');
  for (const [name, { data }] of Object.entries(w)) {
    h.update(name);
    h.update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  return h.digest('hex');
}

it.each([1, 2])('3 paper-model steps on %i thread(s): the weights of commit 237a71c, bit for bit', async (threads) => {
  expect(gemmKernelName()).toBe('simd128');
  stop = startGemmThreads(threads);
  expect(await weightsSha()).toBe(PINNED);
}, 120_000);
