// ONNX Runtime Web sessions for the site: one runtime per page, lazily started, with a cache of checkpoint
// models by URL. WebGPU first when an adapter exists, WASM otherwise; if WebGPU fails to create a session,
// fails a run, or loses its device, the runtime switches to WASM for good and re-creates sessions there.
// Loads are verified against the manifest's sha256; failures are CheckpointError (see errors.ts).
import { detectBackend, configureWasm, watchDeviceLoss } from './backend';
import { CheckpointError, isAbortError } from './errors';
import { fetchBytes, type DownloadProgress, type ExpectedFile } from './fetch-verified';
import { mark } from './marks';
import type { Backend, OrtModuleLike, OrtSessionLike } from './ort-types';
import { OUTPUT_NAMES, pairRange, pairTokens, type ModelOutputs } from './outputs';
import { yieldToMain } from './yield';

export interface RuntimeOptions {
  /** Returns the onnxruntime-web module for a backend (ort-browser.ts: loadOrtBrowser; tests: node_modules). */
  loadOrt: (backend: Backend) => Promise<OrtModuleLike>;
  /** 'auto' (default) probes navigator.gpu. */
  backend?: Backend | 'auto';
  fetchImpl?: typeof fetch;
  /** Overrides globalThis.crossOriginIsolated for the thread count. */
  crossOriginIsolated?: boolean;
  /** Called when the runtime falls back from WebGPU to WASM. */
  onFallback?: (reason: string) => void;
}

export interface LoadOptions {
  /** The manifest's files entry: size and sha256 to verify. Omit only for local/test files. */
  expected?: ExpectedFile;
  /** Modulus of the task; token p is '='. */
  p: number;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
}

export interface RunAllOptions {
  /** Pairs per session.run (default 2048: a few ms each on WASM for the p=113 model). */
  chunkSize?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export class ModelRuntime {
  private ortPromise: Promise<OrtModuleLike> | null = null;
  private backendNow: Backend | null = null;
  private models = new Map<string, Promise<CheckpointModel>>();

  constructor(readonly options: RuntimeOptions) {}

  /** The backend sessions are created on now (null before the first load). */
  get backend(): Backend | null {
    return this.backendNow;
  }

  /** The ORT module, loaded once; picks the backend on first use. */
  async ort(): Promise<OrtModuleLike> {
    if (!this.ortPromise) {
      this.ortPromise = (async () => {
        const want = this.options.backend ?? 'auto';
        const backend = want === 'auto' ? await detectBackend() : want;
        let ort: OrtModuleLike;
        try {
          mark('ort-import:start', backend);
          ort = await this.options.loadOrt(backend);
          mark('ort-import:end', backend);
        } catch (e) {
          throw new CheckpointError('backend', '(onnxruntime-web)', e instanceof Error ? e.message : String(e), { cause: e });
        }
        configureWasm(ort, this.options.crossOriginIsolated);
        this.backendNow = backend;
        return ort;
      })();
      this.ortPromise.catch(() => (this.ortPromise = null)); // allow a retry
    }
    return this.ortPromise;
  }

  /** Switch to WASM for good (WebGPU failed or its device was lost). */
  fallBackToWasm(reason: string): void {
    if (this.backendNow === 'wasm') return;
    this.backendNow = 'wasm';
    this.options.onFallback?.(reason);
  }

  /** The model at `url`, downloaded, verified and with a session; cached (a failed load is forgotten, so retry works). */
  load(url: string, opts: LoadOptions): Promise<CheckpointModel> {
    let m = this.models.get(url);
    if (!m) {
      m = (async () => {
        // ONNX Runtime's import and the checkpoint's download (and sha256) do not depend on each other:
        // start both, so a figure waits for the slower one rather than their sum. A failure of ORT is
        // reported first (it is awaited first); the other promise's rejection is handled, never unhandled.
        const ortP = this.ort();
        const bytesP = (async () => {
          mark('checkpoint-fetch:start', url);
          const b = await fetchBytes(url, opts.expected, { onProgress: opts.onProgress, signal: opts.signal, fetchImpl: this.options.fetchImpl });
          mark('checkpoint-fetch:end', url);
          return b;
        })();
        bytesP.catch(() => undefined);
        const ort = await ortP;
        const bytes = await bytesP;
        const model = new CheckpointModel(this, ort, url, bytes, opts.p);
        mark('session-create:start', url);
        await model.ensureSession();
        mark('session-create:end', url);
        return model;
      })();
      this.models.set(url, m);
      m.catch(() => this.models.delete(url));
    }
    return m;
  }

  /** Drop a cached model and release its session. */
  async evict(url: string): Promise<void> {
    const m = this.models.get(url);
    this.models.delete(url);
    if (m) await m.then((x) => x.release(), () => undefined);
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.models.keys()].map((u) => this.evict(u)));
  }
}

/** One checkpoint with a live session. Runs are serialised (ORT sessions do not run concurrently). */
export class CheckpointModel {
  private session: OrtSessionLike | null = null;
  private sessionBackend: Backend | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private watching = false;

  constructor(
    private readonly runtime: ModelRuntime,
    private readonly ort: OrtModuleLike,
    readonly url: string,
    /** The verified .onnx bytes (kept so the session can be re-created on WASM). */
    readonly bytes: Uint8Array,
    readonly p: number,
  ) {}

