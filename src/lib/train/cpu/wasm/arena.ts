/**
 * Tensors that live in the kernels' own memory. While the matmul's threads run (gemm-threads.ts), the
 * CPU backend allocates its float32 and int32 buffers here, in the WebAssembly memory every thread's
 * kernels share, so that a kernel reads its operands and writes its result where they are, with no copy
 * in or out. Layout of that memory:
 *
 *   [ tensors (this arena, 0 .. top) | scratch (each kernel wrapper's own layout, from scratchBase up) ]
 *
 * The memory is shared, so growing it never detaches a view: a tensor allocated before a grow stays
 * valid. Blocks are 64-byte aligned (whole cache lines; every SIMD load is 16-byte aligned), handed out
 * first-fit from a free list, and freed blocks merge with their neighbours (a graph disposed frees its
 * buffers, so a page that builds many graphs does not grow the memory without end). Unlike a plain array,
 * a block is not reclaimed by the garbage collector: a trainer or graph dropped without dispose() keeps
 * its blocks (every caller in src/ disposes; past the arena's limit new buffers are plain arrays again).
 *
 * Without threads there is no arena (a memory of one's own would detach every view when it grows):
 * buffers are plain arrays and the kernels copy, as they always did. A view of an arena that is gone
 * (threads stopped) is still a valid array; kernels then treat it as any other array and copy it.
 */
import type { Kernel } from './gemm';

const ALIGN = 64;
const PAGE = 65536;

interface Block {
  at: number;
  bytes: number;
}

export class Arena {
  /** Bytes in use or free below this; scratch starts here. */
  top = 0;
  /** Free blocks below top, by address, never adjacent (merged) and never touching top (given back). */
  readonly #free: Block[] = [];
  /** Size of every block handed out, by address. */
  readonly #used = new Map<number, number>();
  /** Every buffer object this memory has had (a grow makes a new one; older views keep the old). */
  readonly #buffers = new WeakSet<ArrayBufferLike>();

  constructor(readonly memory: WebAssembly.Memory, readonly maxBytes: number) {
    this.#buffers.add(memory.buffer);
  }

  /** A block of `bytes` (rounded up to ALIGN), or null where the memory cannot grow that far. */
  #take(bytes: number): number | null {
    const size = Math.ceil(Math.max(bytes, 1) / ALIGN) * ALIGN;
    const i = this.#free.findIndex((b) => b.bytes >= size);
    let at: number;
    if (i >= 0) {
      const b = this.#free[i];
      at = b.at;
      if (b.bytes === size) this.#free.splice(i, 1);
      else this.#free[i] = { at: b.at + size, bytes: b.bytes - size };
    } else {
      if (this.top + size > this.maxBytes) return null;
      try {
        this.ensure(this.top + size);
      } catch {
        return null; // the memory could not grow (the page's limits): a plain array instead
      }
      at = this.top;
      this.top += size;
    }
    this.#used.set(at, size);
    return at;
  }

  /** A float32 or int32 array of `length` elements in the memory, or null where it is full. */
  alloc(length: number, dtype: 'f32' | 'i32'): Float32Array | Int32Array | null {
    const at = this.#take(4 * length);
    if (at === null) return null;
    const buf = this.memory.buffer;
    this.#buffers.add(buf); // a wrapper may have grown the memory since (ensureBytes is the way, but be sure)
    const view = dtype === 'i32' ? new Int32Array(buf, at, length) : new Float32Array(buf, at, length);
    view.fill(0); // a reused block holds an older tensor's values; new arrays start at zero
    return view;
  }

  /** Gives an array's block back (a no-op for arrays that are not this arena's). */
  free(view: Float32Array | Int32Array): void {
    if (!this.owns(view)) return;
    const at = view.byteOffset;
    const size = this.#used.get(at);
    if (size === undefined) return;
    this.#used.delete(at);
    let b: Block = { at, bytes: size };
    let i = this.#free.findIndex((f) => f.at > at);
    if (i < 0) i = this.#free.length;
    const prev = this.#free[i - 1];
    if (prev && prev.at + prev.bytes === b.at) {
      b = { at: prev.at, bytes: prev.bytes + b.bytes };
      this.#free.splice(--i, 1);
    }
    const next = this.#free[i];
    if (next && b.at + b.bytes === next.at) {
      b = { at: b.at, bytes: b.bytes + next.bytes };
      this.#free.splice(i, 1);
    }
    if (b.at + b.bytes === this.top) this.top = b.at;
    else this.#free.splice(i, 0, b);
  }

  /** Whether `view` is one of this arena's arrays (or a view of this memory at all). */
  owns(view: ArrayBufferView): boolean {
    return this.#buffers.has(view.buffer);
  }

  /** Grows the memory to hold `bytes` (whole pages), remembering the new buffer object. */
  ensure(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) {
      this.memory.grow(Math.ceil((bytes - have) / PAGE));
      this.#buffers.add(this.memory.buffer);
    }
  }

  /** Blocks handed out now (tests). */
  get blocks(): number {
    return this.#used.size;
  }
}

