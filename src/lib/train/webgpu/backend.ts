/**
 * The WebGPU implementation of the Backend interface (src/lib/train/backend.ts), for Node (Dawn,
 * device.node.ts) and the browser (device.ts). Every kernel is WGSL from ./kernels.
 *
 * Recording model: kernel calls append dispatches to ONE open compute pass of ONE command encoder;
 * flush() (or read()) ends the pass and submits. So a training step is one submit with one read-back
 * (the loss). Per dispatch, the parameters go into a 256-byte slot of a uniform arena that is uploaded
 * once per submit and bound with a dynamic offset; bind groups are cached by (pipeline, buffers), so a
 * repeated step with the same buffers creates no new WebGPU objects. Freed buffers go to a pool keyed
 * by size and come back zeroed (a fill dispatch), so per-step temporaries cost no allocation.
 * Offsets of views are passed as uniforms; whole buffers are always bound.
 */
import type {
  AdamWArgs, AttentionArgs, AttentionBackwardArgs, Backend, Buf, DType, LstmCellArgs, LstmCellBackwardArgs,
  MatmulArgs, Ref, Unary,
} from '../backend';
import { resolve } from '../backend';
import { deviceHealth } from './device';
import { matmulWgsl, MATMUL_P, MATMUL_TILE, type MatmulVariant } from './kernels/matmul.wgsl';
import { elementwiseWgsl, ELEMENTWISE_P, EW_WG, type ElementwiseOp } from './kernels/elementwise.wgsl';
import { SUMALL_P, sumAllWgsl, SUMROWS_P, SUMROWS_WG, sumRowsWgsl } from './kernels/reduce.wgsl';
import { GATHER_WG, gatherRowsWgsl, ROWS_P, SCATTER_WG, scatterAddRowsWgsl } from './kernels/rows.wgsl';
import { SOFTMAX_P, SOFTMAX_WG, softmaxBackwardWgsl, softmaxWgsl } from './kernels/softmax.wgsl';
import { ATTN_P, ATTN_WG, attentionBackwardWgsl, attentionWgsl } from './kernels/attention.wgsl';
import {
  LN_P, LN_WG, layerNormBackwardDxWgsl, layerNormBackwardParamsWgsl, layerNormWgsl,
} from './kernels/layernorm.wgsl';
import { CE_P, CE_WG, crossEntropyBackwardRowsWgsl, crossEntropyBackwardWgsl, crossEntropyWgsl } from './kernels/loss.wgsl';
import { ADAMW_P, ADAMW_WG, adamwWgsl } from './kernels/adamw.wgsl';
import { LSTM_BWD_P, LSTM_P, LSTM_WG, lstmCellBackwardWgsl, lstmCellWgsl } from './kernels/lstm.wgsl';
import { TRANSPOSE_P, TRANSPOSE_WG, transposeWgsl } from './kernels/transpose.wgsl';
import { accessOf, type Access, type ParamBlock, type Fields } from './kernels/params';

const SLOT = 256; // bytes per dispatch in the uniform arena (minUniformBufferOffsetAlignment)
const ARENA_SLOTS = 4096; // dispatches per submit before an automatic intermediate submit
const MAX_WG = 65535;
const BIG_MATMUL = 1 << 20; // multiply-adds from which matmul takes the 8x8 kernel
const ACT_CODE: Record<Unary, number> = { relu: 1, tanh: 2, sigmoid: 3 };

class GpuBuf implements Buf {
  constructor(
    readonly length: number,
    readonly dtype: DType,
    readonly label: string,
    readonly gpu: GPUBuffer,
    readonly id: number,
  ) {}
}

interface Kernel<F extends Fields> {
  label: string;
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
  access: Access[];
  params: ParamBlock<F>;
  id: number;
}

/** One storage operand of a dispatch: `count` elements from element `offset` (-1: to the buffer's end),
 * and the name of the uniform field that receives the offset relative to the bound range. */
interface Span {
  gpu: GPUBuffer;
  offset: number;
  count: number;
  field?: string;
}

/** Threads per matmul workgroup for `threads` column blocks: cover them with as few idle lanes as
 * possible (idle columns cost 2-3x on lavapipe) from a few widths (each is a pipeline to compile),
 * multiples of 8 (lavapipe's SIMD width). */
function matmulWidth(threads: number): number {
  if (threads <= 8) return 8;
  if (threads <= 16) return 16;
  if (threads <= 32) return 32;
  if (threads <= 48) return 48;
  if (threads <= 64) return 64;
  let best = 64;
  let bestIdle = Infinity;
  for (let w = 64; w >= 32; w -= 8) {
    const idle = Math.ceil(threads / w) * w - threads;
    if (idle < bestIdle) [best, bestIdle] = [w, idle];
  }
  return best;
}

function makeGrid(groups: number): [number, number, number] {
  const g = Math.max(1, groups);
  if (g <= MAX_WG) return [g, 1, 1];
  const y = Math.ceil(g / MAX_WG);
  return [Math.ceil(g / y), y, 1];
}

interface WebGPUBackendOptions {
  /** Shown in errors and as `name` ("webgpu (lavapipe)"). */
  driver?: string;
}

