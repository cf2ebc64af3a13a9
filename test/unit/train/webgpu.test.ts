/**
 * WebGPU-specific behaviour of the backend (the per-kernel comparisons with the CPU twin run for every
 * backend in kernels.test.ts): in-place and overlapping operands, views of one buffer, ordering of
 * uploads after recorded work, pooled buffers coming back zeroed, 2-D dispatch grids, the transposed-B
 * fast path of matmul. Reference: the float64 CPU twin. Tolerance per element:
 * |got - ref| <= 1e-5 max(1, max|ref|) sqrt(K) + 1e-4 |ref| (K = 1 outside matmul).
 * Runs on the driver that webgpu.global-setup.ts provisioned (lavapipe, else SwiftShader); it fails
 * (never skips) when there is none.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Backend, Buf, MatmulArgs } from '../../../src/lib/train/backend';
import { at } from '../../../src/lib/train/backend';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import type { WebGPUBackend } from '../../../src/lib/train/webgpu/backend';
import { webgpuFactory } from './webgpu-factory';
import { closeness, maxAbs, randomArray } from './backends';

let gpu: WebGPUBackend;
const ref = () => new CpuBackend({ float64: true });

beforeAll(async () => {
  const why = await webgpuFactory.available();
  if (why) throw new Error(`no WebGPU backend in this environment: ${why}`);
  gpu = (await webgpuFactory.create()) as WebGPUBackend;
});
afterAll(() => gpu?.dispose());

/** Run `f` on WebGPU and on the float64 twin with the same inputs; compare buffer `out`. */
async function twin(
  inputs: Float32Array[], f: (be: Backend, bufs: Buf[]) => number, K = 1,
): Promise<void> {
  const r = ref();
  const mk = (be: Backend) => inputs.map((d) => { const b = be.alloc(d.length); be.write(b, d); return b; });
  const gb = mk(gpu);
  const rb = mk(r);
  const gi = f(gpu, gb);
  const ri = f(r, rb);
  expect(gi).toBe(ri);
  const want = r.readF64(rb[ri], inputs[ri].length);
  const got = await gpu.read(gb[gi], inputs[gi].length);
  const atol = 1e-5 * Math.sqrt(K) * Math.max(1, maxAbs(want));
  const bad = closeness(got, want, atol, 1e-4);
  expect(bad).toBeNull();
  gb.forEach((b) => gpu.free(b));
}

describe('WebGPU backend specifics', () => {
  test('runs on a software Vulkan driver provisioned by the setup (never skipped)', () => {
    expect(gpu.name).toMatch(/^webgpu \((lavapipe|swiftshader|external)\)$/);
  });

  test('in-place element-wise ops (out == x) read through the output binding', async () => {
    const n = 1000;
    const staged = gpu.stats.staged;
    await twin([randomArray(n, 1), randomArray(n, 2), randomArray(50, 3)], (be, [x, y, bias]) => {
      be.unary('tanh', x, x, n);
      be.add(x, x, y, n, true); // x += x + y
      be.addBias(x, x, bias, 20, 50);
      be.unaryBackward('sigmoid', x, x, y, n, false);
      return 0;
    });
    expect(gpu.stats.staged).toBe(staged); // no copies were needed
  });

  test('an input whose bound range overlaps the output\'s (same buffer) is staged, same result', async () => {
    // Disjoint elements, but bindings start at 256-byte boundaries, so the bound ranges overlap and
    // WebGPU would reject the dispatch: the input goes through a scratch copy.
    const n = 66;
    const staged = gpu.stats.staged;
    await twin([randomArray(300, 4)], (be, [x]) => {
      be.scale(at(x, 70), at(x, 0), n, 0.5, true);
      be.copy(at(x, 140), at(x, 70), n);
      return 0;
    });
    expect(gpu.stats.staged).toBe(staged + 2);
  });

  test('two inputs that are views of one buffer (a flat parameter buffer), output elsewhere', async () => {
    const [M, N, K] = [19, 24, 40];
    await twin([randomArray(4096, 5), randomArray(M * K, 6), new Float32Array(M * N)], (be, [flat, x, y]) => {
      // W at flat[64..], bias at flat[2048..]: both bound read-only from the same buffer.
      be.matmul({ a: x, b: at(flat, 64), c: y, M, N, K, transB: true, bias: at(flat, 2048), act: 'relu' });
      return 2;
    }, K);
  });

  test('matmul: transposed B through the transpose + 8x8 vec4 path, batched, B broadcast, strided C', async () => {
    const [M, N, K, batch] = [64, 128, 64, 2]; // >= 2^20 multiply-adds; the same pipeline as kernels.test's 64x128x128
    const args = (a: Buf, b: Buf, c: Buf): MatmulArgs => ({
      a, b, c: at(c, 5), M, N, K, batch, transB: true, strideB: 0, ldc: N + 3, strideC: M * (N + 3), alpha: 0.5, accumulate: true,
    });
    await twin([randomArray(batch * M * K, 7), randomArray(N * K, 8), randomArray(batch * M * (N + 3) + 5, 9)],
      (be, [a, b, c]) => { be.matmul(args(a, b, c)); return 2; }, K);
  });

  test('matmul: odd shapes take the 4x4 scalar path (vocabulary 114, both transposes)', async () => {
    const [M, N, K] = [37, 114, 29];
    await twin([randomArray(K * M, 10), randomArray(N * K, 11), new Float32Array(M * N)], (be, [a, b, c]) => {
      be.matmul({ a, b, c, M, N, K, transA: true, transB: true, act: 'sigmoid' });
      return 2;
    }, K);
  });

  test('an upload after recorded work lands in stream order', async () => {
    const b = gpu.alloc(8);
    gpu.fill(b, 8, 3); // recorded, not submitted
    gpu.write(at(b, 2), Float32Array.from([10, 20])); // must land after the fill
    gpu.scale(b, b, 8, 2, false); // and before this
    expect(Array.from(await gpu.read(b, 8))).toEqual([6, 6, 20, 40, 6, 6, 6, 6]);
    gpu.free(b);
  });

  test('a pooled buffer comes back zeroed', async () => {
    const a = gpu.alloc(333);
    gpu.fill(a, 333, 7);
    gpu.free(a);
    const b = gpu.alloc(333); // same size class: reuses a's storage
    expect(maxAbs(await gpu.read(b, 333))).toBe(0);
    gpu.free(b);
  });

  test('element-wise work beyond 65535 workgroups spreads over a 2-D grid', async () => {
    const n = 256 * 65535 + 300; // 16.8M elements, 67 MB
    const b = gpu.alloc(n);
    gpu.fill(b, n, 1.5);
    gpu.scale(b, b, n, 2, true); // 4.5 everywhere
    const tail = await gpu.read(at(b, n - 400), 400);
    expect(Math.min(...tail)).toBe(4.5);
    expect(Math.max(...tail)).toBe(4.5);
    gpu.free(b);
  });

  test('an operand out of range is a clear error, not a silent read', () => {
    const b = gpu.alloc(10);
    expect(() => gpu.scale(b, at(b, 5), 10, 1, false)).toThrow(/out of range/);
    gpu.free(b);
  });
});
