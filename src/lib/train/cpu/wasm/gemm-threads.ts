/**
 * The CPU matmul on several threads. Every thread runs the same SIMD kernel (gemm.wat, built to import a
 * shared memory) over one copy of the operands in that memory; the rows of the product are split
 * between them in blocks of 4. Each element of the product is still summed by one thread, in the same
 * order as on one thread, so the result is bit for bit the one-thread result, whatever the split: a
 * run resumed with another thread count continues identically.
 *
 * The attention kernels (attn_fwd, attn_bwd_last) split the same way by sequences of the batch: each
 * (sequence, head) is computed by one thread with the one-thread code, so any split gives the same bits.
 *
 * Protocol, per helper h: 16 int32 slots at h*16 of a SharedArrayBuffer,
 *   [0] job number (the caller increments it to post a job; -1 stops the helper)
 *   [1] number of the last job done (the helper stores it and notifies)
 *   [13] the job's kind: 0 matmul rows, 1 attn_fwd, 2 attn_bwd_last, 3 / 4 cross-entropy forward / backward
 *        rows (JavaScript, xent-rows.ts: [2..10] = out, logits, targets, dloss byte offsets, cols, n, i0, i1,
 *        the saved doubles' byte offset or -1),
 *        5 / 6 / 7 / 8 the elementwise kernels relu_bwd / add_f32 / acc_f32 / adamw over a range
 *        (elementwise.ts: [2..7] = their integer arguments, pointers already at the range's start),
 *        9 scatter_add_rows over a range of table rows (scatter.ts: [2..8] = its seven arguments)
 *   [2..12] the job: for rows, byte offsets and strides as gemm4x8 takes them, the row count, N8, K, KC
 *           (and [14] N: columns N8..N-1 by edge_cols);
 *           for attention, the kernel's ten integer arguments in order
 *   [14..15] (one float64) the attention's scale.
 * A helper sleeps in Atomics.wait on slot 0; the caller, after doing its own rows, sleeps on slot 1.
 * Platform code (gemm-pool.node.ts, gemm-pool.browser.ts) starts the helpers with HELPER_LOOP and hands
 * them the memory.
 */
import { runRows, type Kernel } from './gemm';
import { XENT_SOURCE } from './xent-rows';

/** One helper's share: rows of C from byte offsets a and c onwards, every K chunk. */
export interface RowJob {
  a: number;
  sai: number;
  sak: number;
  b: number;
  ldb: number;
  c: number;
  ldc: number;
  rows: number;
  N8: number;
  /** All the product's columns: N8..N-1 are done by edge_cols after the micro-kernel. */
  N: number;
  K: number;
  KC: number;
}

export const SLOTS = 16;

/** The elementwise kernels a helper runs over a range, and their job kinds in slot 13. */
export type Elementwise = 'relu_bwd' | 'add_f32' | 'acc_f32' | 'adamw';
const ELEMENTWISE_JOB: Record<Elementwise, number> = { relu_bwd: 5, add_f32: 6, acc_f32: 7, adamw: 8 };

/** A helper that has not finished its rows after this long is taken for dead (an error, not a hang). */
const HELPER_TIMEOUT_MS = 60_000;

/**
 * Threads to ask for in a page: 2 where it is cross-origin isolated (shared memory) and the machine has
 * at least 2 cores, else 1. (Two: the essay's products split well in two; more was not measured.)
 */
export function defaultGemmThreads(): number {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const cores = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1;
  return isolated && typeof SharedArrayBuffer !== 'undefined' ? Math.min(2, cores) : 1;
}

/**
 * The helper's loop, as source: `kernel` is its gemm4x8 on the shared memory and `ctl` its 16 slots.
 * (A string, not a function's text: what a bundler or tsx emits for a function is not ours to eval.)
 */