  get backend(): Backend | null {
    return this.sessionBackend;
  }

  /** Creates (or re-creates after a fallback) the session on the runtime's current backend. */
  async ensureSession(): Promise<OrtSessionLike> {
    const want = this.runtime.backend ?? 'wasm';
    if (this.session && this.sessionBackend === want) return this.session;
    if (this.session) {
      const old = this.session;
      this.session = null;
      await old.release().catch(() => undefined);
    }
    if (want === 'webgpu') {
      try {
        this.session = await this.ort.InferenceSession.create(this.bytes, { executionProviders: ['webgpu'] });
        this.sessionBackend = 'webgpu';
        if (!this.watching) {
          this.watching = true;
          void watchDeviceLoss(this.ort, (why) => this.runtime.fallBackToWasm(`WebGPU device lost: ${why}`));
        }
        return this.session;
      } catch (e) {
        this.runtime.fallBackToWasm(`WebGPU session failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    try {
      this.session = await this.ort.InferenceSession.create(this.bytes, { executionProviders: ['wasm'] });
    } catch (e) {
      throw new CheckpointError('corrupt', this.url, `ONNX Runtime could not load it: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    this.sessionBackend = 'wasm';
    return this.session;
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Runs a batch of pairs, flattened [a0, b0, a1, b1, …]. */
  runPairs(pairs: ArrayLike<number>): Promise<ModelOutputs> {
    return this.serial(() => this.runTokens(pairTokens(pairs, this.p), pairs.length / 2));
  }

  /** Runs all p² pairs (row a*p+b), in chunks, yielding to the main thread between them. */
  runAllPairs(opts: RunAllOptions = {}): Promise<ModelOutputs> {
    return this.serial(async () => {
      const total = this.p * this.p;
      const chunk = Math.max(1, opts.chunkSize ?? 2048);
      let out: ModelOutputs | null = null;
      for (let start = 0; start < total; start += chunk) {
        if (opts.signal?.aborted) throw opts.signal.reason ?? new DOMException('aborted', 'AbortError');
        const end = Math.min(total, start + chunk);
        const part = await this.runTokens(pairTokens(pairRange(this.p, start, end), this.p), end - start);
        if (!out) out = allocate(total, part.dims);
        out.logits.set(part.logits, start * part.dims.d_vocab);
        out.attn.set(part.attn, start * part.dims.n_heads * part.dims.n_ctx);
        out.mlpPost.set(part.mlpPost, start * part.dims.d_mlp);
        out.residFinal.set(part.residFinal, start * part.dims.d_model);
        opts.onProgress?.(end, total);
        if (end < total) await yieldToMain();
      }
      if (!out) throw new Error('runAllPairs: p² = 0');
      return out;
    });
  }

  private async runTokens(tokens: BigInt64Array, batch: number): Promise<ModelOutputs> {
    for (let attempt = 0; ; attempt++) {
      const session = await this.ensureSession();
      const input = new this.ort.Tensor('int64', tokens, [batch, 3]);
      try {
        const r = await session.run({ tokens: input });
        return collect(r, batch);
      } catch (e) {
        if (isAbortError(e)) throw e;
        // A WebGPU failure mid-run (lost device, out of memory): fall back and retry once on WASM.
        if (this.sessionBackend === 'webgpu' && attempt === 0) {
          this.runtime.fallBackToWasm(`WebGPU run failed: ${e instanceof Error ? e.message : String(e)}`);
          continue;
        }
        throw e;
      } finally {
        input.dispose?.();
      }
    }
  }

  async release(): Promise<void> {
    const s = this.session;
    this.session = null;
    await s?.release().catch(() => undefined);
  }
}

function allocate(total: number, d: ModelOutputs['dims']): ModelOutputs {
  return {
    batch: total,
    logits: new Float32Array(total * d.d_vocab),
    attn: new Float32Array(total * d.n_heads * d.n_ctx),
    mlpPost: new Float32Array(total * d.d_mlp),
    residFinal: new Float32Array(total * d.d_model),
    dims: d,
  };
}

function collect(r: Record<string, { data: unknown; dims: readonly number[] }>, batch: number): ModelOutputs {
  const get = (name: string): { data: Float32Array; dims: readonly number[] } => {
    const t = r[name];
    if (!t || !(t.data instanceof Float32Array)) throw new Error(`model output ${name} missing or not float32`);
    if (t.dims[0] !== batch) throw new Error(`model output ${name}: batch ${t.dims[0]}, expected ${batch}`);
    return { data: new Float32Array(t.data), dims: t.dims };
  };
  const logits = get(OUTPUT_NAMES.logits), attn = get(OUTPUT_NAMES.attn), post = get(OUTPUT_NAMES.mlpPost), resid = get(OUTPUT_NAMES.residFinal);
  return {
    batch,
    logits: logits.data,
    attn: attn.data,
    mlpPost: post.data,
    residFinal: resid.data,
    dims: { d_vocab: logits.dims[1], n_heads: attn.dims[1], n_ctx: attn.dims[2], d_mlp: post.dims[1], d_model: resid.dims[1] },
  };
}
