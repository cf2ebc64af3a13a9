// Which ONNX Runtime execution provider to use: WebGPU when navigator.gpu yields an adapter, else WASM.
// WASM threads need SharedArrayBuffer, i.e. a cross-origin-isolated page (COOP/COEP): 2 threads then
// (the figures run small batches; more threads mostly add start-up cost), else 1.
import type { Backend, OrtModuleLike } from './ort-types';

interface GpuLike {
  requestAdapter(): Promise<unknown>;
}

/** 'webgpu' if an adapter is available (never throws), else 'wasm'. */
export async function detectBackend(nav: { gpu?: unknown } | undefined = globalThis.navigator as { gpu?: unknown } | undefined): Promise<Backend> {
  const gpu = nav?.gpu as GpuLike | undefined;
  if (!gpu || typeof gpu.requestAdapter !== 'function') return 'wasm';
  try {
    return (await gpu.requestAdapter()) ? 'webgpu' : 'wasm';
  } catch {
    return 'wasm';
  }
}

export function wasmThreads(isolated: boolean = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true): number {
  return isolated ? 2 : 1;
}

/** Sets thread count (must happen before the first session is created). */
export function configureWasm(ort: OrtModuleLike, isolated?: boolean): void {
  ort.env.wasm.numThreads = wasmThreads(isolated);
}

/**
 * Calls `onLost` when ORT's WebGPU device is lost (driver reset, tab in background on some GPUs, …).
 * env.webgpu.device resolves to the GPUDevice after the first WebGPU session exists.
 */
export async function watchDeviceLoss(ort: OrtModuleLike, onLost: (reason: string) => void): Promise<void> {
  try {
    const device = (await ort.env.webgpu?.device) as { lost?: Promise<{ message?: string; reason?: string }> } | undefined;
    device?.lost?.then((info) => onLost(info?.message || info?.reason || 'device lost'));
  } catch {
    /* no device to watch */
  }
}