export const HELPER_LOOP = `${XENT_SOURCE}
function helperLoop(kernel, ctl, memory) {
  const gemm4x8 = kernel.gemm4x8;
  const scale = new Float64Array(ctl.buffer, ctl.byteOffset + 56, 1);
  let seen = 0;
  for (;;) {
    Atomics.wait(ctl, 0, seen);
    const job = Atomics.load(ctl, 0);
    if (job < 0) return;
    seen = job;
    const kind = ctl[13];
    if (kind === 1) kernel.attn_fwd(ctl[2], ctl[3], ctl[4], ctl[5], ctl[6], ctl[7], ctl[8], ctl[9], ctl[10], ctl[11], scale[0]);
    else if (kind === 2) kernel.attn_bwd_last(ctl[2], ctl[3], ctl[4], ctl[5], ctl[6], ctl[7], ctl[8], ctl[9], ctl[10], ctl[11], scale[0]);
    else if (kind === 5) kernel.relu_bwd(ctl[2], ctl[3], ctl[4], ctl[5], ctl[6]);
    else if (kind === 6) kernel.add_f32(ctl[2], ctl[3], ctl[4], ctl[5]);
    else if (kind === 7) kernel.acc_f32(ctl[2], ctl[3], ctl[4]);
    else if (kind === 8) kernel.adamw(ctl[2], ctl[3], ctl[4], ctl[5], ctl[6], ctl[7]);
    else if (kind === 9) kernel.scatter_add_rows(ctl[2], ctl[3], ctl[4], ctl[5], ctl[6], ctl[7], ctl[8]);
    else if (kind === 3 || kind === 4) {
      const buf = memory.buffer, out = ctl[2], x = ctl[3], tg = ctl[4], dl = ctl[5], cols = ctl[6], n = ctl[7], i0 = ctl[8], i1 = ctl[9];
      const X = new Float32Array(buf, x, n * cols), Tg = new Int32Array(buf, tg, n);
      const Q = ctl[10] >= 0 ? new Float64Array(buf, ctl[10], n * cols) : null;
      if (kind === 3) xentForwardRows(new Float32Array(buf, out, n), X, Tg, i0, i1, cols, Q);
      else xentBackwardRows(new Float32Array(buf, out, n * cols), new Float32Array(buf, dl, n), X, Tg, i0, i1, cols, Q);
    }
    else {
      const a = ctl[2], sai = ctl[3], sak = ctl[4], b = ctl[5], ldb = ctl[6], c = ctl[7], ldc = ctl[8];
      const rows = ctl[9], N8 = ctl[10], K = ctl[11], KC = ctl[12];
      for (let k0 = 0; k0 < K; k0 += KC) {
        gemm4x8(a + k0 * sak, sai, sak, b + k0 * ldb, ldb, c, ldc, rows, N8, Math.min(KC, K - k0), k0 > 0 ? 1 : 0);
      }
      if (ctl[14] > N8) kernel.edge_cols(a, sai, sak, b, ldb, c, ldc, rows, N8, ctl[14], K);
    }
    Atomics.store(ctl, 1, job);
    Atomics.notify(ctl, 1);
  }
}`;

/**
 * One share of an attention kernel: the kernel's ten integer arguments (byte offsets of this share's
 * first sequence, its own scratch, its batch size B, the shape, and its first row index or -1) and the scale.
 */
export interface AttentionJob {
  kind: 'attn_fwd' | 'attn_bwd_last';
  ints: [number, number, number, number, number, number, number, number, number, number];
  scale: number;
}

/** The calling thread's side: a kernel on the shared memory, and helpers it can post rows to. */
export class GemmThreads {
  readonly #ctl: Int32Array;
  readonly #posted: number[];
  /** Attention kernels split across the threads so far (tests check the split really ran). */
  batchesSplit = 0;

  constructor(
    /** The calling thread's kernel instance; its memory is the shared one the helpers use. */
    readonly kernel: Kernel,
    /** SLOTS int32 per helper. */
    ctl: SharedArrayBuffer,
    readonly helpers: number,
  ) {
    this.#ctl = new Int32Array(ctl);
    this.#posted = new Array<number>(helpers).fill(0);
  }

  /**
   * C rows [0, M4) of the product, split across this thread and the helpers in blocks of 4 rows;
   * `job` describes all of them (rows = M4). Returns when every row is done.
   */
  run(job: RowJob): void {
    const parts = Math.min(this.helpers + 1, job.rows / 4);
    const per = Math.ceil(job.rows / 4 / parts) * 4;
    let started = 0;
    for (let h = 0; h < parts - 1; h++) {
      const i0 = per * (h + 1);
      const rows = Math.min(per, job.rows - i0);
      if (rows <= 0) break;
      this.#post(h, { ...job, a: job.a + i0 * job.sai, c: job.c + i0 * job.ldc, rows });
      started++;
    }
    runRows(this.kernel, { ...job, rows: Math.min(per, job.rows) });
    for (let h = 0; h < started; h++) this.#wait(h);
  }

  /**
   * An attention kernel over B sequences, split in contiguous blocks of sequences across this thread and
   * the helpers: share(b0, b1, t) is the job for sequences [b0, b1) on thread t (0 = this one), which
   * must use scratch of its own. Returns when every share is done.
   */
  runBatches(B: number, share: (b0: number, b1: number, thread: number) => AttentionJob): void {
    this.batchesSplit++;
    const parts = Math.min(this.helpers + 1, B);
    const per = Math.ceil(B / parts);
    let started = 0;
    for (let h = 0; h < parts - 1; h++) {
      const b0 = per * (h + 1);
      const b1 = Math.min(B, b0 + per);
      if (b1 <= b0) break;
      this.#postAttention(h, share(b0, b1, h + 1));
      started++;
    }
    const own = share(0, Math.min(per, B), 0);
    this.kernel[own.kind](...own.ints, own.scale);
    for (let h = 0; h < started; h++) this.#wait(h);
  }

