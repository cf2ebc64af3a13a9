import { describe, expect, it } from 'vitest';
import { fetchBytes, type DownloadProgress } from '../../../src/lib/inference/fetch-verified';
import { CheckpointError } from '../../../src/lib/inference/errors';
import { sha256Hex, sha256HexSync } from '../../../src/lib/inference/sha256';

const bytesOf = (s: string) => new TextEncoder().encode(s);

function fakeFetch(body: Uint8Array | null, status = 200): typeof fetch {
  return (async () => new Response(body as BodyInit | null, { status })) as typeof fetch;
}

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CheckpointError);
    return (e as CheckpointError).kind;
  }
  return 'no error';
}

describe('sha256', () => {
  it('matches the FIPS test vectors and WebCrypto', async () => {
    expect(sha256HexSync(bytesOf('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256HexSync(new Uint8Array())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const big = new Uint8Array(100_003).map((_, i) => (i * 31) & 255);
    expect(sha256HexSync(big)).toBe(await sha256Hex(big));
    for (const n of [55, 56, 63, 64, 65]) {
      const b = new Uint8Array(n).fill(7);
      expect(sha256HexSync(b)).toBe(await sha256Hex(b));
    }
  });
});

describe('fetchBytes', () => {
  const body = new Uint8Array(5000).map((_, i) => i & 255);

  it('returns verified bytes and reports progress against the manifest size', async () => {
    const seen: DownloadProgress[] = [];
    const expected = { sha256: await sha256Hex(body), bytes: body.length };
    const got = await fetchBytes('m.onnx', expected, { fetchImpl: fakeFetch(body), onProgress: (p) => seen.push(p) });
    expect(got).toEqual(body);
    expect(seen.at(-1)).toEqual({ loaded: 5000, total: 5000 });
    expect(seen[0].loaded).toBe(0);
  });

  it('classifies failures: corrupt, missing, network', async () => {
    const good = { sha256: await sha256Hex(body), bytes: body.length };
    const flipped = body.slice();
    flipped[10] ^= 1;
    expect(await kindOf(fetchBytes('m.onnx', good, { fetchImpl: fakeFetch(flipped) }))).toBe('corrupt');
    expect(await kindOf(fetchBytes('m.onnx', good, { fetchImpl: fakeFetch(body.subarray(0, 4000)) }))).toBe('corrupt');
    expect(await kindOf(fetchBytes('m.onnx', good, { fetchImpl: fakeFetch(null, 404) }))).toBe('missing');
    expect(await kindOf(fetchBytes('m.onnx', good, { fetchImpl: fakeFetch(null, 503) }))).toBe('network');
    const offline = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    expect(await kindOf(fetchBytes('m.onnx', good, { fetchImpl: offline }))).toBe('network');
  });

  it('gives a corrupt error a message a widget can show, and is retryable', async () => {
    const e = await fetchBytes('x.onnx', { sha256: '0'.repeat(64), bytes: 5000 }, { fetchImpl: fakeFetch(body) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CheckpointError);
    const ce = e as CheckpointError;
    expect(ce.message).toMatch(/^corrupt checkpoint x.onnx: sha256 [0-9a-f]{64}, manifest says 0{64}$/);
    expect(ce.userMessage).toMatch(/damaged/);
    expect(ce.retryable).toBe(true);
  });

  it('lets an abort through unchanged', async () => {
    const ctl = new AbortController();
    ctl.abort();
    const aborting = (async (_u: RequestInfo | URL, init?: RequestInit) => {
      init?.signal?.throwIfAborted();
      return new Response(body);
    }) as typeof fetch;
    const e = await fetchBytes('m.onnx', undefined, { fetchImpl: aborting, signal: ctl.signal }).catch((x: unknown) => x);
    expect((e as Error).name).toBe('AbortError');
    expect(e).not.toBeInstanceOf(CheckpointError);
  });
});
