// onnxruntime-web in Node for tests: WASM backend, one thread, wasm files straight from node_modules.
import * as ort from 'onnxruntime-web';
import { fileURLToPath } from 'node:url';

let configured = false;
export function nodeOrt(): typeof ort {
  if (!configured) {
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmPaths = fileURLToPath(new URL('../../../node_modules/onnxruntime-web/dist/', import.meta.url));
    ort.env.logLevel = 'error';
    configured = true;
  }
  return ort;
}

export async function sessionFromBytes(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return nodeOrt().InferenceSession.create(bytes, { executionProviders: ['wasm'] });
}

export function tokensTensor(tokens: ArrayLike<number>, batch: number, nCtx = 3): ort.Tensor {
  return new (nodeOrt().Tensor)('int64', BigInt64Array.from(Array.from(tokens, (t) => BigInt(t))), [batch, nCtx]);
}
