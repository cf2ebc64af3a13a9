/**
 * Tensors and the tape (a static graph, define-then-run).
 *
 * A model builds its graph once for a given batch shape: every op allocates its output (and, when
 * needed, gradient and cache buffers) at build time and appends itself to the tape. Each training
 * step then replays `forward()` (ops in order) and `backward()` (ops in reverse), which only enqueue
 * kernels: no allocation per step, so WebGPU can record a whole step into one command encoder.
 *
 * Gradient rules:
 * - Backward kernels write into a tensor's grad with `accumulate` decided here: the first contribution
 *   in a backward pass overwrites, later ones add (`gradDst`). So activation grads need no zeroing.
 * - Ops that can only add (scatter-add, partial row writes) ask for `gradZeroed`, which clears the grad
 *   once if nothing has written it yet in this pass.
 * - Parameter grads live in one flat buffer (ParamStore) that `zeroGrad` clears in one fill; for them
 *   every contribution accumulates.
 * - An op whose output grad was never written in this pass (the output does not reach the loss) is
 *   skipped: its gradient is zero.
 */
import type { Backend, Buf, DType, Ref } from './backend';
import { at } from './backend';

export class Tensor {
  /** Set during backward when this tensor's grad holds a value for the current pass. */
  gradWritten = false;
  constructor(
    readonly graph: Graph,
    readonly shape: readonly number[],
    readonly data: Ref,
    /** Gradient buffer (same shape), or null when no gradient flows to this tensor. */
    readonly grad: Ref | null,
    readonly dtype: DType,
    readonly label: string,
    /** Parameter views: grads always accumulate into the store's zeroed flat buffer. */
    readonly isParam = false,
    /** For views: the tensor whose buffers this one aliases (gradient bookkeeping goes to the root). */
    readonly root: Tensor | null = null,
    /** A view covering all of its root at offset 0 (a reshape): gradient bookkeeping is the root's. */
    readonly whole = false,
  ) {}
  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }
  get requiresGrad(): boolean {
    return this.grad !== null;
  }
}

/** One node of the tape: forward and backward only enqueue kernels. */
interface Op {
  readonly name: string;
  /** Output tensors: if none had its grad written in this pass, backward is skipped. */
  readonly outputs: readonly Tensor[];
  forward(): void;
  backward(): void;
}

export class Graph {
  readonly ops: Op[] = [];
  private readonly owned: Buf[] = [];
  private readonly tensors: Tensor[] = [];

  constructor(readonly backend: Backend) {}

  /** A fresh tensor with its own buffers (grad allocated when requiresGrad). */
  tensor(shape: readonly number[], requiresGrad: boolean, label: string, dtype: DType = 'f32'): Tensor {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = this.buffer(n, dtype, label);
    const grad = requiresGrad ? this.buffer(n, 'f32', `${label}.grad`) : null;
    const t = new Tensor(this, shape, data, grad, dtype, label);
    this.tensors.push(t);
    return t;
  }

  /** A tensor over existing buffers (parameters from a ParamStore). */
  external(shape: readonly number[], data: Ref, grad: Ref | null, label: string, isParam: boolean): Tensor {
    const t = new Tensor(this, shape, data, grad, 'f32', label, isParam);
    this.tensors.push(t);
    return t;
  }

  /** A view of `t` starting `offset` elements in, with a new shape (no copy; grads alias too). */
  view(t: Tensor, offset: number, shape: readonly number[], label = `${t.label}.view`): Tensor {
    const n = shape.reduce((a, b) => a * b, 1);
    if (offset + n > t.size) throw new Error(`view out of range: ${label}`);
    const root = t.root ?? t;
    const whole = offset === 0 && n === root.size && (t.root === null || t.whole);
    const v = new Tensor(this, shape, at(t.data, offset), t.grad ? at(t.grad, offset) : null, t.dtype, label, t.isParam, root, whole);
    this.tensors.push(v);
    return v;
  }

  /** Same data and grad, new shape (sizes must match). */
  reshape(t: Tensor, shape: readonly number[]): Tensor {
    if (shape.reduce((a, b) => a * b, 1) !== t.size) throw new Error(`reshape: [${t.shape}] -> [${shape}]`);
    return this.view(t, 0, shape, t.label);
  }

  /** A scratch buffer owned by the graph (op caches). */
  buffer(n: number, dtype: DType, label: string): Buf {
    const b = this.backend.alloc(Math.max(n, 1), dtype, label);
    this.owned.push(b);
    return b;
  }

  push(op: Op): void {
    this.ops.push(op);
  }

  /** Enqueue the forward pass. */
  forward(): void {
    for (const op of this.ops) op.forward();
  }

  /** Enqueue the backward pass from a scalar `loss` (dloss = 1). Param grads accumulate: zero them first. */
  backward(loss: Tensor): void {
    if (loss.size !== 1 || !loss.grad) throw new Error('backward: loss must be a scalar that requires grad');
    for (const t of this.tensors) t.gradWritten = false;
    this.backend.fill(loss.grad, 1, 1);
    loss.gradWritten = true;
    for (let i = this.ops.length - 1; i >= 0; i--) {
      const op = this.ops[i];
      if (op.outputs.some((o) => written(o))) op.backward();
    }
  }

  /** Where to write a gradient contribution for `t`, and whether to add to what is there. */
  gradDst(t: Tensor): { ref: Ref; accumulate: boolean } {
    if (!t.grad) throw new Error(`no grad for ${t.label}`);
    if (t.isParam) return { ref: t.grad, accumulate: true };
    if (t.root && t.whole) {
      const accumulate = t.root.gradWritten;
      t.root.gradWritten = true;
      return { ref: t.grad, accumulate };
    }
    if (t.root) {
      this.gradZeroed(t.root);
      return { ref: t.grad, accumulate: true };
    }
    const accumulate = t.gradWritten;
    t.gradWritten = true;
    return { ref: t.grad, accumulate };
  }

  /** The grad of `t`, cleared first if nothing wrote it in this pass (for add-only kernels). */
  gradZeroed(t: Tensor): Ref {
    if (!t.grad) throw new Error(`no grad for ${t.label}`);
    if (t.isParam) return t.grad;
    const r = t.root ?? t;
    if (!r.gradWritten) {
      this.backend.fill(r.grad as Ref, r.size, 0);
      r.gradWritten = true;
    }
    return t.grad;
  }

  /** Free every buffer this graph allocated (not external ones). */
  dispose(): void {
    for (const b of this.owned) this.backend.free(b);
    this.owned.length = 0;
  }
}

function written(t: Tensor): boolean {
  return t.isParam || (t.root ?? t).gradWritten;
}
