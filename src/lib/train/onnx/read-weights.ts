// Read fp32 (or fp16, widened) initializers (and metadata) back out of an ONNX file: a checkpoint is its own weight file, so
// tests and the page can recompute weight-based measures (weight norm, Fourier norms of W_E and W_L) from
// the shipped .onnx without a second format.
import type { Weights } from '../../analysis/types';
import { fromFloat16Bits } from './float16';
import { decodeString, readFields, repeatedVarints, type ProtoField } from './protobuf';

function sub(fields: ProtoField[], field: number): Uint8Array[] {
  return fields.filter((f) => f.field === field && f.wire === 2).map((f) => f.value as Uint8Array);
}

interface OnnxContents {
  weights: Weights;
  metadata: Record<string, string>;
  irVersion: number;
  opset: number;
}

export function readOnnx(bytes: Uint8Array): OnnxContents {
  const model = readFields(bytes);
  const irField = model.find((f) => f.field === 1 && f.wire === 0);
  const graphBytes = sub(model, 7)[0];
  if (!graphBytes || !irField) throw new Error('onnx: not a ModelProto (no graph or ir_version)');
  const metadata: Record<string, string> = {};
  for (const m of sub(model, 14)) {
    const kv = readFields(m);
    metadata[decodeString(sub(kv, 1)[0] ?? new Uint8Array())] = decodeString(sub(kv, 2)[0] ?? new Uint8Array());
  }
  let opset = 0;
  for (const o of sub(model, 8)) {
    const of = readFields(o);
    const domain = sub(of, 1)[0];
    if (!domain || domain.length === 0) opset = Number(repeatedVarints(of, 2)[0] ?? 0);
  }
  const weights: Weights = {};
  for (const t of sub(readFields(graphBytes), 5)) {
    const tf = readFields(t);
    const dims = repeatedVarints(tf, 1).map(Number);
    const type = Number(repeatedVarints(tf, 2)[0] ?? 0);
    const name = decodeString(sub(tf, 8)[0] ?? new Uint8Array());
    const n = dims.reduce((a, b) => a * b, 1);
    const raw = sub(tf, 9)[0];
    if (type === 10 && raw) {
      // float16 weights (weightType 'float16'): widen to float32
      const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = fromFloat16Bits(v.getUint16(i * 2, true));
      weights[name] = { shape: dims, data };
      continue;
    }
    if (type !== 1) continue; // float32 / float16 only; int64 shape constants etc. are skipped
    const data = new Float32Array(n);
    if (raw) {
      const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      for (let i = 0; i < n; i++) data[i] = v.getFloat32(i * 4, true);
    } else {
      // float_data (field 4), packed or not
      let i = 0;
      for (const f of tf) {
        if (f.field !== 4) continue;
        const b = f.value as Uint8Array;
        const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
        for (let o = 0; o + 4 <= b.byteLength; o += 4) data[i++] = v.getFloat32(o, true);
      }
    }
    weights[name] = { shape: dims, data };
  }
  return { weights, metadata, irVersion: Number(irField.value), opset };
}
