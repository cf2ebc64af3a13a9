/**
 * Full training state in one ArrayBuffer, for resume:
 *   bytes 0..3   magic "GGTS"
 *   bytes 4..7   u32 format version (1)
 *   bytes 8..11  u32 header length L (bytes of UTF-8 JSON)
 *   bytes 12..   header JSON: { config, step, rng, total, slots: [{name, shape, offset, size}] }
 *   padding to a multiple of 4, then three f32 arrays of `total` elements: params, AdamW m, AdamW v
 *   (little-endian, as Float32Array on every platform we run on).
 */
import type { ParamSlot } from './params';

const STATE_MAGIC = 'GGTS';
const STATE_VERSION = 1;

interface StateHeader<C> {
  config: C;
  /** Optimizer updates taken. */
  step: number;
  /** PRNG state words of the training stream (for minibatch runs; unused in full batch). */
  rng: number[];
  total: number;
  slots: ParamSlot[];
}

export interface TrainState<C> {
  header: StateHeader<C>;
  params: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

export function encodeState<C>(s: TrainState<C>): ArrayBuffer {
  const json = new TextEncoder().encode(JSON.stringify(s.header));
  const start = Math.ceil((12 + json.length) / 4) * 4;
  const n = s.header.total;
  const buf = new ArrayBuffer(start + 3 * 4 * n);
  const u8 = new Uint8Array(buf);
  u8.set(new TextEncoder().encode(STATE_MAGIC), 0);
  const dv = new DataView(buf);
  dv.setUint32(4, STATE_VERSION, true);
  dv.setUint32(8, json.length, true);
  u8.set(json, 12);
  new Float32Array(buf, start, n).set(s.params);
  new Float32Array(buf, start + 4 * n, n).set(s.m);
  new Float32Array(buf, start + 8 * n, n).set(s.v);
  return buf;
}

export function decodeState<C>(buf: ArrayBuffer): TrainState<C> {
  const u8 = new Uint8Array(buf);
  if (new TextDecoder().decode(u8.subarray(0, 4)) !== STATE_MAGIC) throw new Error('not a training state (bad magic)');
  const dv = new DataView(buf);
  const version = dv.getUint32(4, true);
  if (version !== STATE_VERSION) throw new Error(`unsupported training state version ${version}`);
  const len = dv.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(u8.subarray(12, 12 + len))) as StateHeader<C>;
  const start = Math.ceil((12 + len) / 4) * 4;
  const n = header.total;
  if (buf.byteLength !== start + 12 * n) throw new Error('training state truncated');
  return {
    header,
    params: new Float32Array(buf.slice(start, start + 4 * n)),
    m: new Float32Array(buf.slice(start + 4 * n, start + 8 * n)),
    v: new Float32Array(buf.slice(start + 8 * n, start + 12 * n)),
  };
}
