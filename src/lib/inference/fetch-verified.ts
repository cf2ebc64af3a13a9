// Download a file with progress, then check its size and sha256 against the manifest entry.
// Errors become CheckpointError (missing / network / corrupt); an abort is re-thrown as is.
import { CheckpointError, isAbortError } from './errors';
import { mark } from './marks';
import { sha256Hex } from './sha256';

export interface DownloadProgress {
  loaded: number;
  /** From the manifest when known (Content-Length may count compressed bytes). */
  total: number | undefined;
}

export interface FetchOptions {
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
}

export interface ExpectedFile {
  sha256: string;
  bytes: number;
}

export async function fetchBytes(url: string, expected: ExpectedFile | undefined, opts: FetchOptions = {}): Promise<Uint8Array> {
  const doFetch = opts.fetchImpl ?? globalThis.fetch;
  let res: Response;
  try {
    res = await doFetch(url, { signal: opts.signal });
  } catch (e) {
    if (isAbortError(e)) throw e;
    throw new CheckpointError('network', url, e instanceof Error ? e.message : String(e), { cause: e });
  }
  if (res.status === 404 || res.status === 410) throw new CheckpointError('missing', url, `HTTP ${res.status}`);
  if (!res.ok) throw new CheckpointError('network', url, `HTTP ${res.status}`);

  const header = Number(res.headers.get('content-length'));
  const total = expected?.bytes ?? (Number.isFinite(header) && header > 0 ? header : undefined);
  let bytes: Uint8Array;
  try {
    if (!res.body) {
      bytes = new Uint8Array(await res.arrayBuffer());
      opts.onProgress?.({ loaded: bytes.length, total });
    } else {
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let loaded = 0;
      opts.onProgress?.({ loaded, total });
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        loaded += value.length;
        opts.onProgress?.({ loaded, total });
      }
      bytes = new Uint8Array(loaded);
      let o = 0;
      for (const c of chunks) {
        bytes.set(c, o);
        o += c.length;
      }
    }
  } catch (e) {
    if (isAbortError(e)) throw e;
    throw new CheckpointError('network', url, `download interrupted: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }

  if (expected) {
    if (bytes.length !== expected.bytes) throw new CheckpointError('corrupt', url, `${bytes.length} bytes, manifest says ${expected.bytes}`);
    mark('sha256:start', url);
    const got = await sha256Hex(bytes);
    mark('sha256:end', url);
    if (got !== expected.sha256) throw new CheckpointError('corrupt', url, `sha256 ${got}, manifest says ${expected.sha256}`);
  }
  return bytes;
}
