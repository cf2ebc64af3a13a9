/**
 * Tasks of Delétang et al. (2023), "Neural Networks and the Chomsky Hierarchy" (ICLR 2023, arXiv 2207.02098),
 * with their definitions and their input/output format, written from the paper's task descriptions:
 *
 *   regular                     parity check, even pairs, cycle navigation
 *   deterministic context-free  reverse string, stack manipulation
 *   context-sensitive           duplicate string, binary addition
 *
 * Format: a model reads the n input tokens, then `outputLength(n)` further positions that hold only the
 * blank token (`blank(task)`: one past the input alphabet), and at those output positions predicts the
 * output tokens, all at once (non-autoregressive). The score of a string is the share of its scored output
 * positions that are right (`mask`: the tasks whose output ends with a termination token score up to and
 * including it, the padding after it is not scored). A task's length n is always the INPUT length.
 *
 * Every string is drawn from the seeded Rng, so (seed, stream) fixes a data set.
 */
import type { Rng } from './prng';

export type Level = 'regular' | 'dcf' | 'cs';

export interface TaskSample {
  /** The n input tokens, each in [0, inputSize). */
  input: Int32Array;
  /** The target at each output position, each in [0, outputSize). */
  output: Int32Array;
  /** 1 where the output position is scored. */
  mask: Uint8Array;
}

export interface DeletangTask {
  id: TaskId;
  name: string;
  level: Level;
  /** One sentence: what the input is and what the output is. */
  definition: string;
  inputSize: number;
  outputSize: number;
  /** Display symbols of the input tokens, and of the output tokens. */
  inputSymbols: readonly string[];
  outputSymbols: readonly string[];
  outputLength(n: number): number;
  /** The answer to one input (the sampler's ground truth; tests check it against hand-worked examples). */
  solve(input: Int32Array): TaskSample;
  /** A random input of length n (n ≥ 1), answered. */
  sample(rng: Rng, n: number): TaskSample;
}

export type TaskId = 'parity-check' | 'even-pairs' | 'cycle-navigation' | 'reverse-string' | 'stack-manipulation' | 'duplicate-string' | 'binary-addition';

const ones = (n: number) => new Uint8Array(n).fill(1);
const bits = (rng: Rng, n: number, k = 2) => Int32Array.from({ length: n }, () => rng.int(k));

/** Scored up to and including the termination token `end`; the padding after it is not. */
function maskedUntil(output: Int32Array, end: number): Uint8Array {
  const mask = new Uint8Array(output.length);
  for (let i = 0; i < output.length; i++) {
    mask[i] = 1;
    if (output[i] === end) break;
  }
  return mask;
}

function classify(id: TaskId, name: string, level: Level, definition: string, inputSymbols: string[], outputSymbols: string[], label: (x: Int32Array) => number, draw: (rng: Rng, n: number) => Int32Array): DeletangTask {
  const solve = (input: Int32Array): TaskSample => ({ input, output: Int32Array.of(label(input)), mask: ones(1) });
  return {
    id, name, level, definition, inputSymbols, outputSymbols,
    inputSize: inputSymbols.length, outputSize: outputSymbols.length,
    outputLength: () => 1,
    solve,
    sample: (rng, n) => solve(draw(rng, n)),
  };
}

export const parityCheck = classify(
  'parity-check', 'Parity check', 'regular',
  'A binary string; the output is 1 if it holds an odd number of 1s, else 0.',
  ['0', '1'], ['even', 'odd'],
  (x) => x.reduce((a, t) => a ^ t, 0),
  (rng, n) => bits(rng, n),
);

export const evenPairs = classify(
  'even-pairs', 'Even pairs', 'regular',
  "A binary string; the output is 1 if the number of '01' and '10' pairs (adjacent unequal symbols) is odd, else 0 (equivalently: whether the first and last symbols differ).",
  ['0', '1'], ['even', 'odd'],
  (x) => {
    let c = 0;
    for (let i = 1; i < x.length; i++) c ^= x[i] === x[i - 1] ? 0 : 1;
    return c;
  },
  (rng, n) => bits(rng, n),
);

/** Cycle navigation: moves on a cycle of 5 states, starting at 0. */
const CYCLE = 5;
export const cycleNavigation = classify(
  'cycle-navigation', 'Cycle navigation', 'regular',
  `A string of moves on a cycle of ${CYCLE} positions starting at 0 (−1, stay, +1); the output is the final position.`,
  ['−1', '0', '+1'], ['0', '1', '2', '3', '4'],
  (x) => {
    let pos = 0;
    for (const m of x) pos = (pos + m - 1 + CYCLE) % CYCLE;
    return pos;
  },
  (rng, n) => bits(rng, n, 3),
);

function transduce(id: TaskId, name: string, level: Level, definition: string, outputLength: (n: number) => number, map: (x: Int32Array) => Int32Array): DeletangTask {
  const solve = (input: Int32Array): TaskSample => {
    const output = map(input);
    return { input, output, mask: ones(output.length) };
  };
  return {
    id, name, level, definition, inputSymbols: ['0', '1'], outputSymbols: ['0', '1'],
    inputSize: 2, outputSize: 2, outputLength, solve,
    sample: (rng, n) => solve(bits(rng, n)),
  };
}

