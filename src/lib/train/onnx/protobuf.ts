// A minimal protocol-buffers wire-format writer and reader: just what ONNX's ModelProto needs.
// Wire types: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. No dependency, works in Node and browsers.

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

export class ProtoWriter {
  private parts: Uint8Array[] = [];
  private scratch: number[] = [];

  private flushScratch(): void {
    if (this.scratch.length) {
      this.parts.push(Uint8Array.from(this.scratch));
      this.scratch = [];
    }
  }

  private rawVarint(n: number | bigint): void {
    // Negative int64 values are encoded as their 64-bit two's complement (10 bytes), as protobuf does.
    let v = typeof n === 'bigint' ? BigInt.asUintN(64, n) : n < 0 ? BigInt.asUintN(64, BigInt(n)) : n;
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v)) throw new Error(`varint: not a safe integer: ${v}`);
      while (v > 0x7f) {
        this.scratch.push((v % 128) | 0x80);
        v = Math.floor(v / 128);
      }
      this.scratch.push(v);
      return;
    }
    while (v > 0x7fn) {
      this.scratch.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.scratch.push(Number(v));
  }

  private tag(field: number, wire: number): void {
    this.rawVarint(field * 8 + wire);
  }

  /** int32/int64/enum/bool field (wire type 0). */
  varint(field: number, n: number | bigint): this {
    this.tag(field, 0);
    this.rawVarint(n);
    return this;
  }

  float(field: number, x: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, x, true);
    this.scratch.push(...b);
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.tag(field, 2);
    this.rawVarint(data.length);
    this.flushScratch();
    this.parts.push(data);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, textEncoder.encode(s));
  }

  /** Embedded message: its encoded bytes. */
  message(field: number, encoded: Uint8Array): this {
    return this.bytes(field, encoded);
  }

  finish(): Uint8Array {
    this.flushScratch();
    let n = 0;
    for (const p of this.parts) n += p.length;
    const out = new Uint8Array(n);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

/** One decoded field: varints as bigint, length-delimited as a view into the buffer. */
export type ProtoField =
  | { field: number; wire: 0; value: bigint }
  | { field: number; wire: 1; value: Uint8Array }
  | { field: number; wire: 2; value: Uint8Array }
  | { field: number; wire: 5; value: Uint8Array };

/** Decodes the top-level fields of one message (does not recurse). */
export function readFields(buf: Uint8Array): ProtoField[] {
  const out: ProtoField[] = [];
  let o = 0;
  const varint = (): bigint => {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      if (o >= buf.length) throw new Error('protobuf: truncated varint');
      const byte = buf[o++];
      v |= BigInt(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return v;
      shift += 7n;
    }
  };
  while (o < buf.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ field, wire, value: varint() });
    else if (wire === 1 || wire === 5) {
      const n = wire === 1 ? 8 : 4;
      if (o + n > buf.length) throw new Error('protobuf: truncated fixed field');
      out.push({ field, wire, value: buf.subarray(o, o + n) });
      o += n;
    } else if (wire === 2) {
      const n = Number(varint());
      if (o + n > buf.length) throw new Error('protobuf: truncated bytes field');
      out.push({ field, wire, value: buf.subarray(o, o + n) });
      o += n;
    } else throw new Error(`protobuf: unsupported wire type ${wire}`);
  }
  return out;
}

export function decodeString(b: Uint8Array): string {
  return textDecoder.decode(b);
}

/** Reads a packed or unpacked repeated varint field's values. */
export function repeatedVarints(fields: ProtoField[], field: number): bigint[] {
  const out: bigint[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    if (f.wire === 0) out.push(f.value);
    else if (f.wire === 2) {
      // packed
      let o = 0;
      const b = f.value;
      while (o < b.length) {
        let v = 0n;
        let shift = 0n;
        for (;;) {
          const byte = b[o++];
          v |= BigInt(byte & 0x7f) << shift;
          if (!(byte & 0x80)) break;
          shift += 7n;
        }
        out.push(v);
      }
    }
  }
  return out;
}