export class WebGPUBackend implements Backend {
  readonly name: string;
  private readonly device: GPUDevice;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private readonly arena: ArrayBuffer = new ArrayBuffer(SLOT * ARENA_SLOTS);
  private readonly arenaView = new DataView(this.arena);
  private arenaUsed = 0; // slots
  private readonly uniforms: GPUBuffer;
  private readonly dummy: GPUBuffer;
  private readonly align: number; // minStorageBufferOffsetAlignment, bytes
  private nextId = 1;
  private readonly bufIds = new WeakMap<GPUBuffer, number>();
  private readonly pool = new Map<number, GPUBuffer[]>();
  private readonly bindGroups = new Map<string, GPUBindGroup>();
  private readonly pipelines = new Map<string, Kernel<Fields>>();
  private readonly readStaging = new Map<number, GPUBuffer[]>();
  private pendingDestroy: GPUBuffer[] = [];
  private disposed = false;
  /** Dispatches recorded since creation, and how many inputs had to be staged because they overlapped
   * an output (benchmarks, tests). */
  readonly stats = { dispatches: 0, staged: 0, submits: 0 };

  constructor(device: GPUDevice, opts: WebGPUBackendOptions = {}) {
    this.device = device;
    this.name = `webgpu${opts.driver ? ` (${opts.driver})` : ''}`;
    this.align = device.limits.minStorageBufferOffsetAlignment;
    this.uniforms = device.createBuffer({
      label: 'uniform arena', size: this.arena.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    this.dummy = device.createBuffer({ label: 'unused binding', size: 16, usage: GPUBufferUsage.STORAGE });
    this.bufIds.set(this.dummy, 0);
    this.buildPipelines();
  }

  // ---- infrastructure ---------------------------------------------------------------------------

  private check(): void {
    if (this.disposed) throw new Error('WebGPU backend used after dispose()');
    const f = deviceHealth(this.device).failure;
    if (f) throw new Error(f);
  }

  private kernel<F extends Fields>(key: string, code: () => string, params: ParamBlock<F>): Kernel<F> {
    let k = this.pipelines.get(key) as Kernel<F> | undefined;
    if (k) return k;
    const wgsl = code();
    const access = accessOf(wgsl);
    const entries: GPUBindGroupLayoutEntry[] = access.map((a, i) => ({
      binding: i, visibility: GPUShaderStage.COMPUTE, buffer: { type: a === 'rw' ? 'storage' : 'read-only-storage' },
    }));
    entries.push({
      binding: access.length, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: 0 },
    });
    const layout = this.device.createBindGroupLayout({ label: key, entries });
    const module = this.device.createShaderModule({ label: key, code: wgsl });
    const pipeline = this.device.createComputePipeline({
      label: key,
      layout: this.device.createPipelineLayout({ label: key, bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: 'main' },
    });
    k = { label: key, pipeline, layout, access, params, id: this.pipelines.size + 1 };
    this.pipelines.set(key, k as unknown as Kernel<Fields>);
    return k;
  }

  /** All pipelines but the matmul variants, which are built on first use per (variant, width), and the
   * LSTM cell's, built on first use. */
  private buildPipelines(): void {
    const ew: ElementwiseOp[] = ['fill', 'copy', 'scale', 'add', 'mul', 'addBias', 'unary', 'unaryBackward', 'broadcastScalar'];
    for (const op of ew) this.ew(op);
    for (const [name, code, p] of KERNELS) this.kernel(name, code, p);
  }

  private ew(op: ElementwiseOp) {
    return this.kernel(`ew:${op}`, () => elementwiseWgsl(op), ELEMENTWISE_P);
  }

  private computePass(): GPUComputePassEncoder {
    this.encoder ??= this.device.createCommandEncoder({ label: 'train batch' });
    this.pass ??= this.encoder.beginComputePass({ label: 'kernels' });
    return this.pass;
  }

  private commandEncoder(): GPUCommandEncoder {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
    this.encoder ??= this.device.createCommandEncoder({ label: 'train batch' });
    return this.encoder;
  }

  /** Byte range [start, end) bound for a span: start aligned down, end rounded up to 16 bytes. */
  private range(s: Span): [number, number] {
    const start = Math.floor((s.offset * 4) / this.align) * this.align;
    const end = s.count < 0 ? s.gpu.size : Math.min(s.gpu.size, Math.ceil(((s.offset + Math.max(s.count, 1)) * 4) / 16) * 16);
    return [start, Math.max(end, start + 16)];
  }

  private dispatch<F extends Fields>(
    k: Kernel<F>, spans: Array<Span | null>, values: { [K in keyof F]: number }, grid: [number, number, number],
  ): void {
    this.check();
    const ranges = spans.map((s) => (s ? this.range(s) : null));
    // An output may not overlap another binding of the same buffer (WebGPU validation): stage an
    // overlapping input in a scratch buffer first (a copy in stream order).
    for (let i = 0; i < spans.length; i++) {
      const si = spans[i];
      if (!si || k.access[i] !== 'rw') continue;
      for (let j = 0; j < spans.length; j++) {
        const sj = spans[j];
        if (j === i || !sj || sj.gpu !== si.gpu) continue;
        const [a0, a1] = ranges[i]!;
        const [b0, b1] = ranges[j]!;
        if (a1 <= b0 || b1 <= a0) continue;
        if (k.access[j] === 'rw') throw new Error(`${k.label}: two outputs overlap in one buffer`);
        spans[j] = this.stage(sj);
        ranges[j] = this.range(spans[j]!);
      }
    }
    if (this.arenaUsed === ARENA_SLOTS) this.flush();
    const slot = this.arenaUsed++;
    const v = values as Record<string, number>;
    let key = `${k.id}`;
    const entries: GPUBindGroupEntry[] = [];
    spans.forEach((s, i) => {
      if (!s) {
        key += ':-';
        entries.push({ binding: i, resource: { buffer: this.dummy } });
        return;
      }
      const [start, end] = ranges[i]!;
      if (s.field) v[s.field] = s.offset - start / 4;
      key += `:${this.bufIds.get(s.gpu)}@${start}+${end - start}`;
      entries.push({ binding: i, resource: { buffer: s.gpu, offset: start, size: end - start } });
    });
    k.params.pack(this.arenaView, slot * SLOT, values);
    let bg = this.bindGroups.get(key);
    if (!bg) {
      entries.push({ binding: k.access.length, resource: { buffer: this.uniforms, offset: 0, size: SLOT } });
      bg = this.device.createBindGroup({ label: k.label, layout: k.layout, entries });
      if (this.bindGroups.size > 50_000) this.bindGroups.clear();
      this.bindGroups.set(key, bg);
    }
    const pass = this.computePass();
    pass.setPipeline(k.pipeline);
    pass.setBindGroup(0, bg, [slot * SLOT]);
    pass.dispatchWorkgroups(grid[0], grid[1], grid[2]);
    this.stats.dispatches++;
  }

  /** Copy a span into a scratch buffer (u32 bits, in stream order) and return the scratch span. */
  private stage(s: Span): Span {
    const count = s.count < 0 ? s.gpu.size / 4 - s.offset : s.count;
    const bytes = Math.max(16, Math.ceil((count * 4) / 16) * 16);
    const gpu = this.pool.get(bytes)?.pop() ?? this.createBuffer(bytes, 'staged input');
    this.dispatch(this.ew('copy'), [
      { gpu, offset: 0, count, field: 'offO' }, { gpu: s.gpu, offset: s.offset, count, field: 'offA' }, null,
    ], { n: count, offO: 0, offA: 0, offB: 0, cols: 1, accumulate: 0, kind: 0, aIsO: 0, bIsO: 0, alpha: 0 }, makeGrid(Math.ceil(count / EW_WG)));
    this.release(gpu); // reusable by later dispatches: they run after this one's reads
    this.stats.staged++;
    return { gpu, offset: 0, count, field: s.field };
  }

  private createBuffer(bytes: number, label: string): GPUBuffer {
    const gpu = this.device.createBuffer({
      label, size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    this.bufIds.set(gpu, this.nextId++);
    return gpu;
  }

  private release(gpu: GPUBuffer): void {
    const list = this.pool.get(gpu.size) ?? [];
    list.push(gpu);
    this.pool.set(gpu.size, list);
  }

  /** The span of `count` elements of a Ref (-1: to the end of its buffer), checking the dtype. */
  private sp(r: Ref, count: number, field: string, dtype: DType = 'f32'): Span {
    const { buf, offset } = resolve(r);
    if (!(buf instanceof GpuBuf)) throw new Error(`not a WebGPU buffer: ${buf.label}`);
    if (buf.dtype !== dtype) throw new Error(`expected ${dtype} buffer, got ${buf.dtype} (${buf.label})`);
    if (count >= 0 && offset + count > buf.length) {
      throw new Error(`operand out of range: ${offset}+${count} > ${buf.length} (${buf.label || 'unlabelled buffer'})`);
    }
    return { gpu: buf.gpu, offset, count, field };
  }

  // ---- memory -----------------------------------------------------------------------------------

  alloc(length: number, dtype: DType = 'f32', label = ''): Buf {
    this.check();
    // 16-byte multiple so a buffer can be bound as array<vec4<f32>>.
    const bytes = Math.max(16, Math.ceil((length * 4) / 16) * 16);
    const pooled = this.pool.get(bytes)?.pop();
    let gpu: GPUBuffer;
    if (pooled) {
      gpu = pooled;
      // Reused: zero it in stream order (after every earlier use of its previous owner).
      const n = bytes / 4;
      this.dispatch(this.ew('fill'), [{ gpu, offset: 0, count: n, field: 'offO' }, null, null],
        { n, offO: 0, offA: 0, offB: 0, cols: 1, accumulate: 0, kind: 0, aIsO: 0, bIsO: 0, alpha: 0 }, makeGrid(Math.ceil(n / EW_WG)));
    } else {
      gpu = this.createBuffer(bytes, label || `buf${this.nextId}`);
    }
    return new GpuBuf(length, dtype, label, gpu, this.bufIds.get(gpu)!);
  }

  free(buf: Buf): void {
    this.release((buf as GpuBuf).gpu);
  }

  write(dst: Ref, data: Float32Array | Int32Array): void {
    this.check();
    const { buf, offset } = resolve(dst);
    if (!(buf instanceof GpuBuf)) throw new Error(`not a WebGPU buffer: ${buf.label}`);
    if ((buf.dtype === 'f32') !== data instanceof Float32Array) throw new Error(`write: dtype mismatch (${buf.label})`);
    if (offset + data.length > buf.length) throw new Error(`write: out of range (${buf.label})`);
    if (data.length === 0) return;
    const bytes = data.length * 4;
    if (!this.encoder) {
      // Nothing recorded yet: the queue write is already in order.
      this.device.queue.writeBuffer(buf.gpu, offset * 4, data.buffer, data.byteOffset, bytes);
      return;
    }
    // Recorded work pending: upload through a staging buffer copied in stream order.
    const staging = this.device.createBuffer({ label: 'upload', size: bytes, usage: GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    new Uint8Array(staging.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, bytes));
    staging.unmap();
    this.commandEncoder().copyBufferToBuffer(staging, 0, buf.gpu, offset * 4, bytes);
    this.pendingDestroy.push(staging);
  }

  async read(src: Ref, length: number): Promise<Float32Array> {
    this.check();
    const s = this.sp(src, length, 'offset');
    const size = Math.max(16, Math.ceil((length * 4) / 16) * 16);
    const staging = this.readStaging.get(size)?.pop() ??
      this.device.createBuffer({ label: 'read-back', size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    if (length > 0) this.commandEncoder().copyBufferToBuffer(s.gpu, s.offset * 4, staging, 0, length * 4);
    this.flush();
    try {
      await staging.mapAsync(GPUMapMode.READ);
    } catch (e) {
      // A lost device rejects the map, possibly before device.lost resolves: give the loss a moment
      // to be recorded, so the reader sees "device lost" rather than a failed read.
      await Promise.race([this.device.lost, new Promise((r) => setTimeout(r, 100))]);
      this.check();
      throw new Error(`WebGPU read-back failed: ${(e as Error).message}`);
    }
    this.check();
    const out = new Float32Array(staging.getMappedRange(0, length * 4).slice(0));
    staging.unmap();
    const list = this.readStaging.get(size) ?? [];
    list.push(staging);
    this.readStaging.set(size, list);
    return out;
  }

  flush(): void {
    this.check();
    if (!this.encoder) return;
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
    if (this.arenaUsed > 0) this.device.queue.writeBuffer(this.uniforms, 0, this.arena, 0, this.arenaUsed * SLOT);
    this.device.queue.submit([this.encoder.finish()]);
    this.stats.submits++;
    this.encoder = null;
    this.arenaUsed = 0;
    for (const b of this.pendingDestroy) b.destroy();
    this.pendingDestroy = [];
  }

  /** Wait until the device has finished everything submitted (benchmarks). */
  async sync(): Promise<void> {
    this.flush();
    await this.device.queue.onSubmittedWorkDone();
    this.check();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.bindGroups.clear();
    deviceHealth(this.device).released = true;
    this.device.destroy();
  }

  // ---- element-wise -------------------------------------------------------------------------------

  private elementwise(
    op: ElementwiseOp, out: Ref, a: Ref | null, b: Ref | null, n: number,
    extra: { alpha?: number; cols?: number; kind?: number; accumulate?: boolean; aCount?: number; bCount?: number } = {},
  ): void {
    if (n <= 0) return;
    const dtype: DType = op === 'copy' ? resolve(out).buf.dtype : 'f32';
    const O = this.sp(out, n, 'offO', dtype);
    let A = a ? this.sp(a, extra.aCount ?? n, 'offA', dtype) : null;
    let B = b ? this.sp(b, extra.bCount ?? n, 'offB', dtype) : null;
    // In place (same buffer and offset): read through the output binding instead of binding twice.
    const aIsO = op !== 'copy' && A !== null && A.gpu === O.gpu && A.offset === O.offset;
    const bIsO = op !== 'copy' && B !== null && B.gpu === O.gpu && B.offset === O.offset;
    if (op === 'copy' && A && A.gpu === O.gpu && A.offset === O.offset) return;
    if (aIsO) A = null;
    if (bIsO) B = null;
    const v = {
      n, offO: 0, offA: 0, offB: 0, cols: extra.cols ?? 1, accumulate: extra.accumulate ? 1 : 0,
      kind: extra.kind ?? 0, aIsO: aIsO ? 1 : 0, bIsO: bIsO ? 1 : 0, alpha: extra.alpha ?? 0,
    };
    if (aIsO || bIsO) O.field = undefined; // relative offsets set below, shared by the aliases
    this.dispatchEw(op, O, A, B, v, aIsO, bIsO);
  }

  private dispatchEw(
    op: ElementwiseOp, O: Span, A: Span | null, B: Span | null,
    v: { n: number; offO: number; offA: number; offB: number; cols: number; accumulate: number; kind: number; aIsO: number; bIsO: number; alpha: number },
    aIsO: boolean, bIsO: boolean,
  ): void {
    if (aIsO || bIsO) {
      const rel = O.offset - this.range(O)[0] / 4;
      v.offO = rel;
      if (aIsO) v.offA = rel;
      if (bIsO) v.offB = rel;
    }
    this.dispatch(this.ew(op), [O, A, B], v, makeGrid(Math.ceil(v.n / EW_WG)));
  }

  fill(dst: Ref, n: number, value: number): void {
    this.elementwise('fill', dst, null, null, n, { alpha: value });
  }
  copy(dst: Ref, src: Ref, n: number): void {
    if (resolve(dst).buf.dtype !== resolve(src).buf.dtype) throw new Error('copy: dtype mismatch');
    this.elementwise('copy', dst, src, null, n);
  }
  scale(out: Ref, x: Ref, n: number, alpha: number, accumulate: boolean): void {
    this.elementwise('scale', out, x, null, n, { alpha, accumulate });
  }
  add(out: Ref, a: Ref, b: Ref, n: number, accumulate: boolean): void {
    this.elementwise('add', out, a, b, n, { accumulate });
  }
  mul(out: Ref, a: Ref, b: Ref, n: number, accumulate: boolean): void {
    this.elementwise('mul', out, a, b, n, { accumulate });
  }
  addBias(out: Ref, x: Ref, bias: Ref, rows: number, cols: number): void {
    this.elementwise('addBias', out, x, bias, rows * cols, { cols, bCount: cols });
  }
  unary(kind: Unary, out: Ref, x: Ref, n: number): void {
    this.elementwise('unary', out, x, null, n, { kind: ACT_CODE[kind] });
  }
  unaryBackward(kind: Unary, dx: Ref, dy: Ref, y: Ref, n: number, accumulate: boolean): void {
    this.elementwise('unaryBackward', dx, dy, y, n, { kind: ACT_CODE[kind], accumulate });
  }

  // ---- reductions ---------------------------------------------------------------------------------

  sumRows(out: Ref, x: Ref, rows: number, cols: number, accumulate: boolean): void {
    if (cols === 0) return;
    this.dispatch(this.kernel('sumRows', sumRowsWgsl, SUMROWS_P),
      [this.sp(out, cols, 'offO'), this.sp(x, rows * cols, 'offX')],
      { rows, cols, offO: 0, offX: 0, accumulate: accumulate ? 1 : 0 }, [Math.ceil(cols / SUMROWS_WG), 1, 1]);
  }
  private sumAll(out: Ref, x: Ref, n: number, alpha: number, accumulate: boolean, square: boolean): void {
    this.dispatch(this.kernel('sumAll', sumAllWgsl, SUMALL_P),
      [this.sp(out, 1, 'offO'), n > 0 ? this.sp(x, n, 'offX') : null],
      { n, offO: 0, offX: 0, accumulate: accumulate ? 1 : 0, square: square ? 1 : 0, alpha }, [1, 1, 1]);
  }
  sum(out: Ref, x: Ref, n: number, alpha: number, accumulate: boolean): void {
    this.sumAll(out, x, n, alpha, accumulate, false);
  }
  sumSquares(out: Ref, x: Ref, n: number, accumulate: boolean): void {
    this.sumAll(out, x, n, 1, accumulate, true);
  }
  broadcastScalar(out: Ref, g: Ref, n: number, alpha: number, accumulate: boolean): void {
    this.elementwise('broadcastScalar', out, g, null, n, { alpha, accumulate, aCount: 1 });
  }

  // ---- rows ---------------------------------------------------------------------------------------

  gatherRows(out: Ref, table: Ref, idx: Ref, n: number, cols: number): void {
    if (n * cols === 0) return;
    this.dispatch(this.kernel('gatherRows', gatherRowsWgsl, ROWS_P),
      [this.sp(out, n * cols, 'offO'), this.sp(table, -1, 'offT'), this.sp(idx, n, 'offIdx', 'i32')],
      { n, cols, offO: 0, offT: 0, offIdx: 0 }, makeGrid(Math.ceil((n * cols) / GATHER_WG)));
  }
  scatterAddRows(dtable: Ref, dout: Ref, idx: Ref, n: number, cols: number): void {
    if (n * cols === 0) return;
    this.dispatch(this.kernel('scatterAddRows', scatterAddRowsWgsl, ROWS_P),
      [this.sp(dtable, -1, 'offO'), this.sp(dout, n * cols, 'offT'), this.sp(idx, n, 'offIdx', 'i32')],
      { n, cols, offO: 0, offT: 0, offIdx: 0 }, [Math.ceil(cols / SCATTER_WG), 1, 1]);
  }

  // ---- matmul -------------------------------------------------------------------------------------

  matmul(args: MatmulArgs): void {
    const { M, N, K } = args;
    let transB = args.transB ?? false;
    const transA = args.transA ?? false;
    const batch = args.batch ?? 1;
    const lda = args.lda ?? (transA ? M : K);
    let ldb = args.ldb ?? (transB ? K : N);
    const ldc = args.ldc ?? N;
    const sA = args.strideA ?? M * K;
    let sB = args.strideB ?? K * N;
    const sC = args.strideC ?? M * N;
    if (M === 0 || N === 0 || batch === 0) return;
    // Elements spanned by a stored [rows, cols] matrix with row stride ld, over the batch.
    const extent = (rows: number, cols: number, ld: number, stride: number) =>
      rows === 0 || cols === 0 ? 1 : (batch - 1) * stride + (rows - 1) * ld + cols;
    const A = this.sp(args.a, extent(transA ? K : M, transA ? M : K, lda, sA), 'offA');
    let B = this.sp(args.b, extent(transB ? N : K, transB ? K : N, ldb, sB), 'offB');
    const C = this.sp(args.c, extent(M, N, ldc, sC), 'offC');
    const Bi = args.bias ? this.sp(args.bias, N, 'offBias') : null;
    let scratch: GPUBuffer | null = null;
    if (transB && M * N * K * batch >= BIG_MATMUL && M >= 16 && N % 8 === 0) {
      // x @ W^T: transpose W (small) into [K, N] and take the fast path (see transpose.wgsl.ts).
      const items = sB === 0 ? 1 : batch;
      const count = items * K * N;
      const bytes = Math.max(16, Math.ceil((count * 4) / 16) * 16);
      scratch = this.pool.get(bytes)?.pop() ?? this.createBuffer(bytes, 'transposed B');
      this.dispatch(this.kernel('transpose', transposeWgsl, TRANSPOSE_P), [
        { gpu: scratch, offset: 0, count, field: 'offO' }, { ...B, field: 'offI' },
      ], { N, K, batch: items, offO: 0, offI: 0, ld: ldb, sI: sB }, makeGrid(Math.ceil(count / TRANSPOSE_WG)));
      B = { gpu: scratch, offset: 0, count, field: 'offB' };
      transB = false;
      ldb = N;
      sB = sB === 0 ? 0 : K * N;
    }
    const rel = (s: Span) => s.offset - this.range(s)[0] / 4; // offset relative to the bound range
    const a4 = (x: number) => x % 4 === 0;
    // The 8x8 'nn' kernel is ~2x faster but costs ~10 s of CPU to compile on lavapipe: only for
    // products big enough to repay it (the training step's), small ones take the 4x4 'gen' kernel.
    const big = M * N * K * batch >= BIG_MATMUL;
    const variant: MatmulVariant = big && !transB && N % 8 === 0 && a4(rel(B)) && a4(ldb) && (batch === 1 || a4(sB)) ? 'nn' : 'gen';
    const [R, Cn] = MATMUL_TILE[variant];
    const threads = Math.ceil(N / Cn);
    const wg = matmulWidth(threads);
    const act = args.act ?? 'none';
    const key = `matmul:${variant}:${wg}:${act}`;
    const k = this.kernel(key, () => matmulWgsl(variant, wg, act), MATMUL_P);
    const gx = Math.ceil(threads / wg);
    const gy = Math.ceil(M / R);
    if (gx > MAX_WG || gy > MAX_WG || batch > MAX_WG) throw new Error(`matmul too large for one dispatch: ${M}x${N} batch ${batch}`);
    this.dispatch(k, [A, B, C, Bi], {
      M, N, K, offA: 0, offB: 0, offC: 0, offBias: 0, sA, sB, sC,
      aRs: transA ? 1 : lda, aKs: transA ? lda : 1, bKs: transB ? 1 : ldb, bNs: transB ? ldb : 1, ldc,
      alpha: args.alpha ?? 1, accumulate: args.accumulate ? 1 : 0, hasBias: Bi ? 1 : 0,
    }, [gx, gy, batch]);
    if (scratch) this.release(scratch); // later dispatches run after this one's reads
  }

  // ---- softmax, attention, layer norm -------------------------------------------------------------

  softmax(y: Ref, x: Ref, rows: number, cols: number): void {
    if (rows * cols === 0) return;
    this.dispatch(this.kernel('softmax', softmaxWgsl, SOFTMAX_P),
      [this.sp(y, rows * cols, 'offY'), this.sp(x, rows * cols, 'offX'), null],
      { rows, cols, offY: 0, offX: 0, offDY: 0, accumulate: 0 }, makeGrid(Math.ceil(rows / SOFTMAX_WG)));
  }
  softmaxBackward(dx: Ref, dy: Ref, y: Ref, rows: number, cols: number, accumulate: boolean): void {
    if (rows * cols === 0) return;
    this.dispatch(this.kernel('softmaxBackward', softmaxBackwardWgsl, SOFTMAX_P),
      [this.sp(dx, rows * cols, 'offY'), this.sp(y, rows * cols, 'offX'), this.sp(dy, rows * cols, 'offDY')],
      { rows, cols, offY: 0, offX: 0, offDY: 0, accumulate: accumulate ? 1 : 0 }, makeGrid(Math.ceil(rows / SOFTMAX_WG)));
  }
  attention(a: AttentionArgs): void {
    const nq = a.B * a.H * a.Tq;
    if (nq === 0) return;
    this.dispatch(this.kernel('attention', attentionWgsl, ATTN_P), [
      this.sp(a.qkv, a.B * a.T * 3 * a.H * a.dh, 'offQKV'), this.sp(a.out, a.B * a.Tq * a.H * a.dh, 'offOut'),
      this.sp(a.att, nq * a.T, 'offAtt'),
    ], {
      B: a.B, T: a.T, Tq: a.Tq, H: a.H, dh: a.dh, offQKV: 0, offOut: 0, offAtt: 0, offDOut: 0, offDQKV: 0,
      accumulate: 0, scale: a.scale,
    }, makeGrid(Math.ceil(nq / ATTN_WG)));
  }
  attentionBackward(a: AttentionBackwardArgs): void {
    if (a.B * a.H === 0) return;
    const nqkv = a.B * a.T * 3 * a.H * a.dh;
    this.dispatch(this.kernel('attentionBackward', attentionBackwardWgsl, ATTN_P), [
      this.sp(a.qkv, nqkv, 'offQKV'), this.sp(a.att, a.B * a.H * a.Tq * a.T, 'offAtt'),
      this.sp(a.dout, a.B * a.Tq * a.H * a.dh, 'offDOut'), this.sp(a.dqkv, nqkv, 'offDQKV'),
    ], {
      B: a.B, T: a.T, Tq: a.Tq, H: a.H, dh: a.dh, offQKV: 0, offOut: 0, offAtt: 0, offDOut: 0, offDQKV: 0,
      accumulate: a.accumulate ? 1 : 0, scale: a.scale,
    }, makeGrid(Math.ceil((a.B * a.H) / ATTN_WG)));
  }
  layerNorm(y: Ref, mean: Ref, rstd: Ref, x: Ref, gamma: Ref, beta: Ref, rows: number, cols: number, eps: number): void {
    if (rows * cols === 0) return;
    this.dispatch(this.kernel('layerNorm', layerNormWgsl, LN_P), [
      this.sp(y, rows * cols, 'offY'), this.sp(mean, rows, 'offMean'), this.sp(rstd, rows, 'offRstd'),
      this.sp(x, rows * cols, 'offX'), this.sp(gamma, cols, 'offG'), this.sp(beta, cols, 'offB'),
    ], {
      rows, cols, offY: 0, offMean: 0, offRstd: 0, offX: 0, offG: 0, offB: 0, accumulate: 0, eps,
    }, makeGrid(Math.ceil(rows / LN_WG)));
  }
  layerNormBackward(
    dx: Ref, dgamma: Ref, dbeta: Ref, dy: Ref, x: Ref, mean: Ref, rstd: Ref, gamma: Ref,
    rows: number, cols: number, accumulate: boolean,
  ): void {
    if (rows * cols === 0) return;
    const base = { rows, cols, offY: 0, offMean: 0, offRstd: 0, offX: 0, offG: 0, offB: 0, eps: 0 };
    this.dispatch(this.kernel('layerNormBackwardDx', layerNormBackwardDxWgsl, LN_P), [
      this.sp(dx, rows * cols, 'offY'), this.sp(mean, rows, 'offMean'), this.sp(rstd, rows, 'offRstd'),
      this.sp(x, rows * cols, 'offX'), this.sp(gamma, cols, 'offG'), this.sp(dy, rows * cols, 'offB'),
    ], { ...base, accumulate: accumulate ? 1 : 0 }, makeGrid(Math.ceil(rows / LN_WG)));
    this.dispatch(this.kernel('layerNormBackwardParams', layerNormBackwardParamsWgsl, LN_P), [
      this.sp(dgamma, cols, 'offY'), this.sp(mean, rows, 'offMean'), this.sp(rstd, rows, 'offRstd'),
      this.sp(x, rows * cols, 'offX'), this.sp(dbeta, cols, 'offG'), this.sp(dy, rows * cols, 'offB'),
    ], { ...base, accumulate: 1 }, [Math.ceil(cols / LN_WG), 1, 1]);
  }

  // ---- recurrent cells (pipelines built on first use: only LSTM runs need them) ------------------

  lstmCell(a: LstmCellArgs): void {
    const n = a.B * a.H;
    if (n === 0) return;
    this.dispatch(this.kernel('lstmCell', lstmCellWgsl, LSTM_P), [
      this.sp(a.pre, 4 * n, 'offPre'), this.sp(a.cPrev, n, 'offCP'), this.sp(a.gates, 4 * n, 'offG'),
      this.sp(a.c, n, 'offC'), this.sp(a.h, n, 'offH'),
    ], { B: a.B, H: a.H, offPre: 0, offCP: 0, offG: 0, offC: 0, offH: 0 }, makeGrid(Math.ceil(n / LSTM_WG)));
  }
  lstmCellBackward(a: LstmCellBackwardArgs): void {
    const n = a.B * a.H;
    if (n === 0) return;
    this.dispatch(this.kernel('lstmCellBackward', lstmCellBackwardWgsl, LSTM_BWD_P), [
      this.sp(a.dpre, 4 * n, 'offDPre'), this.sp(a.dcPrev, n, 'offDCP'), this.sp(a.gates, 4 * n, 'offG'),
      this.sp(a.cPrev, n, 'offCP'), this.sp(a.c, n, 'offC'), a.dh ? this.sp(a.dh, n, 'offDH') : null,
      a.dc ? this.sp(a.dc, n, 'offDC') : null,
    ], {
      B: a.B, H: a.H, offG: 0, offCP: 0, offC: 0, offDH: 0, offDC: 0, offDPre: 0, offDCP: 0,
      hasDH: a.dh ? 1 : 0, hasDC: a.dc ? 1 : 0, accPre: a.accumulatePre ? 1 : 0, accCP: a.accumulateCPrev ? 1 : 0,
    }, makeGrid(Math.ceil(n / LSTM_WG)));
  }

  // ---- loss ---------------------------------------------------------------------------------------

  crossEntropy(loss: Ref, logits: Ref, rows: Ref | null, targets: Ref, n: number, cols: number): void {
    if (n === 0) return;
    this.crossEntropyForward(this.sp(loss, n, 'offLoss'), logits, rows, targets, n, cols, false);
  }
  private crossEntropyForward(out: Span, logits: Ref, rows: Ref | null, targets: Ref, n: number, cols: number, lseOnly: boolean): void {
    this.dispatch(this.kernel('crossEntropy', crossEntropyWgsl, CE_P), [
      out, this.sp(logits, rows ? -1 : n * cols, 'offLogits'),
      rows ? this.sp(rows, n, 'offRows', 'i32') : null, this.sp(targets, n, 'offTargets', 'i32'),
    ], {
      n, cols, offLoss: 0, offLogits: 0, offRows: 0, offTargets: 0, offDLoss: 0, hasRows: rows ? 1 : 0, accumulate: 0,
      lseOnly: lseOnly ? 1 : 0, offLse: 0,
    }, makeGrid(Math.ceil(n / CE_WG)));
  }
  crossEntropyBackward(
    dlogits: Ref, dloss: Ref, logits: Ref, rows: Ref | null, targets: Ref, n: number, cols: number, accumulate: boolean,
  ): void {
    if (n === 0) return;
    const v = {
      n, cols, offLoss: 0, offLogits: 0, offRows: 0, offTargets: 0, offDLoss: 0, hasRows: rows ? 1 : 0,
      accumulate: accumulate ? 1 : 0, lseOnly: 0, offLse: 0,
    };
    if (!rows) {
      this.dispatch(this.kernel('crossEntropyBackward', crossEntropyBackwardWgsl, CE_P), [
        this.sp(dlogits, n * cols, 'offLoss'), this.sp(logits, n * cols, 'offLogits'), null,
        this.sp(targets, n, 'offTargets', 'i32'), this.sp(dloss, n, 'offDLoss'),
      ], v, makeGrid(Math.ceil(n / CE_WG)));
      return;
    }
    const bytes = Math.max(16, Math.ceil((n * 4) / 16) * 16);
    const lse = this.pool.get(bytes)?.pop() ?? this.createBuffer(bytes, 'logsumexp');
    this.crossEntropyForward({ gpu: lse, offset: 0, count: n, field: 'offLoss' }, logits, rows, targets, n, cols, true);
    this.dispatch(this.kernel('crossEntropyBackwardRows', crossEntropyBackwardRowsWgsl, CE_P), [
      this.sp(dlogits, -1, 'offLoss'), this.sp(logits, -1, 'offLogits'), this.sp(rows, n, 'offRows', 'i32'),
      this.sp(targets, n, 'offTargets', 'i32'), this.sp(dloss, n, 'offDLoss'), { gpu: lse, offset: 0, count: n, field: 'offLse' },
    ], v, [Math.ceil(cols / CE_WG), 1, 1]);
    this.release(lse);
  }

  // ---- optimizer ----------------------------------------------------------------------------------

  adamw(a: AdamWArgs): void {
    if (a.n === 0) return;
    const bc1 = 1 - Math.pow(a.beta1, a.step);
    const bc2 = 1 - Math.pow(a.beta2, a.step);
    this.dispatch(this.kernel('adamw', adamwWgsl, ADAMW_P), [
      this.sp(a.params, a.n, 'offP'), this.sp(a.grads, a.n, 'offG'), this.sp(a.m, a.n, 'offM'), this.sp(a.v, a.n, 'offV'),
    ], {
      n: a.n, offP: 0, offG: 0, offM: 0, offV: 0, decay: 1 - a.lr * a.weightDecay,
      b1: a.beta1, b2: a.beta2, eps: a.eps, stepSize: a.lr / bc1, sqrtBc2: Math.sqrt(bc2),
    }, makeGrid(Math.ceil(a.n / ADAMW_WG)));
  }
}

/** Pipelines built up front (name, WGSL, parameter block). */
const KERNELS: Array<[string, () => string, ParamBlock<Fields>]> = [
  ['sumRows', sumRowsWgsl, SUMROWS_P],
  ['sumAll', sumAllWgsl, SUMALL_P],
  ['gatherRows', gatherRowsWgsl, ROWS_P],
  ['scatterAddRows', scatterAddRowsWgsl, ROWS_P],
  ['softmax', softmaxWgsl, SOFTMAX_P],
  ['softmaxBackward', softmaxBackwardWgsl, SOFTMAX_P],
  ['attention', attentionWgsl, ATTN_P],
  ['attentionBackward', attentionBackwardWgsl, ATTN_P],
  ['layerNorm', layerNormWgsl, LN_P],
  ['layerNormBackwardDx', layerNormBackwardDxWgsl, LN_P],
  ['layerNormBackwardParams', layerNormBackwardParamsWgsl, LN_P],
  ['crossEntropy', crossEntropyWgsl, CE_P],
  ['crossEntropyBackward', crossEntropyBackwardWgsl, CE_P],
  ['crossEntropyBackwardRows', crossEntropyBackwardRowsWgsl, CE_P],
  ['adamw', adamwWgsl, ADAMW_P],
  ['transpose', transposeWgsl, TRANSPOSE_P],
] as unknown as Array<[string, () => string, ParamBlock<Fields>]>;
