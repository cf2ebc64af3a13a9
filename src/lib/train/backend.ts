/**
 * The Backend interface: the few, coarse kernels the autograd layer (src/lib/train/tensor.ts and ops/)
 * is built from. Two implementations: the plain TypeScript CPU twin (src/lib/train/cpu/) and WebGPU
 * (src/lib/train/webgpu/).
 *
 * Execution model (designed for WebGPU):
 * - Buffers are opaque handles (`Buf`). A `Ref` names a buffer plus an element offset into it, so
 *   parameter/gradient/moment views into one flat buffer are passed without copies.
 *   Offsets are in ELEMENTS (not bytes). Parameter views are aligned to 64 elements (256 bytes, the
 *   WebGPU minStorageBufferOffsetAlignment), other offsets may be arbitrary (e.g. "last position row"
 *   of an activation): a backend may bind the whole buffer and pass the offset as a uniform.
 * - Every kernel call only ENQUEUES work, in call order; the CPU backend runs it immediately.
 *   Kernel calls return nothing and never read back. Scalars (lr, step, scale) are plain numbers
 *   captured at enqueue time.
 * - `flush()` marks the end of a recorded batch of work (typically one training step): WebGPU submits
 *   its command encoder there. `read()` flushes implicitly and is the only async call.
 * - Layouts are row-major and contiguous unless a leading dimension (ld*) says otherwise.
 * - Backward kernels take `accumulate`: false = overwrite the destination, true = add into it
 *   (the autograd layer decides; parameter gradients always accumulate into a zeroed flat buffer).
 *
 * Shapes below: [rows, cols] means row-major with row stride cols unless stated.
 */

export type DType = 'f32' | 'i32';

/** Opaque device buffer of `length` elements of `dtype`. Backends extend it with their own fields. */
export interface Buf {
  readonly length: number;
  readonly dtype: DType;
  readonly label: string;
}

/** A buffer plus an element offset: a view without a copy. */
export interface View {
  readonly buf: Buf;
  readonly offset: number;
}

/** Anything a kernel accepts as an operand. A bare Buf means offset 0. */
export type Ref = Buf | View;

function isView(r: Ref): r is View {
  return (r as View).buf !== undefined;
}
/** Normalise a Ref to (buffer, element offset). */
export function resolve(r: Ref): { buf: Buf; offset: number } {
  return isView(r) ? { buf: r.buf, offset: r.offset } : { buf: r, offset: 0 };
}
/** A Ref shifted by `delta` elements. */
export function at(r: Ref, delta: number): View {
  const { buf, offset } = resolve(r);
  return { buf, offset: offset + delta };
}

export type Unary = 'relu' | 'tanh' | 'sigmoid';

/** C[b] (+)= act(alpha * op(A[b]) @ op(B[b]) + bias) for b in 0..batch-1. */
export interface MatmulArgs {
  /** op(A) is [M, K]: A stored [M, K] (transA false) or [K, M] (transA true). */
  a: Ref;
  /** op(B) is [K, N]: B stored [K, N] (transB false) or [N, K] (transB true). */
  b: Ref;
  /** C stored [M, N]. Must not alias A or B. */
  c: Ref;
  M: number;
  N: number;
  K: number;
  transA?: boolean;
  transB?: boolean;
  /** Number of independent products (default 1). */
  batch?: number;
  /** Element stride between batch items; 0 broadcasts that operand over the batch.
   * Defaults: M*K for A, K*N for B, M*N for C (with the default leading dimensions). */
  strideA?: number;
  strideB?: number;
  strideC?: number;
  /** Row strides (leading dimensions) of the STORED matrices. Defaults: A: transA ? M : K;
   * B: transB ? K : N; C: N. E.g. lda = T*d with a Ref at the last position's row reads
   * "the final position of every sequence" without a copy. */
  lda?: number;
  ldb?: number;
  ldc?: number;
  /** Scale applied to the product before bias (default 1). */
  alpha?: number;
  /** Optional [N] bias added to every row of the product (epilogue). */
  bias?: Ref;
  /** Optional activation applied after the bias (epilogue). */
  act?: Unary;
  /** false (default): C = result; true: C += result (result includes bias and act). */
  accumulate?: boolean;
}

