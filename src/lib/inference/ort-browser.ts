/// <reference types="vite/client" />
// Loading onnxruntime-web in the built site (Astro 5 / Vite 6, onnxruntime-web 1.30).
//
// What works (checked with `vite build` on 1.30): import the runtime lazily, and import its .wasm with `?url`
// so Vite copies it into dist/_astro (hashed) and gives its URL; then point ort.env.wasm.wasmPaths at it.
// The `.bundle.min.mjs` builds that Vite picks for a browser `import` already inline the Emscripten glue
// (.mjs), so only the .wasm needs a URL. (Vite also rewrites the bundle's own `new URL(…wasm, import.meta.url)`
// in production builds, but not in `astro dev`, where dependency pre-bundling breaks it; the explicit URL
// works in both. For dev also set `vite.optimizeDeps.exclude: ['onnxruntime-web']` in astro.config.mjs.)
//
// Two builds, chosen by backend so a reader without WebGPU downloads the smaller one:
//   'onnxruntime-web'       WebGPU (JSEP) + WASM EPs, ort-wasm-simd-threaded.jsep.wasm (28 MB, 6.7 MB gzip)
//   'onnxruntime-web/wasm'  WASM EP only,             ort-wasm-simd-threaded.wasm      (14 MB, 3.7 MB gzip)
// The WebGPU build also runs the WASM EP, which is what the runtime falls back to if the GPU device is lost.
// Threads: numThreads > 1 needs a cross-origin-isolated page (COOP: same-origin, COEP: require-corp).
// The WASM build runs in ONNX Runtime's own proxy worker (env.wasm.proxy): creating a session and running
// a chunk of pairs then never hold the page's main thread (scripts/bench/phone-jank.ts measured a phone's
// long tasks per all-pairs step fall from 36-39 to 1-3). The proxy serves the WASM backend only, so the
// WebGPU build stays on the main thread, where it only enqueues GPU work.
// Checked on 2026-11-30 with a `vite build` of this loader + ModelRuntime served locally, in Debian Chromium
// 156 headless: WebGPU (--enable-unsafe-webgpu, SwiftShader) and WASM (no flag; 1 thread, and 2 threads
// on an isolated page) all matched the reference forward (fp32 export: 2e-7 relative). ORT logs that a few
// nodes are not on the WebGPU EP: the tiny int64 index ops, which it runs on the CPU EP; that is expected.
import jsepWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import plainWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import type { Backend, OrtModuleLike } from './ort-types';

export async function loadOrtBrowser(backend: Backend): Promise<OrtModuleLike> {
  if (backend === 'webgpu') {
    const ort = await import('onnxruntime-web');
    ort.env.wasm.wasmPaths = { wasm: jsepWasmUrl };
    // ORT logs its expected "some nodes not assigned to the WebGPU EP" notice (tiny int64 index ops run
    // on its CPU EP) through console.error; keep the console for real errors.
    ort.env.logLevel = 'error';
    return ort as unknown as OrtModuleLike;
  }
  const ort = await import('onnxruntime-web/wasm');
  ort.env.wasm.wasmPaths = { wasm: plainWasmUrl };
  ort.env.wasm.proxy = true; // before the first session: ORT starts its worker then
  ort.env.logLevel = 'error';
  return ort as unknown as OrtModuleLike;
}
