// A tiny builder for ONNX graphs: name values, add initializers and nodes with typed attributes, and get a
// ModelSpec / bytes. Ops are plain strings with the ONNX operator's name, so any standard op can be used
// (LayerNormalization, Loop with a GraphSpec body, … for other architectures); the helpers below cover the
// common ones with their attributes spelled out. Opset 17 semantics (Softmax over one axis, Reshape 0 = copy).
import { encodeModel, type AttrValue, type ElemType, type GraphSpec, type ModelSpec, type NodeSpec, type TensorSpec, type ValueInfoSpec } from './onnx-proto';

export const attr = {
  int: (value: number): AttrValue => ({ type: 'int', value }),
  ints: (value: number[]): AttrValue => ({ type: 'ints', value }),
  float: (value: number): AttrValue => ({ type: 'float', value }),
  floats: (value: number[]): AttrValue => ({ type: 'floats', value }),
  string: (value: string): AttrValue => ({ type: 'string', value }),
  tensor: (value: TensorSpec): AttrValue => ({ type: 'tensor', value }),
  graph: (value: GraphSpec): AttrValue => ({ type: 'graph', value }),
};

export interface BuildOptions {
  irVersion?: number;
  opset?: number;
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  metadata?: Record<string, string>;
}

export class GraphBuilder {
  readonly nodes: NodeSpec[] = [];
  readonly initializers: TensorSpec[] = [];
  readonly inputs: ValueInfoSpec[] = [];
  readonly outputs: ValueInfoSpec[] = [];
  private names = new Set<string>();
  private counter = 0;

  constructor(readonly name: string) {}

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`onnx graph: duplicate value name ${name}`);
    this.names.add(name);
    return name;
  }

  /** A fresh value name with a readable prefix. */
  fresh(prefix: string): string {
    let n: string;
    do n = `${prefix}_${this.counter++}`;
    while (this.names.has(n));
    return n;
  }

  input(name: string, type: ElemType, shape: (number | string)[]): string {
    this.inputs.push({ name: this.claim(name), type, shape });
    return name;
  }

  /** Declares an existing value (an op's output) as a graph output. */
  output(name: string, type: ElemType, shape: (number | string)[]): string {
    if (!this.names.has(name)) throw new Error(`onnx graph: output ${name} is not produced by any node`);
    this.outputs.push({ name, type, shape });
    return name;
  }

  initializer(name: string, type: ElemType, dims: number[], data: TensorSpec['data']): string {
    this.initializers.push({ name: this.claim(name), type, dims, data });
    return name;
  }

  float(name: string, dims: number[], data: Float32Array): string {
    return this.initializer(name, 'float32', dims, data);
  }

  /** int64 constant (shapes, indices, axes). */
  int64(name: string, values: number[], dims: number[] = [values.length]): string {
    return this.initializer(name, 'int64', dims, BigInt64Array.from(values.map((v) => BigInt(v))));
  }

  scalarFloat(name: string, value: number): string {
    return this.initializer(name, 'float32', [], Float32Array.of(value));
  }

  /** Adds a node; returns its output names (fresh ones unless `outputs` are given). */
  node(opType: string, inputs: string[], attributes: Record<string, AttrValue> = {}, outputs: string[] | number = 1): string[] {
    const outs = typeof outputs === 'number' ? Array.from({ length: outputs }, () => this.fresh(opType.toLowerCase())) : outputs;
    for (const o of outs) this.claim(o);
    for (const i of inputs) if (i !== '' && !this.names.has(i)) throw new Error(`onnx graph: ${opType} input ${i} is undefined`);
    this.nodes.push({ opType, inputs, outputs: outs, name: `${opType}_${this.nodes.length}`, attributes });
    return outs;
  }

  private one(opType: string, inputs: string[], attributes: Record<string, AttrValue> = {}, out?: string): string {
    return this.node(opType, inputs, attributes, out ? [out] : 1)[0];
  }

  matmul(a: string, b: string, out?: string): string { return this.one('MatMul', [a, b], {}, out); }
  add(a: string, b: string, out?: string): string { return this.one('Add', [a, b], {}, out); }
  mul(a: string, b: string, out?: string): string { return this.one('Mul', [a, b], {}, out); }
  relu(x: string, out?: string): string { return this.one('Relu', [x], {}, out); }
  softmax(x: string, axis: number, out?: string): string { return this.one('Softmax', [x], { axis: attr.int(axis) }, out); }
  transpose(x: string, perm: number[], out?: string): string { return this.one('Transpose', [x], { perm: attr.ints(perm) }, out); }
  gather(data: string, indices: string, axis = 0, out?: string): string { return this.one('Gather', [data, indices], { axis: attr.int(axis) }, out); }

  /** Reshape to a constant shape (0 copies the input's dim, -1 infers one dim). */
  reshape(x: string, shape: number[], out?: string): string {
    return this.one('Reshape', [x, this.int64(this.fresh('shape'), shape)], {}, out);
  }

  graph(): GraphSpec {
    return { name: this.name, nodes: this.nodes, initializers: this.initializers, inputs: this.inputs, outputs: this.outputs };
  }

  model(opts: BuildOptions = {}): ModelSpec {
    return {
      graph: this.graph(),
      irVersion: opts.irVersion ?? 8,
      opsets: [{ domain: '', version: opts.opset ?? 17 }],
      producerName: opts.producerName ?? 'grokking-gradually',
      producerVersion: opts.producerVersion,
      docString: opts.docString,
      metadata: opts.metadata,
    };
  }

  toBytes(opts: BuildOptions = {}): Uint8Array {
    return encodeModel(this.model(opts));
  }
}