/** Causal multi-head attention over packed Q|K|V rows, with the query at the last `Tq` positions. */
export interface AttentionArgs {
  /** [B, T, 3, H, dh]: each of the B*T rows is q (H*dh) | k (H*dh) | v (H*dh), i.e. X @ [W_Q;W_K;W_V]^T. */
  qkv: Ref;
  /** Output z: [B, Tq, H*dh], head-major within a row (concat_h z_h). */
  out: Ref;
  /** Cached attention probabilities: [B, H, Tq, T] (masked entries are 0). */
  att: Ref;
  B: number;
  T: number;
  /** Queries are positions T-Tq..T-1 (Tq = T: every position; Tq = 1: the final position only). */
  Tq: number;
  H: number;
  dh: number;
  /** Score scale, normally 1/sqrt(dh). */
  scale: number;
}

export interface AttentionBackwardArgs extends Omit<AttentionArgs, 'out'> {
  /** dL/dz: [B, Tq, H*dh]. */
  dout: Ref;
  /** dL/dqkv: [B, T, 3, H, dh]. Q rows of positions < T-Tq receive 0 (or nothing when accumulating). */
  dqkv: Ref;
  accumulate: boolean;
}

/**
 * Attention whose Q|K|V rows come from a table (the first layer's token tables, models/transformer.ts):
 * the row of (b, t) is qkv[rows[b*T + t]] rather than qkv[b*T + t]. Exactly gatherRows, then attention.
 */
export interface AttentionRowsArgs extends AttentionArgs {
  /** i32 [B*T]: which row of the table `qkv` each (b, t) reads. */
  rows: Ref;
}

/**
 * Its backward: the gradient of the row of (b, t) is added into dqkv[rows[b*T + t]] (dqkv is the table's
 * gradient, [table rows, 3*H*dh]), in the order of b*T + t. Exactly attentionBackward into a [B*T] buffer,
 * then scatterAddRows.
 */
export interface AttentionRowsBackwardArgs extends Omit<AttentionBackwardArgs, 'accumulate'> {
  rows: Ref;
}

/** One LSTM cell step over a batch (PyTorch's nn.LSTM gate order i, f, g, o), element (b, j) per thread:
 *   i = σ(pre_i), f = σ(pre_f), g = tanh(pre_g), o = σ(pre_o);  c = f c_prev + i g;  h = o tanh(c). */
export interface LstmCellArgs {
  /** Gate pre-activations [B, 4H]: blocks i | f | g | o of H columns each. */
  pre: Ref;
  /** Previous cell state [B, H]. */
  cPrev: Ref;
  /** Cache for the backward: the activated gates [B, 4H], blocks σ(i) | σ(f) | tanh(g) | σ(o). */
  gates: Ref;
  /** New cell state [B, H]. */
  c: Ref;
  /** New hidden state [B, H]. */
  h: Ref;
  B: number;
  H: number;
}

/** The cell's backward from its cached gates; tanh(c) is recomputed from c:
 *   dc_tot = dc + dh o (1 - tanh(c)^2);  do = dh tanh(c);  di = dc_tot g;  dg = dc_tot i;  df = dc_tot c_prev;
 *   dpre = [di i(1-i) | df f(1-f) | dg (1-g^2) | do o(1-o)];  dc_prev = dc_tot f. */
export interface LstmCellBackwardArgs {
  gates: Ref;
  cPrev: Ref;
  c: Ref;
  /** dL/dh [B, H], or null when no gradient reached h (read as 0). */
  dh: Ref | null;
  /** dL/dc [B, H], or null when no gradient reached c (read as 0). */
  dc: Ref | null;
  /** dL/dpre [B, 4H] and dL/dc_prev [B, H], each written or added to per its accumulate flag. */
  dpre: Ref;
  dcPrev: Ref;
  B: number;
  H: number;
  accumulatePre: boolean;
  accumulateCPrev: boolean;
}

