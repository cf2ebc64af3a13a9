/**
 * AdamW against a hand-computed reference (PyTorch's torch.optim.AdamW formulas, worked by hand below
 * in float64), and the warm-up schedule (LambdaLR semantics: the first update has lr 0).
 * Tolerance: 1e-6 relative (the kernel stores float32).
 */
import { describe, expect, test } from 'vitest';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { AdamW, lrAt } from '../../../src/lib/train/optim';
import { ParamStore } from '../../../src/lib/train/params';
import { describeBackends } from './backends';

describeBackends('adamw kernel', (be) => {
  test('two steps match the hand-computed values', async () => {
    const b = be();
    const p = b.alloc(3, 'f32', 'p');
    const g = b.alloc(3, 'f32', 'g');
    const m = b.alloc(3, 'f32', 'm');
    const v = b.alloc(3, 'f32', 'v');
    b.write(p, Float32Array.from([1, -2, 0.5]));
    const lr = 0.1, beta1 = 0.9, beta2 = 0.98, eps = 1e-8, wd = 0.5;
    // Step 1, g = [0.5, -1, 0]:
    //   p *= 1 - 0.1*0.5 = 0.95 -> [0.95, -1.9, 0.475]
    //   m = 0.1 g = [0.05, -0.1, 0];  v = 0.02 g^2 = [0.005, 0.02, 0]
    //   m_hat = m / 0.1 = g;  sqrt(v_hat) = sqrt(v / 0.02) = |g|
    //   p -= 0.1 * g / (|g| + 1e-8) -> [0.95 - 0.1*0.5/(0.5+1e-8), -1.9 + 0.1*1/(1+1e-8), 0.475]
    b.write(g, Float32Array.from([0.5, -1, 0]));
    b.adamw({ params: p, grads: g, m, v, n: 3, lr, beta1, beta2, eps, weightDecay: wd, step: 1 });
    const p1 = [0.95 - (0.1 * 0.5) / (0.5 + 1e-8), -1.9 + (0.1 * 1) / (1 + 1e-8), 0.475];
    expect(Array.from(await b.read(p, 3)).map((x, i) => Math.abs(x - p1[i]) <= 1e-6 * Math.abs(p1[i]))).toEqual([true, true, true]);
    // Step 2, g = [0.25, 1, 2]:
    b.write(g, Float32Array.from([0.25, 1, 2]));
    b.adamw({ params: p, grads: g, m, v, n: 3, lr, beta1, beta2, eps, weightDecay: wd, step: 2 });
    const g1 = [0.5, -1, 0], g2 = [0.25, 1, 2];
    const p2 = p1.map((x, i) => {
      const mm = 0.9 * (0.1 * g1[i]) + 0.1 * g2[i];
      const vv = 0.98 * (0.02 * g1[i] ** 2) + 0.02 * g2[i] ** 2;
      const mh = mm / (1 - 0.9 ** 2);
      const denom = Math.sqrt(vv) / Math.sqrt(1 - 0.98 ** 2) + eps;
      return x * (1 - lr * wd) - lr * (mh / denom);
    });
    // Written out for i = 2 (g1 = 0): m = 0.2, v = 0.08, m_hat = 0.2/0.19, sqrt(v_hat) = sqrt(0.08/0.0396)
    expect(p2[2]).toBeCloseTo(0.475 * 0.95 - 0.1 * (0.2 / 0.19) / Math.sqrt(0.08 / 0.0396), 8);
    const got = await b.read(p, 3);
    for (let i = 0; i < 3; i++) expect(Math.abs(got[i] - p2[i])).toBeLessThanOrEqual(1e-6 * Math.abs(p2[i]));
    const mGot = await b.read(m, 3);
    expect(Math.abs(mGot[0] - (0.9 * 0.05 + 0.025))).toBeLessThanOrEqual(1e-7);
    for (const x of [p, g, m, v]) b.free(x);
  });
});

describe('warm-up and the optimizer over a flat store', () => {
  const cfg = { lr: 1e-3, weightDecay: 1, beta1: 0.9, beta2: 0.98, eps: 1e-8, warmupSteps: 10 };
  test('lr * min(t / warmup, 1) with t = updates already taken (PyTorch LambdaLR)', () => {
    expect(lrAt(cfg, 0)).toBe(0);
    expect(lrAt(cfg, 5)).toBeCloseTo(5e-4, 12);
    expect(lrAt(cfg, 10)).toBe(1e-3);
    expect(lrAt(cfg, 5000)).toBe(1e-3);
    expect(lrAt({ ...cfg, warmupSteps: 0 }, 0)).toBe(1e-3);
  });

  test('first update leaves params unchanged (lr 0) but advances the moments', async () => {
    const be = new CpuBackend();
    const store = new ParamStore(be, [{ name: 'w', shape: [4], init: { kind: 'const', value: 1 } }]);
    store.init(0);
    be.write(store.grads, Float32Array.from([1, 2, 3, 4]));
    const opt = new AdamW(store, cfg);
    opt.update();
    expect(Array.from(be.readSync(store.params, 4))).toEqual([1, 1, 1, 1]);
    expect(be.readSync(store.m, 4)[3]).toBeCloseTo(0.4, 6);
    expect(opt.step).toBe(1);
    opt.update();
    expect(be.readSync(store.params, 1)[0]).toBeLessThan(1);
  });
});
