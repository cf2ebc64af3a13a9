// Running a Chomsky-chapter checkpoint (src/lib/train/onnx/sequence-export.ts) with ONNX Runtime: the page's
// live figures and the tests that recompute the shipped curves call the same two functions.
//   tokens i32 [n*L] row-major (0/1), positions i32 [n*L] (transformers only) -> logits f32 [n, L, 2]
import type { OrtModuleLike, OrtSessionLike } from '../../lib/inference/ort-types';
import { evalBatch, finalAccuracy } from '../../lib/tasks/sequence-eval';
import type { SequenceRunConfig } from '../../lib/runs/sequence';

const i64 = (xs: Int32Array) => BigInt64Array.from(xs, (x) => BigInt(x));

/** Logits [n, L, C] (C = 2 for parity and Dyck-1; a Delétang task's output alphabet). */
export async function scoreRows(
  ort: OrtModuleLike, session: OrtSessionLike, tokens: Int32Array, n: number, L: number, positions?: Int32Array, C = 2,
): Promise<Float32Array> {
  if (tokens.length !== n * L) throw new Error(`invalid tokens: ${tokens.length} for [${n}, ${L}]`);
  const feeds: Record<string, InstanceType<OrtModuleLike['Tensor']>> = { tokens: new ort.Tensor('int64', i64(tokens), [n, L]) };
  if (session.inputNames.includes('positions')) {
    if (!positions || positions.length !== n * L) throw new Error('invalid positions: this model needs one per token');
    feeds.positions = new ort.Tensor('int64', i64(positions), [n, L]);
  }
  const out = await session.run(feeds);
  const logits = out.logits.data as Float32Array;
  if (logits.length !== n * L * C) throw new Error(`invalid logits: ${logits.length} values for [${n}, ${L}, ${C}]`);
  for (const t of Object.values(feeds)) t.dispose?.();
  out.logits.dispose?.();
  return logits;
}

/** Accuracy at length L on n evaluation strings (the shared seeded sets of the trainer, or fresh ones). */
export async function accuracyAt(
  ort: OrtModuleLike, session: OrtSessionLike, config: SequenceRunConfig, L: number, n: number,
  batch: { tokens: Int32Array; labels: Int32Array; positions?: Int32Array } = evalBatch(config, L, n),
): Promise<number> {
  const logits = await scoreRows(ort, session, batch.tokens, n, L, batch.positions);
  return finalAccuracy(logits, batch.labels, n, L);
}
