/**
 * Matmul with transposes, batches, and a fused bias + activation epilogue:
 *   out = act(alpha * op(a) @ op(b) + bias)
 * Shapes:
 * - b 2-D: a is [..., K] (leading dims flattened into M rows; or a 2-D [K, M] with transA),
 *   op(b) is [K, N], out [..., N]. This is the common "activations @ weights^T" case.
 * - b 3-D [batch, ...]: a is 3-D [batch, ...] or 2-D (broadcast over the batch); out [batch, M, N].
 * - bias [N] (optional), act relu/tanh/sigmoid (optional).
 * Forward caches its output (for the activation's derivative). Backward, with G = dout * act'(out):
 *   d op(a) = alpha G op(b)^T,  d op(b) = alpha op(a)^T G,  dbias = sum over rows of G,
 * each written by the same matmul kernel with the transposes chosen so that no transpose is
 * materialised. A broadcast operand's gradient is summed over the batch (one accumulate per item).
 */
import type { Backend, Ref, Unary } from '../backend';
import { at } from '../backend';
import type { Tensor } from '../tensor';

interface MatmulOpts {
  transA?: boolean;
  transB?: boolean;
  bias?: Tensor;
  act?: Unary;
  alpha?: number;
  label?: string;
}

interface Mm {
  a: Ref; b: Ref; c: Ref; M: number; N: number; K: number; transA: boolean; transB: boolean;
  batch: number; sA: number; sB: number; sC: number; alpha: number; accumulate: boolean;
}

/** Batched matmul; a batch whose output stride is 0 (broadcast target) is split into accumulating calls. */
function mm(be: Backend, x: Mm): void {
  if (x.sC === 0 && x.batch > 1) {
    for (let i = 0; i < x.batch; i++) {
      be.matmul({
        a: at(x.a, i * x.sA), b: at(x.b, i * x.sB), c: x.c, M: x.M, N: x.N, K: x.K, transA: x.transA,
        transB: x.transB, alpha: x.alpha, accumulate: x.accumulate || i > 0,
      });
    }
    return;
  }
  be.matmul({
    a: x.a, b: x.b, c: x.c, M: x.M, N: x.N, K: x.K, transA: x.transA, transB: x.transB, batch: x.batch,
    strideA: x.sA, strideB: x.sB, strideC: x.sC, alpha: x.alpha, accumulate: x.accumulate,
  });
}

export function matmul(a: Tensor, b: Tensor, opts: MatmulOpts = {}): Tensor {
  const g = a.graph;
  const be = g.backend;
  const transA = opts.transA ?? false;
  const transB = opts.transB ?? false;
  const alpha = opts.alpha ?? 1;
  const { bias, act } = opts;
  let M: number, K: number, N: number, batch: number, sA: number, sB: number, outShape: number[];
  if (b.shape.length === 2) {
    [K, N] = transB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
    if (transA) {
      if (a.shape.length !== 2 || a.shape[0] !== K) throw new Error(`matmul: bad shapes [${a.shape}]^T @ [${b.shape}]`);
      M = a.shape[1];
      outShape = [M, N];
    } else {
      if (a.shape[a.shape.length - 1] !== K) throw new Error(`matmul: bad shapes [${a.shape}] @ [${b.shape}]${transB ? '^T' : ''}`);
      M = a.size / K;
      outShape = [...a.shape.slice(0, -1), N];
    }
    batch = 1;
    sA = 0;
    sB = 0;
  } else {
    if (b.shape.length !== 3 || a.shape.length < 2 || a.shape.length > 3) throw new Error('matmul: batched operands must be 3-D');
    batch = b.shape[0];
    const a2 = a.shape.slice(-2);
    [M, K] = transA ? [a2[1], a2[0]] : [a2[0], a2[1]];
    const kb = transB ? b.shape[2] : b.shape[1];
    N = transB ? b.shape[1] : b.shape[2];
    if (kb !== K || (a.shape.length === 3 && a.shape[0] !== batch)) throw new Error(`matmul: bad shapes [${a.shape}] @ [${b.shape}]`);
    sA = a.shape.length === 3 ? M * K : 0;
    sB = K * N;
    outShape = [batch, M, N];
  }
  if (bias && bias.size !== N) throw new Error(`matmul: bias of ${bias.size} for N=${N}`);
  const sC = M * N;
  const needGrad = a.requiresGrad || b.requiresGrad || (bias?.requiresGrad ?? false);
  const out = g.tensor(outShape, needGrad, opts.label ?? 'matmul');
  const dpre = act && needGrad ? g.buffer(batch * M * N, 'f32', `${out.label}.dpre`) : null;

  g.push({
    name: 'matmul',
    outputs: [out],
    forward: () =>
      be.matmul({
        a: a.data, b: b.data, c: out.data, M, N, K, transA, transB, batch, strideA: sA, strideB: sB, strideC: sC,
        alpha, bias: bias?.data, act,
      }),
    backward: () => {
      let G: Ref = out.grad!;
      if (act && dpre) {
        be.unaryBackward(act, dpre, G, out.data, batch * M * N, false);
        G = dpre;
      }
      if (a.requiresGrad) {
        const d = g.gradDst(a);
        if (!transA) mm(be, { a: G, b: b.data, c: d.ref, M, N: K, K: N, transA: false, transB: !transB, batch, sA: sC, sB, sC: sA, alpha, accumulate: d.accumulate });
        else mm(be, { a: b.data, b: G, c: d.ref, M: K, N: M, K: N, transA: transB, transB: true, batch, sA: sB, sB: sC, sC: sA, alpha, accumulate: d.accumulate });
      }
      if (b.requiresGrad) {
        const d = g.gradDst(b);
        if (!transB) mm(be, { a: a.data, b: G, c: d.ref, M: K, N, K: M, transA: !transA, transB: false, batch, sA, sB: sC, sC: sB, alpha, accumulate: d.accumulate });
        else mm(be, { a: G, b: a.data, c: d.ref, M: N, N: K, K: M, transA: true, transB: transA, batch, sA: sC, sB: sA, sC: sB, alpha, accumulate: d.accumulate });
      }
      if (bias?.requiresGrad) {
        const d = g.gradDst(bias);
        be.sumRows(d.ref, G, batch * M, N, d.accumulate);
      }
    },
  });
  return out;
}
