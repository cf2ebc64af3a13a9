// Typed failures of loading a checkpoint, so a widget can show a message and a retry button.
//   missing : the server says the file is not there (404/410), or the manifest does not list it
//   network : the request failed (offline, DNS, reset, 5xx, …): retrying may help
//   corrupt : the bytes arrived but are wrong (sha256/size mismatch, not a model ORT can load, bad manifest)
//   backend : no ONNX Runtime backend could start (neither WebGPU nor WASM)
export type CheckpointErrorKind = 'missing' | 'network' | 'corrupt' | 'backend';

export class CheckpointError extends Error {
  constructor(
    readonly kind: CheckpointErrorKind,
    readonly url: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${kind} checkpoint ${url}: ${detail}`, options);
    this.name = 'CheckpointError';
  }

  /** Whether a retry button makes sense (a corrupt file stays corrupt until the site is fixed, but a
   * truncated or proxied download can be, so every kind is retryable except a file the manifest lacks). */
  get retryable(): boolean {
    return this.kind !== 'backend';
  }

  /** One sentence for readers. */
  get userMessage(): string {
    switch (this.kind) {
      case 'missing':
        return 'This checkpoint file could not be found on the server.';
      case 'network':
        return 'The checkpoint could not be downloaded. Check your connection and try again.';
      case 'corrupt':
        return 'The downloaded checkpoint is damaged (its checksum does not match). Try again.';
      case 'backend':
        return 'This browser could not start the model runtime (neither WebGPU nor WebAssembly).';
    }
  }
}

export function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: string }).name === 'AbortError';
}
