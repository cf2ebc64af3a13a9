// The evaluation of a sequence run, shared by the trainer, the tests and the page: the same strings at
// every length (EVAL_SEED), with the positions the model was trained to see, and the accuracy on the
// label of each string's last position. Pure: no engine inside.
import type { SequenceRunConfig } from '../train/run/config';
import { positionRows } from './positions';
import { Rng } from './prng';
import { evalSet, evalStream } from './sequence';

/** Seed of the evaluation strings (and of the randomized positions used to score them). */
export const EVAL_SEED = 20230207;

/** Positions for n rows of length L, as the model was trained to see them (none for the RNN). */
export function positionsFor(config: SequenceRunConfig, rng: Rng, n: number, L: number): Int32Array | undefined {
  const m = config.model;
  return m.arch === 'transformer' ? positionRows(m.pe, rng, n, L, m.maxPositions) : undefined;
}

/** The evaluation strings at length L and their positions: what the trainer, the tests and the page score. */
export function evalBatch(config: SequenceRunConfig, L: number, n = config.eval.perLength) {
  const set = evalSet(config.language, new Rng(EVAL_SEED, evalStream(L)), n, L);
  const positions = positionsFor(config, new Rng(EVAL_SEED, `${evalStream(L)}-positions`), n, L);
  return { ...set, positions };
}

/** Share of rows whose final-position argmax equals the label; logits [n, L, 2]. */
export function finalAccuracy(logits: Float32Array, labels: Int32Array, n: number, L: number): number {
  let right = 0;
  for (let i = 0; i < n; i++) {
    const o = (i * L + L - 1) * 2;
    const pred = logits[o + 1] > logits[o] ? 1 : 0;
    if (pred === labels[i]) right++;
  }
  return right / n;
}