let current: Arena | null = null;

/**
 * Tensors go into `memory` from now on (null: plain arrays again). gemm.ts calls this as threads start and
 * stop. Tensors may take 768 MiB of the memory's 1 GiB; the rest is left for the kernels' scratch.
 */
export function useArena(memory: WebAssembly.Memory | null, maxBytes = 12288 * PAGE): void {
  current = memory ? new Arena(memory, maxBytes) : null;
}

/** The arena tensors go into now, or null. */
export function arenaNow(): Arena | null {
  return current;
}

/**
 * Byte offset of element `offset` (of 4 bytes) of `view` in kernel k's memory, or -1 where the array is
 * not in it (a plain array, or an arena of another memory): the caller then copies. A Float64Array view of
 * an arena block counts (offset 0 only: its elements are 8 bytes).
 */
export function residentByte(k: Kernel, view: ArrayBufferView, offset: number): number {
  if (!current || current.memory !== k.memory || !(view instanceof Float32Array || view instanceof Int32Array || view instanceof Float64Array)) return -1;
  return current.owns(view) ? view.byteOffset + 4 * offset : -1;
}

/** Where kernel k's scratch may start (bytes, 64-aligned): above the tensors where its memory holds them. */
function scratchBase(k: Kernel): number {
  return current && current.memory === k.memory ? current.top : 0;
}

/** Grows kernel k's memory to `bytes` (through the arena where there is one, so its views are recognised). */
function ensureBytes(k: Kernel, bytes: number): void {
  if (current && current.memory === k.memory) {
    current.ensure(bytes);
    return;
  }
  const have = k.memory.buffer.byteLength;
  if (bytes > have) k.memory.grow(Math.ceil((bytes - have) / PAGE));
}

/** Where one operand of a kernel call is: its address in the memory, and whether it lives there (else scratch). */
export interface Placed {
  at: number;
  resident: boolean;
}

/**
 * The layout of one kernel call's operands: each used where it is when it lives in kernel k's memory,
 * else given room in the scratch above the tensors (16-byte aligned, in the order asked). Call ready()
 * once everything is placed (it grows the memory), then copy in what is not resident (copyIn).
 */
export class Layout {
  #free: number;
  constructor(readonly k: Kernel) {
    this.#free = scratchBase(k);
  }
  /** `bytes` of scratch. */
  take(bytes: number): number {
    const at = this.#free;
    this.#free += Math.ceil(bytes / 16) * 16;
    return at;
  }
  /** Element `offset` of `view` (length elements of 4 bytes): where it is, or room in scratch. */
  place(view: ArrayBufferView, offset: number, length: number): Placed {
    const at = residentByte(this.k, view, offset);
    return at >= 0 ? { at, resident: true } : { at: this.take(4 * length), resident: false };
  }
  /** Grows the memory to hold the scratch; returns its buffer. */
  ready(): ArrayBufferLike {
    ensureBytes(this.k, this.#free);
    return this.k.memory.buffer;
  }
  /** Copies elements [offset, offset + length) of `src` to its place unless it lives there already. */
  copyIn(p: Placed, src: Float32Array | Int32Array, offset: number, length: number): void {
    if (p.resident) return;
    const buf = this.k.memory.buffer;
    const dst = src instanceof Int32Array ? new Int32Array(buf, p.at, length) : new Float32Array(buf, p.at, length);
    dst.set(src.subarray(offset, offset + length));
  }
  /** Copies `length` elements from the place back to `dst` at `offset` unless it lives there already. */
  copyOut(p: Placed, dst: Float32Array, offset: number, length: number): void {
    if (!p.resident) dst.set(new Float32Array(this.k.memory.buffer, p.at, length), offset);
  }
}