  /**
   * A JavaScript row kernel (xent-rows.ts) over n rows split in contiguous blocks: helper h gets
   * [kind, ...args (5 byte offsets / sizes), n, i0, i1, saved (byte offset of the saved doubles, or -1)]
   * in its slots, this thread runs own(0, i1).
   */
  runRowsJs(kind: 'xent_fwd' | 'xent_bwd', args: [number, number, number, number, number], n: number, saved: number, own: (i0: number, i1: number) => void): void {
    this.batchesSplit++;
    const parts = Math.min(this.helpers + 1, n);
    const per = Math.ceil(n / parts);
    let started = 0;
    for (let h = 0; h < parts - 1; h++) {
      const i0 = per * (h + 1);
      const i1 = Math.min(n, i0 + per);
      if (i1 <= i0) break;
      this.#postInts(h, kind === 'xent_fwd' ? 3 : 4, [...args, n, i0, i1, saved]);
      started++;
    }
    own(0, Math.min(per, n));
    for (let h = 0; h < started; h++) this.#wait(h);
  }

  /**
   * An elementwise kernel (gemm.wat's relu_bwd, add_f32, acc_f32, adamw) over n elements, split in
   * contiguous ranges of whole SIMD vectors: share(i0, i1) is the kernel's integer arguments for elements [i0, i1)
   * (pointers moved to i0). Each element is computed alone, so any split gives the same bits.
   */
  runElementwise(kind: Elementwise, n: number, share: (i0: number, i1: number) => number[]): void {
    this.batchesSplit++;
    const parts = Math.min(this.helpers + 1, Math.ceil(n / 4));
    const per = Math.ceil(n / parts / 4) * 4;
    let started = 0;
    for (let h = 0; h < parts - 1; h++) {
      const i0 = per * (h + 1);
      const i1 = Math.min(n, i0 + per);
      if (i1 <= i0) break;
      this.#postInts(h, ELEMENTWISE_JOB[kind], share(i0, i1));
      started++;
    }
    const own = share(0, Math.min(per, n));
    if (kind === 'relu_bwd') this.kernel.relu_bwd(own[0], own[1], own[2], own[3], own[4]);
    else if (kind === 'add_f32') this.kernel.add_f32(own[0], own[1], own[2], own[3]);
    else if (kind === 'acc_f32') this.kernel.acc_f32(own[0], own[1], own[2]);
    else this.kernel.adamw(own[0], own[1], own[2], own[3], own[4], own[5]);
    for (let h = 0; h < started; h++) this.#wait(h);
  }

  /**
   * scatter_add_rows once per thread: shares[0] (its seven arguments) here, shares[h + 1] on helper h.
   * The shares must touch disjoint table rows (scatter.ts splits by rows). Returns when all are done.
   */
  runScatter(shares: number[][]): void {
    this.batchesSplit++;
    const started = Math.min(shares.length - 1, this.helpers);
    for (let h = 0; h < started; h++) this.#postInts(h, 9, shares[h + 1]);
    const own = shares[0];
    this.kernel.scatter_add_rows(own[0], own[1], own[2], own[3], own[4], own[5], own[6]);
    for (let h = 0; h < started; h++) this.#wait(h);
  }

  /** Stops every helper (their threads then end). */
  stop(): void {
    for (let h = 0; h < this.helpers; h++) {
      Atomics.store(this.#ctl, h * SLOTS, -1);
      Atomics.notify(this.#ctl, h * SLOTS);
    }
  }

  /** Posts a job to helper h: `kind` in slot 13, `ints` from slot 2 on (at most 11). */
  #postInts(h: number, kind: number, ints: ArrayLike<number>): void {
    const c = this.#ctl;
    const o = h * SLOTS;
    for (let i = 0; i < ints.length; i++) c[o + 2 + i] = ints[i];
    c[o + 13] = kind;
    this.#posted[h]++;
    Atomics.store(c, o, this.#posted[h]);
    Atomics.notify(c, o);
  }

  #postAttention(h: number, j: AttentionJob): void {
    new Float64Array(this.#ctl.buffer, (h * SLOTS + 14) * 4, 1)[0] = j.scale; // before the post, which publishes it
    this.#postInts(h, j.kind === 'attn_fwd' ? 1 : 2, j.ints);
  }

  #post(h: number, j: RowJob): void {
    this.#ctl[h * SLOTS + 14] = j.N;
    this.#postInts(h, 0, [j.a, j.sai, j.sak, j.b, j.ldb, j.c, j.ldc, j.rows, j.N8, j.K, j.KC]);
  }

  #wait(h: number): void {
    const c = this.#ctl;
    const o = h * SLOTS + 1;
    const t0 = Date.now();
    for (;;) {
      const done = Atomics.load(c, o);
      if (done === this.#posted[h]) return;
      if (Atomics.wait(c, o, done, HELPER_TIMEOUT_MS) === 'timed-out' && Date.now() - t0 >= HELPER_TIMEOUT_MS) {
        throw new Error(`matmul helper thread ${h + 1} did not answer in ${HELPER_TIMEOUT_MS / 1000} s`);
      }
    }
  }
}