export interface AdamWArgs {
  /** Flat parameter, gradient and moment buffers of n elements (same offsets). */
  params: Ref;
  grads: Ref;
  m: Ref;
  v: Ref;
  n: number;
  /** Learning rate for this step (after warm-up). */
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** 1-based step number t, for the bias corrections 1 - beta^t. */
  step: number;
}

export interface Backend {
  readonly name: string;

  // ---- memory -----------------------------------------------------------------------------------
  /** A zero-initialised buffer of `length` elements. */
  alloc(length: number, dtype?: DType, label?: string): Buf;
  /** Release a buffer (it must not be used afterwards). */
  free(buf: Buf): void;
  /** Enqueue an upload of `data` to dst[0 .. data.length). dtype must match. */
  write(dst: Ref, data: Float32Array | Int32Array): void;
  /** Flush, wait, and return a copy of src[0 .. length) (f32 buffers). The only async call. */
  read(src: Ref, length: number): Promise<Float32Array>;
  /** End of a recorded batch of work (one training step): WebGPU submits here. */
  flush(): void;
  /** Release everything (device, pipelines, buffers). */
  dispose(): void;

  // ---- element-wise and copies (length n, contiguous) --------------------------------------------
  /** dst[i] = value. */
  fill(dst: Ref, n: number, value: number): void;
  /** dst[i] = src[i] (f32 or i32, same dtype). */
  copy(dst: Ref, src: Ref, n: number): void;
  /** out[i] (+)= alpha * x[i]. */
  scale(out: Ref, x: Ref, n: number, alpha: number, accumulate: boolean): void;
  /** out[i] (+)= a[i] + b[i]. */
  add(out: Ref, a: Ref, b: Ref, n: number, accumulate: boolean): void;
  /** out[i] (+)= a[i] * b[i]. */
  mul(out: Ref, a: Ref, b: Ref, n: number, accumulate: boolean): void;
  /** out[r, c] = x[r, c] + bias[c]; x, out [rows, cols], bias [cols]. out may equal x. */
  addBias(out: Ref, x: Ref, bias: Ref, rows: number, cols: number): void;
  /** out[i] = f(x[i]) for f in relu/tanh/sigmoid. out may equal x. */
  unary(kind: Unary, out: Ref, x: Ref, n: number): void;
  /** dx[i] (+)= dy[i] * f'(.) computed from the forward OUTPUT y:
   * relu: y > 0 ? 1 : 0; tanh: 1 - y^2; sigmoid: y (1 - y). */
  unaryBackward(kind: Unary, dx: Ref, dy: Ref, y: Ref, n: number, accumulate: boolean): void;

  // ---- reductions --------------------------------------------------------------------------------
  /** out[c] (+)= sum_r x[r, c]; x [rows, cols], out [cols]. Bias gradients, broadcast reductions. */
  sumRows(out: Ref, x: Ref, rows: number, cols: number, accumulate: boolean): void;
  /** out[0] (+)= alpha * sum_i x[i], i < n. (mean: alpha = 1/n.) */
  sum(out: Ref, x: Ref, n: number, alpha: number, accumulate: boolean): void;
  /** out[i] (+)= alpha * g[0] for i < n: backward of sum/mean (broadcast a scalar). */
  broadcastScalar(out: Ref, g: Ref, n: number, alpha: number, accumulate: boolean): void;

  // ---- rows: embeddings ---------------------------------------------------------------------------
  /** out[i, :] = table[idx[i], :]; idx i32 [n], table [*, cols], out [n, cols]. */
  gatherRows(out: Ref, table: Ref, idx: Ref, n: number, cols: number): void;
  /** dtable[idx[i], :] += dout[i, :] (always accumulates; repeated indices sum). */
  scatterAddRows(dtable: Ref, dout: Ref, idx: Ref, n: number, cols: number): void;

  // ---- matmul ------------------------------------------------------------------------------------
  /** See MatmulArgs: C[b] (+)= act(alpha * op(A[b]) @ op(B[b]) + bias). */
  matmul(args: MatmulArgs): void;

