/**
 * A recurrent model's inputs: one int32 tensor of B tokens per time step, filled from row-major tokens
 * [B, T]. Shared by the Elman RNN and the LSTM (their build* conveniences for tests and small runs).
 */
import type { Backend } from '../backend';
import type { Graph, Tensor } from '../tensor';

export function tokenSteps(g: Graph, be: Backend, tokens: Int32Array, B: number, T: number): Tensor[] {
  const steps: Tensor[] = [];
  for (let t = 0; t < T; t++) {
    const x = g.tensor([B], false, `x${t}`, 'i32');
    const col = new Int32Array(B);
    for (let b = 0; b < B; b++) col[b] = tokens[b * T + t];
    be.write(x.data, col);
    steps.push(x);
  }
  return steps;
}
