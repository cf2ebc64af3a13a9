// Running a Chomsky-table checkpoint (task "deletang"; src/lib/train/onnx/sequence-export.ts) with ONNX
// Runtime: the page's live probe and the shipped-run test (test/unit/shipped/deletang.test.ts) call the same
// functions, so what the test checks is what the page shows.
//   tokens i32 [B*T] (a batch of src/lib/tasks/deletang-batch.ts), positions i32 [B*T] for transformers
//   -> the argmax at each output position, i32 [B*K]
import type { OrtModuleLike, OrtSessionLike } from '../../lib/inference/ort-types';
import { classesOf, feedNote, predictions, scratchpadStart, type Batch } from '../../lib/tasks/deletang-batch';
import { positionRows } from '../../lib/tasks/positions';
import type { Rng } from '../../lib/tasks/prng';
import { scoreRows } from './ChomskyRuntime';

/** Positions for a batch as the model was trained to see them: 0..T-1 (sinusoidal), a sorted random subset
 * of 0..maxPositions-1 (randomized, drawn from `rng`), none (recurrent). */
export function batchPositions(pe: 'sinusoidal' | 'randomized' | null, rng: Rng, b: Batch, maxPositions: number): Int32Array | undefined {
  return pe === null ? undefined : positionRows(pe, rng, b.B, b.T, maxPositions);
}

/** The model's answer at every output position of every row. */
export async function predictBatch(ort: OrtModuleLike, session: OrtSessionLike, b: Batch, positions?: Int32Array): Promise<Int32Array> {
  if (b.problem === 'parity-scratchpad') return (await scratchpadNotes(ort, session, b, positions)).notes;
  const logits = await scoreRows(ort, session, b.tokens, b.B, b.T, positions, classesOf(b.problem));
  return predictions(logits, b, classesOf(b.problem));
}

/**
 * The scratchpad at test time: the model's own note (its running parity so far) is handed back with the
 * next bit. One pass per bit; a causal model's answer at i depends only on tokens 0..i, so pass i fixes
 * note i. `notes` [B*n] in the batch's output order.
 * `onPass` lets the page yield between passes.
 */
export async function scratchpadNotes(
  ort: OrtModuleLike, session: OrtSessionLike, b: Batch, positions?: Int32Array, onPass?: () => Promise<void>,
): Promise<{ notes: Int32Array }> {
  const tokens = scratchpadStart(b);
  const notes = new Int32Array(b.B * b.n);
  for (let i = 0; i < b.n; i++) {
    const lg = await scoreRows(ort, session, tokens, b.B, b.T, positions, 2);
    for (let r = 0; r < b.B; r++) {
      const o = (r * b.T + i) * 2;
      const note = lg[o + 1] > lg[o] ? 1 : 0;
      notes[r * b.n + i] = note;
      feedNote(tokens, b, r, i, note);
    }
    await onPass?.();
  }
  return { notes };
}