  // ---- softmax, attention, layer norm --------------------------------------------------------------
  /** y[r, :] = softmax(x[r, :]); x, y [rows, cols]. */
  softmax(y: Ref, x: Ref, rows: number, cols: number): void;
  /** dx[r, c] (+)= y[r, c] * (dy[r, c] - sum_k dy[r, k] y[r, k]). */
  softmaxBackward(dx: Ref, dy: Ref, y: Ref, rows: number, cols: number, accumulate: boolean): void;
  /** Causal attention forward, see AttentionArgs. */
  attention(args: AttentionArgs): void;
  /** Causal attention backward, see AttentionBackwardArgs. */
  attentionBackward(args: AttentionBackwardArgs): void;
  /**
   * Optional (the CPU twin): attention over rows of a table without gathering them into a [B*T] buffer
   * first, and its backward without that buffer's gradient. Where absent, ops/attention.ts gathers.
   */
  attentionRows?(args: AttentionRowsArgs): void;
  attentionRowsBackward?(args: AttentionRowsBackwardArgs): void;
  /** y = (x - mean) * rstd * gamma + beta per row; caches mean [rows], rstd [rows] (1/sqrt(var + eps),
   * biased variance as in PyTorch). x, y [rows, cols]; gamma, beta [cols]. */
  layerNorm(y: Ref, mean: Ref, rstd: Ref, x: Ref, gamma: Ref, beta: Ref, rows: number, cols: number, eps: number): void;
  /** dx (+)= ..., dgamma += sum_r dy * xhat, dbeta += sum_r dy (gamma/beta grads always accumulate). */
  layerNormBackward(
    dx: Ref, dgamma: Ref, dbeta: Ref, dy: Ref, x: Ref, mean: Ref, rstd: Ref, gamma: Ref,
    rows: number, cols: number, accumulate: boolean,
  ): void;

  // ---- recurrent cells -----------------------------------------------------------------------------
  /** One LSTM cell step, see LstmCellArgs. */
  lstmCell(args: LstmCellArgs): void;
  /** Its backward, see LstmCellBackwardArgs. */
  lstmCellBackward(args: LstmCellBackwardArgs): void;

  // ---- loss --------------------------------------------------------------------------------------
  /** Cross-entropy over chosen rows: loss[i] = logsumexp(logits[rows[i], :]) - logits[rows[i], targets[i]].
   * logits [*, cols]; rows i32 [n] (or null: row i); targets i32 [n]; loss [n]. */
  crossEntropy(loss: Ref, logits: Ref, rows: Ref | null, targets: Ref, n: number, cols: number, saved?: Ref | null): void;
  /** dlogits[rows[i], :] (+)= dloss[i] * (softmax(logits[rows[i], :]) - onehot(targets[i])).
   * With accumulate false, rows not chosen are left untouched (the caller zeroes them if needed). */
  crossEntropyBackward(
    dlogits: Ref, dloss: Ref, logits: Ref, rows: Ref | null, targets: Ref, n: number, cols: number, accumulate: boolean,
    saved?: Ref | null,
  ): void;
  /**
   * Optional: how many f32 slots of `saved` the backend wants for cross-entropy over n rows of cols with
   * no row list (0 or absent: none). Where it asks, the op allocates that buffer and hands the same one to
   * the forward and the backward of one step: the forward keeps there what the backward would compute
   * again (the CPU twin: softmax - onehot in doubles, so the backward does no exp).
   */
  crossEntropySavedLength?(n: number, cols: number): number;

  // ---- optimizer ---------------------------------------------------------------------------------
  /** One AdamW step over flat buffers, PyTorch semantics (torch.optim.AdamW, amsgrad=False):
   *   p *= 1 - lr*wd;  m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;
   *   p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps). */
  adamw(args: AdamWArgs): void;
  /** out[0] (+)= sum_i x[i]^2 (weight norm metric). */
  sumSquares(out: Ref, x: Ref, n: number, accumulate: boolean): void;
}
