// One ONNX Runtime for the page (src/lib/inference), shared by every live figure: WebGPU when the
// browser has an adapter, WASM otherwise (src/lib/inference/backend.ts). Checkpoints are cached by URL,
// so the pairs grid, "ask the model" and the progress-measures figure reuse each other's downloads.
import { ModelRuntime, type CheckpointModel, type DownloadProgress } from '../../lib/inference';
import { loadOrtBrowser } from '../../lib/inference/ort-browser';
import { mark } from '../../lib/inference/marks';
import type { CheckpointRef } from '../../lib/runs/figure-data';
import type { LiveHint } from './warm-up';

let runtime: ModelRuntime | null = null;

/** ?backend=wasm|webgpu forces a backend (benchmarks and tests of the fallback). */
function forced(): 'wasm' | 'webgpu' | null {
  const v = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('backend');
  return v === 'wasm' || v === 'webgpu' ? v : null;
}

interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; description?: string };
}

/**
 * WebGPU when the browser has a hardware adapter; WASM when it has none, or only a software one
 * (SwiftShader, llvmpipe, lavapipe: measured here, a SwiftShader session takes ~40 s to create and run
 * under load, WASM a few seconds; scripts/bench/README.md: here WASM is the faster path).
 */
async function preferredBackend(): Promise<'wasm' | 'webgpu'> {
  const f = forced();
  if (f) return f;
  try {
    const gpu = (navigator as { gpu?: { requestAdapter(): Promise<AdapterLike | null> } }).gpu;
    const adapter = gpu ? await gpu.requestAdapter() : null;
    if (!adapter) return 'wasm';
    const text = `${adapter.info?.vendor ?? ''} ${adapter.info?.architecture ?? ''} ${adapter.info?.description ?? ''}`;
    if (adapter.isFallbackAdapter || /swiftshader|llvmpipe|lavapipe|software/i.test(text)) return 'wasm';
    return 'webgpu';
  } catch {
    return 'wasm';
  }
}

/** The page's runtime; its backend is chosen (preferredBackend) when the first checkpoint loads. */
class PageRuntime extends ModelRuntime {
  #chosen: Promise<void> | null = null;
  override async ort() {
    this.#chosen ??= preferredBackend().then((b) => {
      this.options.backend = b;
    });
    await this.#chosen;
    return super.ort();
  }
}

export function pageRuntime(): ModelRuntime {
  runtime ??= new PageRuntime({ loadOrt: loadOrtBrowser, backend: 'auto' });
  return runtime;
}

/**
 * The checkpoint, downloaded once per page and shared by every figure. The download itself is not
 * abortable (another figure may be waiting for the same file); `signal` only makes this call give up.
 */
export async function loadCheckpoint(ref: CheckpointRef, p: number, onProgress?: (p: DownloadProgress) => void, signal?: AbortSignal): Promise<CheckpointModel> {
  mark('figure-load:start', ref.url);
  const shared = pageRuntime().load(ref.url, { p, expected: { sha256: ref.sha256, bytes: ref.bytes }, onProgress });
  if (!signal) return shared;
  return new Promise<CheckpointModel>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new DOMException('aborted', 'AbortError'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    shared.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The attribute value a live figure puts on its root element (data-live-checkpoint) so that warm-up.ts
 * can load its checkpoint before the figure is near: JSON of the checkpoint the figure shows now and p.
 */
export function liveHint(ref: CheckpointRef | undefined | null, p: number): string | undefined {
  if (!ref) return undefined;
  const h: LiveHint = { url: ref.url, sha256: ref.sha256, bytes: ref.bytes, p };
  return JSON.stringify(h);
}

/**
 * Loads ONNX Runtime, the checkpoint and its session ahead of a figure (warm-up.ts). The result is the
 * same cached load a figure's loadCheckpoint gets; a failure is dropped here (the load is then forgotten,
 * so the figure's own load retries and reports it).
 */
export function warmUp(hint: LiveHint): Promise<void> {
  mark('warm-up:start', hint.url);
  return pageRuntime()
    .load(hint.url, { p: hint.p, expected: { sha256: hint.sha256, bytes: hint.bytes } })
    .then(
      () => mark('warm-up:end', hint.url),
      () => mark('warm-up:failed', hint.url),
    );
}

// The ranking helpers are plain functions, also used at build time (src/lib/runs/algorithm.node.ts).
export { answerProbs, topK, type Ranked } from '../../lib/analysis/ranking';
