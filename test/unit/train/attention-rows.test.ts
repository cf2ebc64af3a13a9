// Attention over rows of a table (CpuBackend.attentionRows and attentionRowsBackward, which the
// transformer's first layer uses with token tables): z, the pattern and the table's gradient bit for bit
// what gathering the rows first gives (gatherRows, attention, attentionBackward, scatterAddRows), over odd
// shapes (batches of 1, 3, 7, 113 and 3,831; 1 to 5 positions; final query or every query), with the
// WebAssembly kernels on and off, on one thread and two, and in float64 (which gathers). The gradient is
// added into what the table's gradient already holds, in the scatter's order.
import { afterEach, describe, expect, it } from 'vitest';
import type { Buf, Ref } from '../../../src/lib/train/backend';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { gemmOptions } from '../../../src/lib/train/cpu/matmul';
import { startGemmThreads } from '../../../src/lib/train/cpu/wasm/gemm-pool.node.ts';
import { Rng } from '../../../src/lib/tasks/prng';

let stop: () => void = () => {};
afterEach(() => {
  gemmOptions.wasm = true;
  stop();
  stop = () => {};
});

function random(n: number, seed: number): Float32Array {
  const r = new Rng(seed, 'attention-rows');
  return Float32Array.from({ length: n }, () => r.next() * 2 - 1);
}
const data = (b: Buf) => (b as unknown as { data: Float32Array | Float64Array }).data;
const sameBits = (x: ArrayLike<number>, y: ArrayLike<number>) => x.length === y.length && Array.from(x).every((v, i) => Object.is(v, y[i]));

interface Case {
  B: number;
  T: number;
  Tq: number;
  H: number;
  dh: number;
}

/** One forward and backward, fused (attentionRows) or gathered; returns z, the pattern and the table's gradient. */
function run(be: CpuBackend, c: Case, fused: boolean) {
  const { B, T, Tq, H, dh } = c;
  const HD = H * dh;
  const row = 3 * HD;
  const V = 11;
  const rowsInTable = T * V;
  const scale = 1 / Math.sqrt(dh);
  const r = new Rng(7, 'attention-rows-idx');
  // The transformer's token-table layout: (b, t) reads row t * V + token.
  const idx = Int32Array.from({ length: B * T }, (_, i) => (i % T) * V + Math.floor(r.next() * V));
  const table = be.alloc(2 + rowsInTable * row, 'f32', 'table');
  const rows = be.alloc(B * T, 'i32', 'rows');
  const out = be.alloc(1 + B * Tq * HD, 'f32', 'z');
  const att = be.alloc(B * H * Tq * T, 'f32', 'att');
  const dout = be.alloc(B * Tq * HD, 'f32', 'dz');
  const dtable = be.alloc(3 + rowsInTable * row, 'f32', 'dtable');
  be.write(table, random(2 + rowsInTable * row, 1).map((x) => 2 * x));
  be.write(rows, idx);
  be.write(dout, random(B * Tq * HD, 3));
  be.write(dtable, random(3 + rowsInTable * row, 4)); // the gradient is added to what is there
  const qkv: Ref = { buf: table, offset: 2 };
  const z: Ref = { buf: out, offset: 1 };
  const dq: Ref = { buf: dtable, offset: 3 };
  if (fused) {
    be.attentionRows({ qkv, rows, out: z, att, B, T, Tq, H, dh, scale });
    be.attentionRowsBackward({ qkv, rows, att, dout, dqkv: dq, B, T, Tq, H, dh, scale });
  } else {
    const g = be.alloc(B * T * row, 'f32', 'gathered');
    const dg = be.alloc(B * T * row, 'f32', 'gathered grad');
    be.gatherRows(g, qkv, rows, B * T, row);
    be.attention({ qkv: g, out: z, att, B, T, Tq, H, dh, scale });
    be.attentionBackward({ qkv: g, att, dout, dqkv: dg, B, T, Tq, H, dh, scale, accumulate: false });
    be.scatterAddRows(dq, dg, rows, B * T, row);
  }
  return { z: data(out), p: data(att), dtable: data(dtable) };
}

const CASES: Case[] = [];
for (const B of [1, 3, 7, 113, 3831]) {
  for (const [T, Tq, H, dh] of [[3, 1, 4, 32], [1, 1, 1, 1], [2, 2, 4, 3], [5, 1, 1, 32], [5, 2, 2, 7]] as const) CASES.push({ B, T, Tq, H, dh });
}
const name = (c: Case) => `B ${c.B}, T ${c.T}, Tq ${c.Tq}, H ${c.H}, dh ${c.dh}`;

describe('attention over rows of a table', () => {
  for (const c of CASES) {
    it(`${name(c)}: bit for bit gathering first, kernels on and off`, () => {
      for (const wasm of [true, false]) {
        gemmOptions.wasm = wasm;
        const gathered = run(new CpuBackend(), c, false);
        const fused = run(new CpuBackend(), c, true);
        expect(sameBits(fused.z, gathered.z), `z, wasm ${wasm}`).toBe(true);
        expect(sameBits(fused.p, gathered.p), `pattern, wasm ${wasm}`).toBe(true);
        expect(sameBits(fused.dtable, gathered.dtable), `table gradient, wasm ${wasm}`).toBe(true);
      }
    });
  }

  it('the paper model on two threads: the one-thread bits', () => {
    const c = { B: 3831, T: 3, Tq: 1, H: 4, dh: 32 };
    const one = run(new CpuBackend(), c, true);
    stop = startGemmThreads(2);
    const two = run(new CpuBackend(), c, true);
    expect(sameBits(two.z, one.z)).toBe(true);
    expect(sameBits(two.p, one.p)).toBe(true);
    expect(sameBits(two.dtable, one.dtable)).toBe(true);
  }, 60_000);

  it('in float64 (gradient checks) it gathers, with the same values as gathering by hand', () => {
    const c = { B: 113, T: 3, Tq: 1, H: 4, dh: 32 };
    const gathered = run(new CpuBackend({ float64: true }), c, false);
    const fused = run(new CpuBackend({ float64: true }), c, true);
    expect(fused.dtable).toBeInstanceOf(Float64Array);
    expect(sameBits(fused.z, gathered.z)).toBe(true);
    expect(sameBits(fused.dtable, gathered.dtable)).toBe(true);
  });
});