export const reverseString = transduce(
  'reverse-string', 'Reverse string', 'dcf',
  'A binary string s₁…sₙ; the output is sₙ…s₁.',
  (n) => n,
  (x) => Int32Array.from(x).reverse(),
);

export const duplicateString = transduce(
  'duplicate-string', 'Duplicate string', 'cs',
  'A binary string s₁…sₙ; the output is s₁…sₙs₁…sₙ.',
  (n) => 2 * n,
  (x) => Int32Array.from([...x, ...x]),
);

/** Stack manipulation's tokens: the stack's symbols 0 and 1, then POP, PUSH 0, PUSH 1. Output: 0, 1, end. */
const POP = 2;
const PUSH0 = 3;
const PUSH1 = 4;
const STACK_END = 2;
export const stackManipulation: DeletangTask = {
  id: 'stack-manipulation',
  name: 'Stack manipulation',
  level: 'dcf',
  definition:
    'A binary stack given bottom to top, then actions POP, PUSH 0, PUSH 1 (a POP on an empty stack does nothing); the output is the final stack top to bottom, then an end token, padded with 0s to n + 1 positions.',
  inputSymbols: ['0', '1', 'POP', 'PUSH 0', 'PUSH 1'],
  outputSymbols: ['0', '1', 'end'],
  inputSize: 5,
  outputSize: 3,
  outputLength: (n) => n + 1,
  solve(input) {
    const stack: number[] = [];
    for (const t of input) {
      if (t === 0 || t === 1) stack.push(t);
      else if (t === POP) stack.pop();
      else if (t === PUSH0 || t === PUSH1) stack.push(t - PUSH0);
      else throw new Error(`stack manipulation: invalid token ${t}`);
    }
    const output = new Int32Array(input.length + 1);
    stack.reverse().forEach((v, i) => (output[i] = v));
    output[stack.length] = STACK_END;
    return { input, output, mask: maskedUntil(output, STACK_END) };
  },
  sample(rng, n) {
    // As the paper: a stack of 1..n−1 symbols, then n − (stack length) actions; a single symbol for n = 1.
    if (n === 1) return this.solve(bits(rng, 1));
    const k = 1 + rng.int(n - 1);
    const input = new Int32Array(n);
    for (let i = 0; i < n; i++) input[i] = i < k ? rng.int(2) : POP + rng.int(3);
    return this.solve(input);
  },
};

/** Binary addition's tokens: bits 0 and 1 and '+'. Output: bits, then an end token, padded with 0s. */
const PLUS = 2;
const SUM_END = 2;
export const binaryAddition: DeletangTask = {
  id: 'binary-addition',
  name: 'Binary addition',
  level: 'cs',
  definition:
    "Two numbers in little-endian binary joined by '+' (n tokens in all); the output is their sum in little-endian binary, then an end token, padded with 0s to n + 1 positions.",
  inputSymbols: ['0', '1', '+'],
  outputSymbols: ['0', '1', 'end'],
  inputSize: 3,
  outputSize: 3,
  outputLength: (n) => n + 1,
  solve(input) {
    const plus = input.indexOf(PLUS);
    const value = (xs: ArrayLike<number>) => {
      let v = 0n;
      for (let i = xs.length - 1; i >= 0; i--) v = 2n * v + BigInt(xs[i]);
      return v;
    };
    const sum = plus < 0 ? value(input) : value(input.subarray(0, plus)) + value(input.subarray(plus + 1));
    const output = new Int32Array(input.length + 1);
    let i = 0;
    for (let v = sum; v > 0n; v >>= 1n) output[i++] = Number(v & 1n);
    if (sum === 0n) i = 1; // zero is written as one 0 bit
    output[i] = SUM_END;
    return { input, output, mask: maskedUntil(output, SUM_END) };
  },
  sample(rng, n) {
    // As the paper: for n ≤ 2 a single number; else two numbers of lengths a and n − 1 − a, each ≥ 1 and
    // not zero (their bits are drawn until one is set).
    if (n <= 2) return this.solve(bits(rng, n));
    const a = 1 + rng.int(n - 2);
    const number = (len: number) => {
      let xs = bits(rng, len);
      while (!xs.some((b) => b === 1)) xs = bits(rng, len);
      return [...xs];
    };
    return this.solve(Int32Array.from([...number(a), PLUS, ...number(n - 1 - a)]));
  },
};

export const TASKS: readonly DeletangTask[] = [parityCheck, evenPairs, cycleNavigation, reverseString, stackManipulation, duplicateString, binaryAddition];

/** The blank token that fills the output positions: one past the task's input alphabet. */
export const blank = (task: DeletangTask) => task.inputSize;

/** The whole sequence a model reads: the input, then a blank at each output position. */
export function modelInput(task: DeletangTask, s: TaskSample): Int32Array {
  const seq = new Int32Array(s.input.length + s.output.length).fill(blank(task));
  seq.set(s.input);
  return seq;
}

/** Share of the scored output positions where `predicted` (one token per output position) is right. */
export function sampleAccuracy(s: TaskSample, predicted: ArrayLike<number>): number {
  let right = 0;
  let scored = 0;
  for (let i = 0; i < s.output.length; i++) {
    if (!s.mask[i]) continue;
    scored++;
    if (predicted[i] === s.output[i]) right++;
  }
  return scored ? right / scored : 1;
}
