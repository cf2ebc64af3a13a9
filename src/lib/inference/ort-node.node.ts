// onnxruntime-web in Node (tests, scripts): the WASM backend with its files straight from node_modules, one
// thread, and a fetch that reads local files, so ModelRuntime can load shipped checkpoints from models/
// with the same sha256 checks the page does:
//   const rt = new ModelRuntime({ loadOrt: loadOrtNode, backend: 'wasm', fetchImpl: fileFetch });
//   const m = await rt.load('models/<run>/ckpt/step-010000.onnx', { p, expected: manifestFile(manifest, path) });
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OrtModuleLike } from './ort-types';

export async function loadOrtNode(): Promise<OrtModuleLike> {
  const ort = await import('onnxruntime-web');
  const require = createRequire(import.meta.url);
  // dist/ort.node.min.js is the package's "main"; the wasm files sit beside it.
  ort.env.wasm.wasmPaths = dirname(require.resolve('onnxruntime-web')) + '/';
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
  return ort as unknown as OrtModuleLike;
}

/** A fetch over the local file system (paths relative to the working directory, or file:// URLs). */
export const fileFetch: typeof fetch = async (input) => {
  const url = String(input instanceof Request ? input.url : input);
  const path = url.startsWith('file://') ? new URL(url).pathname : join(process.cwd(), url);
  try {
    const data = await readFile(path);
    return new Response(new Uint8Array(data.buffer, data.byteOffset, data.byteLength) as Uint8Array<ArrayBuffer>, { status: 200 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Response(null, { status: 404 });
    throw new TypeError(`fileFetch: ${(e as Error).message}`);
  }
};
