/**
 * A batch of one Delétang task (deletang.ts) as a model reads it, and how it is scored. Pure: shared by
 * the trainer (src/lib/train/sequence/deletang-trainer.ts), the shipped-run tests and the page.
 *
 *   problem        what the model reads                      where it answers (output rows)
 *   a task         input x₁…xₙ, then outputLength(n) blanks    the blank positions, all at once
 *   'parity-scratchpad'  t₁ … tₙ, tᵢ = xᵢ + 2·rᵢ₋₁             at each i: rᵢ = x₁ ⊕ … ⊕ xᵢ, the running
 *                  (each bit arrives with the note the model    parity; the model's own note is handed
 *                  wrote after the bit before; r₀ = 0)          back with the next bit (teacher-forced in
 *                                                              training, fed back at test)
 *
 * All strings of a batch have the same input length n, so every row has the same output positions.
 * Accuracy follows Delétang et al.'s code: per output token, over the positions the task's mask scores,
 * pooled over the batch. The scratchpad's score is its final answer rₙ alone (the task is parity).
 */
import { blank, modelInput, TASKS, type DeletangTask, type TaskId, type TaskSample } from './deletang';
import { Rng } from './prng';

export type Problem = TaskId | 'parity-scratchpad';

export const PROBLEMS: readonly Problem[] = [...TASKS.map((t) => t.id), 'parity-scratchpad'];

/** Seed of every evaluation set (one stream per problem and length). */
export const DELETANG_EVAL_SEED = 20230207;

/** The task a problem samples from (the scratchpad samples parity-check strings). */
export function taskOf(problem: Problem): DeletangTask {
  const id = problem === 'parity-scratchpad' ? 'parity-check' : problem;
  const t = TASKS.find((x) => x.id === id);
  if (!t) throw new Error(`unknown problem: ${JSON.stringify(problem)}`);
  return t;
}

/** Tokens the model reads (input alphabet + blank; the scratchpad: a bit and the last note, 4 pairs). */
export function vocabOf(problem: Problem): number {
  return problem === 'parity-scratchpad' ? 4 : taskOf(problem).inputSize + 1;
}

/** Classes the model predicts at an output position. */
export function classesOf(problem: Problem): number {
  return taskOf(problem).outputSize;
}

/** Positions the model reads for an input of length n. */
export function sequenceLength(problem: Problem, n: number): number {
  return problem === 'parity-scratchpad' ? n : n + taskOf(problem).outputLength(n);
}

/** Where a model answers, within a row of length sequenceLength(n). */
export function outputPositions(problem: Problem, n: number): Int32Array {
  if (problem === 'parity-scratchpad') return Int32Array.from({ length: n }, (_, i) => i);
  return Int32Array.from({ length: taskOf(problem).outputLength(n) }, (_, j) => n + j);
}

/** The running parity of each prefix: r[i] = x[0] ⊕ … ⊕ x[i]. */
export function runningParity(x: ArrayLike<number>): Int32Array {
  const r = new Int32Array(x.length);
  let acc = 0;
  for (let i = 0; i < x.length; i++) r[i] = acc ^= x[i];
  return r;
}

/** The scratchpad's token for an input bit arriving with the last note. */
export function scratchpadToken(bit: number, lastNote: number): number {
  return bit + 2 * lastNote;
}

/**
 * The scratchpad at test time, one step: the model's note for position i of row r is handed back with the
 * next bit (token i + 1). Start from `scratchpadStart` (every bit with note 0); a causal model's answer at i
 * reads only tokens 0..i, all of them already its own by then.
 */
export function scratchpadStart(b: Batch): Int32Array {
  const tokens = new Int32Array(b.B * b.T);
  b.samples.forEach((s, r) => s.input.forEach((x, i) => (tokens[r * b.T + i] = scratchpadToken(x, 0))));
  return tokens;
}

export function feedNote(tokens: Int32Array, b: Batch, r: number, i: number, note: number): void {
  if (i + 1 < b.n) tokens[r * b.T + i + 1] = scratchpadToken(b.samples[r].input[i + 1], note);
}

