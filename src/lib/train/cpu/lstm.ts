/**
 * The CPU twin's LSTM cell kernels (Backend.lstmCell / lstmCellBackward; the math is in backend.ts's
 * LstmCellArgs and LstmCellBackwardArgs). Operands arrive as (array, element offset) pairs resolved by
 * cpu/backend.ts; in float64 mode the arrays are Float64Arrays, typed as Float32Array there.
 * Gate blocks in a [B, 4H] row: i at 0, f at H, g at 2H, o at 3H (PyTorch's order).
 */

/** An f32 operand: the backing array and the element offset of the view. */
type Arr = [Float32Array, number];

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export function lstmCellCpu([P, po]: Arr, [CP, cpo]: Arr, [G, go]: Arr, [C, co]: Arr, [Hh, ho]: Arr, B: number, H: number): void {
  for (let b = 0; b < B; b++) {
    const p = po + b * 4 * H;
    const gr = go + b * 4 * H;
    for (let j = 0; j < H; j++) {
      const i = sigmoid(P[p + j]);
      const f = sigmoid(P[p + H + j]);
      const g = Math.tanh(P[p + 2 * H + j]);
      const o = sigmoid(P[p + 3 * H + j]);
      G[gr + j] = i;
      G[gr + H + j] = f;
      G[gr + 2 * H + j] = g;
      G[gr + 3 * H + j] = o;
      const e = b * H + j;
      const c = f * CP[cpo + e] + i * g;
      C[co + e] = c;
      Hh[ho + e] = o * Math.tanh(c);
    }
  }
}

interface CellGrads {
  gates: Arr;
  cPrev: Arr;
  c: Arr;
  dh: Arr | null;
  dc: Arr | null;
  dpre: Arr;
  dcPrev: Arr;
  accumulatePre: boolean;
  accumulateCPrev: boolean;
}

export function lstmCellBackwardCpu(a: CellGrads, B: number, H: number): void {
  const [G, go] = a.gates;
  const [CP, cpo] = a.cPrev;
  const [C, co] = a.c;
  const [DP, dpo] = a.dpre;
  const [DCP, dcpo] = a.dcPrev;
  const put = (arr: Float32Array, k: number, v: number, acc: boolean) => {
    arr[k] = acc ? arr[k] + v : v;
  };
  for (let b = 0; b < B; b++) {
    const gr = go + b * 4 * H;
    const dr = dpo + b * 4 * H;
    for (let j = 0; j < H; j++) {
      const e = b * H + j;
      const i = G[gr + j];
      const f = G[gr + H + j];
      const g = G[gr + 2 * H + j];
      const o = G[gr + 3 * H + j];
      const tc = Math.tanh(C[co + e]);
      const dh = a.dh ? a.dh[0][a.dh[1] + e] : 0;
      const dc = (a.dc ? a.dc[0][a.dc[1] + e] : 0) + dh * o * (1 - tc * tc);
      put(DP, dr + j, dc * g * i * (1 - i), a.accumulatePre);
      put(DP, dr + H + j, dc * CP[cpo + e] * f * (1 - f), a.accumulatePre);
      put(DP, dr + 2 * H + j, dc * i * (1 - g * g), a.accumulatePre);
      put(DP, dr + 3 * H + j, dh * tc * o * (1 - o), a.accumulatePre);
      put(DCP, dcpo + e, dc * f, a.accumulateCPrev);
    }
  }
}
