// The runtime over a real exported model in onnxruntime-web (Node, WASM), with fetch faked from memory.
import { describe, expect, it } from 'vitest';
import { ModelRuntime } from '../../../src/lib/inference/runtime';
import { CheckpointError } from '../../../src/lib/inference/errors';
import { sha256Hex } from '../../../src/lib/inference/sha256';
import type { OrtModuleLike, OrtSessionLike } from '../../../src/lib/inference/ort-types';
import { exportTransformer } from '../../../src/lib/train/onnx';
import { allPairsTokens, cpuForward } from '../../../src/lib/analysis/forward';
import { randomWeights, tinyDims } from '../onnx/random-weights';
import { nodeOrt } from '../onnx/ort-node';

const dims = tinyDims(11);
const weights = randomWeights(dims, 7);
const model = exportTransformer(weights, dims);
const p = dims.p;

function serve(files: Record<string, Uint8Array>, log: string[] = []): typeof fetch {
  return (async (u: RequestInfo | URL) => {
    const url = String(u);
    log.push(url);
    const f = files[url];
    return f ? new Response(f as Uint8Array<ArrayBuffer>) : new Response(null, { status: 404 });
  }) as typeof fetch;
}

const realOrt = async (): Promise<OrtModuleLike> => nodeOrt() as unknown as OrtModuleLike;

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('ModelRuntime', () => {
  it('runs all pairs in chunks exactly as one batch, and as the reference forward', async () => {
    const expected = { sha256: await sha256Hex(model), bytes: model.length };
    const log: string[] = [];
    const rt = new ModelRuntime({ loadOrt: realOrt, backend: 'wasm', fetchImpl: serve({ '/m.onnx': model }, log) });
    const m = await rt.load('/m.onnx', { expected, p });
    expect(await rt.load('/m.onnx', { expected, p })).toBe(m); // cached
    expect(log).toEqual(['/m.onnx']);
    expect(rt.backend).toBe('wasm');

    const progress: number[] = [];
    const chunked = await m.runAllPairs({ chunkSize: 10, onProgress: (d) => progress.push(d) });
    const all: number[] = [];
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) all.push(a, b);
    const single = await m.runPairs(all);
    expect(progress.length).toBe(Math.ceil((p * p) / 10));
    expect(progress.at(-1)).toBe(p * p);
    expect(chunked.dims).toEqual({ d_vocab: p + 1, n_heads: dims.n_heads, n_ctx: 3, d_mlp: dims.d_mlp, d_model: dims.d_model });
    expect(maxAbsDiff(chunked.logits, single.logits)).toBeLessThan(1e-5);
    expect(maxAbsDiff(chunked.attn, single.attn)).toBeLessThan(1e-6);
    expect(maxAbsDiff(chunked.mlpPost, single.mlpPost)).toBeLessThan(1e-5);
    expect(maxAbsDiff(chunked.residFinal, single.residFinal)).toBeLessThan(1e-5);
    const ref = cpuForward(weights, allPairsTokens(p), p * p);
    expect(maxAbsDiff(chunked.logits, ref.logits)).toBeLessThan(1e-4);

    const few = await m.runPairs([3, 4, 10, 10]);
    expect(few.batch).toBe(2);
    const row = (o: Float32Array, r: number) => o.subarray(r * (p + 1), (r + 1) * (p + 1));
    expect(maxAbsDiff(row(few.logits, 0), row(chunked.logits, 3 * p + 4))).toBeLessThan(1e-5);
    expect(maxAbsDiff(row(few.logits, 1), row(chunked.logits, 10 * p + 10))).toBeLessThan(1e-5);
    await expect(m.runPairs([3, 11])).rejects.toThrow(/\(3, 11\) is not in Z_11/);
    await rt.dispose();
  });

  it('reports a corrupt download, then succeeds on retry once the file is right', async () => {
    const expected = { sha256: await sha256Hex(model), bytes: model.length };
    const bad = model.slice();
    bad[bad.length - 1] ^= 0xff;
    const files: Record<string, Uint8Array> = { '/m.onnx': bad };
    const rt = new ModelRuntime({ loadOrt: realOrt, backend: 'wasm', fetchImpl: serve(files) });
    const e = await rt.load('/m.onnx', { expected, p }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CheckpointError);
    expect((e as CheckpointError).kind).toBe('corrupt');
    files['/m.onnx'] = model;
    const m = await rt.load('/m.onnx', { expected, p });
    expect((await m.runPairs([1, 2])).logits.length).toBe(p + 1);
    const missing = await rt.load('/nope.onnx', { p }).catch((x: unknown) => x);
    expect((missing as CheckpointError).kind).toBe('missing');
    await rt.dispose();
  });

  it('an unverifiable model that ORT cannot parse is corrupt', async () => {
    const rt = new ModelRuntime({ loadOrt: realOrt, backend: 'wasm', fetchImpl: serve({ '/junk.onnx': new Uint8Array([1, 2, 3, 4]) }) });
    const e = await rt.load('/junk.onnx', { p }).catch((x: unknown) => x);
    expect((e as CheckpointError).kind).toBe('corrupt');
    expect((e as Error).message).toMatch(/ONNX Runtime could not load it/);
  });

  it('falls back to WASM when the WebGPU session fails mid-run (lost device)', async () => {
    const ort = nodeOrt() as unknown as OrtModuleLike;
    let gpuRuns = 0;
    // A fake WebGPU EP: sessions create fine, then every run fails as after a device loss.
    const flaky: OrtModuleLike = {
      env: ort.env,
      Tensor: ort.Tensor,
      InferenceSession: {
        async create(bytes, opts) {
          if (opts?.executionProviders?.[0] !== 'webgpu') return ort.InferenceSession.create(bytes, opts);
          const real = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
          const s: OrtSessionLike = {
            inputNames: real.inputNames,
            outputNames: real.outputNames,
            run: async () => {
              gpuRuns++;
              throw new Error('GPUDevice was lost');
            },
            release: () => real.release(),
          };
          return s;
        },
      },
    };
    const reasons: string[] = [];
    const rt = new ModelRuntime({ loadOrt: async () => flaky, backend: 'webgpu', fetchImpl: serve({ '/m.onnx': model }), onFallback: (r) => reasons.push(r) });
    const m = await rt.load('/m.onnx', { p });
    expect(m.backend).toBe('webgpu');
    const out = await m.runPairs([2, 5]);
    expect(gpuRuns).toBe(1);
    expect(rt.backend).toBe('wasm');
    expect(m.backend).toBe('wasm');
    expect(reasons).toEqual(['WebGPU run failed: GPUDevice was lost']);
    const ref = cpuForward(weights, [2, 5, p], 1);
    expect(maxAbsDiff(out.logits, ref.logits)).toBeLessThan(1e-4);
    // Models loaded later go straight to WASM.
    await rt.evict('/m.onnx');
    expect((await rt.load('/m.onnx', { p })).backend).toBe('wasm');
    await rt.dispose();
  });

  it('falls back to WASM when a WebGPU session cannot be created', async () => {
    const ort = nodeOrt() as unknown as OrtModuleLike;
    const noGpu: OrtModuleLike = {
      env: ort.env,
      Tensor: ort.Tensor,
      InferenceSession: {
        create: (bytes, opts) =>
          opts?.executionProviders?.[0] === 'webgpu' ? Promise.reject(new Error('no available backend found')) : ort.InferenceSession.create(bytes, opts),
      },
    };
    const reasons: string[] = [];
    const rt = new ModelRuntime({ loadOrt: async () => noGpu, backend: 'webgpu', fetchImpl: serve({ '/m.onnx': model }), onFallback: (r) => reasons.push(r) });
    const m = await rt.load('/m.onnx', { p });
    expect(m.backend).toBe('wasm');
    expect(reasons[0]).toMatch(/^WebGPU session failed: no available backend found/);
    expect((await m.runPairs([0, 0])).logits.length).toBe(p + 1);
    await rt.dispose();
  });

  it('downloads the checkpoint while ONNX Runtime is still loading, and loads a shared checkpoint once', async () => {
    const log: string[] = [];
    let ortLoaded!: () => void;
    const gate = new Promise<void>((r) => (ortLoaded = r));
    const rt = new ModelRuntime({ loadOrt: async () => (await gate, realOrt()), backend: 'wasm', fetchImpl: serve({ '/m.onnx': model }, log) });
    const a = rt.load('/m.onnx', { p });
    const b = rt.load('/m.onnx', { p }); // a second figure (or the warm-up) asking for the same file
    await new Promise((r) => setTimeout(r, 20));
    expect(log).toEqual(['/m.onnx']); // fetched before ORT finished loading
    ortLoaded();
    expect(await a).toBe(await b);
    expect(log).toEqual(['/m.onnx']);
    await rt.dispose();
  });

  it('a runtime whose ORT fails to load gives a backend error', async () => {
    const rt = new ModelRuntime({ loadOrt: () => Promise.reject(new Error('wasm blocked by CSP')), backend: 'wasm', fetchImpl: serve({}) });
    const e = await rt.load('/m.onnx', { p }).catch((x: unknown) => x);
    expect((e as CheckpointError).kind).toBe('backend');
    expect((e as CheckpointError).retryable).toBe(false);
  });
});

describe('detectBackend', () => {
  it('uses WebGPU only when an adapter comes back', async () => {
    const { detectBackend, wasmThreads } = await import('../../../src/lib/inference/backend');
    expect(await detectBackend(undefined)).toBe('wasm');
    expect(await detectBackend({})).toBe('wasm');
    expect(await detectBackend({ gpu: { requestAdapter: async () => null } })).toBe('wasm');
    expect(await detectBackend({ gpu: { requestAdapter: async () => { throw new Error('blocked'); } } })).toBe('wasm');
    expect(await detectBackend({ gpu: { requestAdapter: async () => ({}) } })).toBe('webgpu');
    expect(wasmThreads(true)).toBe(2);
    expect(wasmThreads(false)).toBe(1);
  });
});