/** The token row a model reads for one sample (the scratchpad's, with the true running parity written in). */
export function rowTokens(problem: Problem, s: TaskSample): Int32Array {
  if (problem !== 'parity-scratchpad') return modelInput(taskOf(problem), s);
  const r = runningParity(s.input);
  return Int32Array.from(s.input, (x, i) => scratchpadToken(x, i ? r[i - 1] : 0));
}

/** What is scored at each output position (the scratchpad: the running parity, only the last scored). */
export function rowTargets(problem: Problem, s: TaskSample): { targets: Int32Array; mask: Uint8Array } {
  if (problem !== 'parity-scratchpad') return { targets: s.output, mask: s.mask };
  const targets = runningParity(s.input);
  const mask = new Uint8Array(targets.length);
  mask[mask.length - 1] = 1;
  return { targets, mask };
}

export interface Batch {
  problem: Problem;
  /** Rows, each of input length n and sequence length T. */
  B: number;
  n: number;
  T: number;
  samples: TaskSample[];
  /** i32 [B*T] row-major. */
  tokens: Int32Array;
  /** Output positions within a row (the same for every row). */
  outPos: Int32Array;
  /** i32 [B*outPos.length]: target at (row b, output j), row-major. */
  targets: Int32Array;
  /** 1 where (row b, output j) is scored. */
  mask: Uint8Array;
}

export function makeBatch(problem: Problem, samples: TaskSample[]): Batch {
  const B = samples.length;
  const n = samples[0]?.input.length ?? 0;
  if (B === 0 || samples.some((s) => s.input.length !== n)) throw new Error('makeBatch: need ≥ 1 sample, all of one length');
  const T = sequenceLength(problem, n);
  const outPos = outputPositions(problem, n);
  const K = outPos.length;
  const tokens = new Int32Array(B * T);
  const targets = new Int32Array(B * K);
  const mask = new Uint8Array(B * K);
  samples.forEach((s, b) => {
    tokens.set(rowTokens(problem, s), b * T);
    const t = rowTargets(problem, s);
    targets.set(t.targets, b * K);
    mask.set(t.mask, b * K);
  });
  return { problem, B, n, T, samples, tokens, outPos, targets, mask };
}

/** B samples of input length n from `rng`. */
export function sampleBatch(problem: Problem, rng: Rng, B: number, n: number): Batch {
  const task = taskOf(problem);
  return makeBatch(problem, Array.from({ length: B }, () => task.sample(rng, n)));
}

/** The evaluation set at input length n: `count` samples from Rng(DELETANG_EVAL_SEED, `deletang-<task>-n<n>`)
 * (the scratchpad and the plain transformer on parity check see the same strings). */
export function evalBatch(problem: Problem, n: number, count: number): Batch {
  return sampleBatch(problem, new Rng(DELETANG_EVAL_SEED, `deletang-${taskOf(problem).id}-n${n}`), count, n);
}

/** Argmax of each output position: i32 [B*K]; logits [B*T, C] row-major. */
export function predictions(logits: ArrayLike<number>, batch: Batch, C: number): Int32Array {
  const K = batch.outPos.length;
  const out = new Int32Array(batch.B * K);
  for (let b = 0; b < batch.B; b++) {
    for (let j = 0; j < K; j++) {
      const o = (b * batch.T + batch.outPos[j]) * C;
      let best = 0;
      for (let c = 1; c < C; c++) if (logits[o + c] > logits[o + best]) best = c;
      out[b * K + j] = best;
    }
  }
  return out;
}

/** Pooled per-token accuracy over the scored output positions (Delétang et al.'s accuracy_fn). */
export function batchAccuracy(pred: Int32Array, batch: Batch): number {
  let right = 0;
  let scored = 0;
  for (let i = 0; i < pred.length; i++) {
    if (!batch.mask[i]) continue;
    scored++;
    if (pred[i] === batch.targets[i]) right++;
  }
  return scored ? right / scored : 1;
}

/** Blank token of a problem (the scratchpad has none: its answers are written into the row). */
export function blankOf(problem: Problem): number | null {
  return problem === 'parity-scratchpad' ? null : blank(taskOf(problem));
}
