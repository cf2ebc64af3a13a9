/**
 * Parameters, gradients and AdamW moments in four flat buffers with named views (llm.c's
 * ParameterTensors): AdamW is one kernel over one buffer, zeroing grads is one fill, and a checkpoint
 * is one read of each buffer.
 *
 * Each view starts on a 64-element (256-byte) boundary, WebGPU's storage offset alignment, unless
 * its spec says `packed` (then it directly follows the previous one, e.g. W_Q|W_K|W_V, read as one
 * [3*H*dh, d_model] matrix by a single matmul).
 */
import type { Backend, Buf, View } from './backend';
import { Rng } from '../tasks/prng';
import type { Graph, Tensor } from './tensor';
import type { Weights } from '../analysis/types';

export interface ParamSpec {
  name: string;
  shape: number[];
  /** normal(0, std^2), uniform in [-bound, bound) (PyTorch's nn.LSTM and nn.Linear), or constant fill. */
  init: { kind: 'normal'; std: number } | { kind: 'uniform'; bound: number } | { kind: 'const'; value: number };
  /** Place directly after the previous parameter (no alignment gap). */
  packed?: boolean;
}

export interface ParamSlot {
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

const ALIGN = 64;

function layoutParams(specs: ParamSpec[]): { slots: ParamSlot[]; total: number } {
  const slots: ParamSlot[] = [];
  let off = 0;
  for (const s of specs) {
    if (!s.packed) off = Math.ceil(off / ALIGN) * ALIGN;
    const size = s.shape.reduce((a, b) => a * b, 1);
    slots.push({ name: s.name, shape: s.shape, offset: off, size });
    off += size;
  }
  return { slots, total: Math.ceil(off / ALIGN) * ALIGN };
}

export class ParamStore {
  readonly slots: ParamSlot[];
  readonly byName: Map<string, ParamSlot>;
  /** Total elements of each flat buffer (including alignment gaps, which stay 0). */
  readonly total: number;
  readonly params: Buf;
  readonly grads: Buf;
  readonly m: Buf;
  readonly v: Buf;

  constructor(readonly backend: Backend, readonly specs: ParamSpec[]) {
    const { slots, total } = layoutParams(specs);
    this.slots = slots;
    this.total = total;
    this.byName = new Map(slots.map((s) => [s.name, s]));
    this.params = backend.alloc(total, 'f32', 'params');
    this.grads = backend.alloc(total, 'f32', 'grads');
    this.m = backend.alloc(total, 'f32', 'adam.m');
    this.v = backend.alloc(total, 'f32', 'adam.v');
  }

  slot(name: string): ParamSlot {
    const s = this.byName.get(name);
    if (!s) throw new Error(`unknown parameter ${name}`);
    return s;
  }

  /** Host-side initial values from Rng(seed, "init"), drawn in layout order. */
  initialValues(seed: number): Float32Array {
    const rng = new Rng(seed, 'init');
    const out = new Float32Array(this.total);
    this.specs.forEach((spec, i) => {
      const { offset, size } = this.slots[i];
      const init = spec.init;
      if (init.kind === 'const') out.fill(init.value, offset, offset + size);
      else if (init.kind === 'uniform') for (let j = 0; j < size; j++) out[offset + j] = (2 * rng.next() - 1) * init.bound;
      else for (let j = 0; j < size; j++) out[offset + j] = rng.normal() * init.std;
    });
    return out;
  }

  /** Upload initial values; moments and grads are zero. */
  init(seed: number): void {
    this.load(this.initialValues(seed));
    this.backend.fill(this.m, this.total, 0);
    this.backend.fill(this.v, this.total, 0);
    this.backend.fill(this.grads, this.total, 0);
  }

  /** Upload a whole flat parameter vector. */
  load(values: Float32Array): void {
    if (values.length !== this.total) throw new Error(`load: ${values.length} values for ${this.total}`);
    this.backend.write(this.params, values);
  }

  /** Overwrite named parameters (e.g. from a golden fixture); others are unchanged. */
  setWeights(w: Weights): void {
    for (const [name, { shape, data }] of Object.entries(w)) {
      const s = this.slot(name);
      if (shape.join() !== s.shape.join()) throw new Error(`setWeights ${name}: shape [${shape}] vs [${s.shape}]`);
      this.backend.write({ buf: this.params, offset: s.offset }, data);
    }
  }

  /** A graph tensor over the parameter `name` (its grad view only when withGrad). */
  tensor(graph: Graph, name: string, withGrad = true): Tensor {
    const s = this.slot(name);
    const grad: View | null = withGrad ? { buf: this.grads, offset: s.offset } : null;
    return graph.external(s.shape, { buf: this.params, offset: s.offset }, grad, name, true);
  }

  /** A tensor over `count` consecutive packed parameters starting at `first`, as [rows, cols]. */
  packedTensor(graph: Graph, first: string, shape: number[], withGrad = true, label = first): Tensor {
    const s = this.slot(first);
    const grad: View | null = withGrad ? { buf: this.grads, offset: s.offset } : null;
    return graph.external(shape, { buf: this.params, offset: s.offset }, grad, label, true);
  }

  zeroGrad(): void {
    this.backend.fill(this.grads, this.total, 0);
  }

  async readParams(): Promise<Float32Array> {
    return this.backend.read(this.params, this.total);
  }

  /** The named weights (copies), in spec order. */
  async weights(): Promise<Weights> {
    const all = await this.readParams();
    const w: Weights = {};
    for (const s of this.slots) w[s.name] = { shape: [...s.shape], data: all.slice(s.offset, s.offset + s.size) };
    return w;
  }

  dispose(): void {
    for (const b of [this.params, this.grads, this.m, this.v]) this.backend.free(b);
  }
}
