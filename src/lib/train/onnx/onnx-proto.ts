// ONNX ModelProto encoding from plain TS descriptions (field numbers from onnx/onnx.proto, IR version 8).
// Covers what small exported models need: tensors (raw little-endian data), nodes with int/float/string/
// tensor/graph attributes (graph attributes allow Loop/Scan/If bodies later), typed inputs/outputs with
// symbolic dimensions, and metadata_props.
import { ProtoWriter } from './protobuf';

export type ElemType = 'float32' | 'float16' | 'int32' | 'int64' | 'bool' | 'uint8';

/** TensorProto.DataType codes. */
const ELEM_TYPE_CODE: Record<ElemType, number> = { float32: 1, uint8: 2, int32: 6, int64: 7, bool: 9, float16: 10 };

type TensorData = Float32Array | Int32Array | BigInt64Array | Uint8Array | Uint16Array;

export interface TensorSpec {
  name: string;
  type: ElemType;
  dims: number[];
  /** float16 as raw Uint16Array bits, bool/uint8 as Uint8Array. */
  data: TensorData;
}

export type AttrValue =
  | { type: 'int'; value: number }
  | { type: 'ints'; value: number[] }
  | { type: 'float'; value: number }
  | { type: 'floats'; value: number[] }
  | { type: 'string'; value: string }
  | { type: 'tensor'; value: TensorSpec }
  | { type: 'graph'; value: GraphSpec };

export interface NodeSpec {
  opType: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attributes?: Record<string, AttrValue>;
}

/** Shape entries: a number is a fixed size, a string a symbolic dimension (e.g. 'batch'). */
export interface ValueInfoSpec {
  name: string;
  type: ElemType;
  shape: (number | string)[];
}

export interface GraphSpec {
  name: string;
  nodes: NodeSpec[];
  initializers: TensorSpec[];
  inputs: ValueInfoSpec[];
  outputs: ValueInfoSpec[];
  valueInfo?: ValueInfoSpec[];
  docString?: string;
}

export interface ModelSpec {
  graph: GraphSpec;
  irVersion: number;
  opsets: { domain: string; version: number }[];
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  metadata?: Record<string, string>;
}

const ATTR_TYPE = { float: 1, int: 2, string: 3, tensor: 4, graph: 5, floats: 6, ints: 7 } as const;

function elementCount(dims: number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** Little-endian bytes of the tensor data (explicit, so big-endian hosts would also be right). */
function rawBytes(t: TensorSpec): Uint8Array {
  const d = t.data;
  const n = d.length;
  if (n !== elementCount(t.dims)) throw new Error(`tensor ${t.name}: ${n} values for dims [${t.dims}]`);
  if (d instanceof Uint8Array) return d;
  const width = d instanceof BigInt64Array ? 8 : d instanceof Uint16Array ? 2 : 4;
  const out = new Uint8Array(n * width);
  const v = new DataView(out.buffer);
  if (d instanceof Float32Array) for (let i = 0; i < n; i++) v.setFloat32(i * 4, d[i], true);
  else if (d instanceof Int32Array) for (let i = 0; i < n; i++) v.setInt32(i * 4, d[i], true);
  else if (d instanceof BigInt64Array) for (let i = 0; i < n; i++) v.setBigInt64(i * 8, d[i], true);
  else for (let i = 0; i < n; i++) v.setUint16(i * 2, d[i], true);
  return out;
}

function encodeTensor(t: TensorSpec): Uint8Array {
  const w = new ProtoWriter();
  for (const d of t.dims) w.varint(1, d); // dims
  w.varint(2, ELEM_TYPE_CODE[t.type]); // data_type
  w.string(8, t.name); // name
  w.bytes(9, rawBytes(t)); // raw_data
  return w.finish();
}

function encodeAttribute(name: string, a: AttrValue): Uint8Array {
  const w = new ProtoWriter();
  w.string(1, name);
  switch (a.type) {
    case 'float':
      w.float(2, a.value);
      break;
    case 'int':
      w.varint(3, a.value);
      break;
    case 'string':
      w.string(4, a.value);
      break;
    case 'tensor':
      w.message(5, encodeTensor(a.value));
      break;
    case 'graph':
      w.message(6, encodeGraph(a.value));
      break;
    case 'floats':
      for (const x of a.value) w.float(7, x);
      break;
    case 'ints':
      for (const x of a.value) w.varint(8, x);
      break;
  }
  w.varint(20, ATTR_TYPE[a.type]);
  return w.finish();
}

function encodeNode(n: NodeSpec): Uint8Array {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name) w.string(3, n.name);
  w.string(4, n.opType);
  for (const [k, v] of Object.entries(n.attributes ?? {})) w.message(5, encodeAttribute(k, v));
  if (n.domain) w.string(7, n.domain);
  return w.finish();
}

function encodeValueInfo(v: ValueInfoSpec): Uint8Array {
  const shape = new ProtoWriter();
  for (const d of v.shape) {
    const dim = new ProtoWriter();
    if (typeof d === 'number') dim.varint(1, d);
    else dim.string(2, d);
    shape.message(1, dim.finish());
  }
  const tensorType = new ProtoWriter().varint(1, ELEM_TYPE_CODE[v.type]).message(2, shape.finish()).finish();
  const type = new ProtoWriter().message(1, tensorType).finish();
  return new ProtoWriter().string(1, v.name).message(2, type).finish();
}

function encodeGraph(g: GraphSpec): Uint8Array {
  const w = new ProtoWriter();
  for (const n of g.nodes) w.message(1, encodeNode(n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, encodeTensor(t));
  if (g.docString) w.string(10, g.docString);
  for (const v of g.inputs) w.message(11, encodeValueInfo(v));
  for (const v of g.outputs) w.message(12, encodeValueInfo(v));
  for (const v of g.valueInfo ?? []) w.message(13, encodeValueInfo(v));
  return w.finish();
}

export function encodeModel(m: ModelSpec): Uint8Array {
  const w = new ProtoWriter();
  w.varint(1, m.irVersion);
  if (m.producerName) w.string(2, m.producerName);
  if (m.producerVersion) w.string(3, m.producerVersion);
  if (m.docString) w.string(6, m.docString);
  w.message(7, encodeGraph(m.graph));
  for (const o of m.opsets) {
    const os = new ProtoWriter();
    if (o.domain) os.string(1, o.domain);
    os.varint(2, o.version);
    w.message(8, os.finish());
  }
  for (const [k, v] of Object.entries(m.metadata ?? {})) w.message(14, new ProtoWriter().string(1, k).string(2, v).finish());
  return w.finish();
}
