// The part of onnxruntime-web this module uses, as a structural type: the real module is passed in by a
// loader (ort-browser.ts in the page, node_modules in tests), and tests can pass a fake to simulate a lost GPU.

export interface OrtTensorLike {
  readonly data: unknown;
  readonly dims: readonly number[];
  readonly type: string;
  dispose?(): void;
}

export interface OrtSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensorLike>): Promise<Record<string, OrtTensorLike>>;
  release(): Promise<void>;
}

export interface OrtModuleLike {
  env: {
    wasm: { numThreads?: number; wasmPaths?: string | { wasm?: string | URL; mjs?: string | URL }; proxy?: boolean };
    webgpu?: { device?: unknown };
    logLevel?: string;
  };
  Tensor: new (type: 'int64', data: BigInt64Array, dims: readonly number[]) => OrtTensorLike;
  InferenceSession: {
    create(model: Uint8Array, options?: { executionProviders?: string[]; graphOptimizationLevel?: string }): Promise<OrtSessionLike>;
  };
}

export type Backend = 'webgpu' | 'wasm';
