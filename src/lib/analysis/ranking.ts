// The model's answers for one pair, ranked: plain functions, shared by the live figures (live-model.ts) and
// the build-time stills (src/widgets/algorithm/data.node.ts), so both rank the same way.

/** Softmax over the first p logits (the answers; the '=' logit is left out, as in the paper's analysis). */
export function answerProbs(logits: Float32Array, row: number, dVocab: number, p: number): Float64Array {
  const off = row * dVocab;
  let mx = -Infinity;
  for (let c = 0; c < p; c++) mx = Math.max(mx, logits[off + c]);
  const out = new Float64Array(p);
  let z = 0;
  for (let c = 0; c < p; c++) z += out[c] = Math.exp(logits[off + c] - mx);
  for (let c = 0; c < p; c++) out[c] /= z;
  return out;
}

export interface Ranked {
  answer: number;
  prob: number;
}

/** The k most probable answers, most probable first. */
export function topK(probs: ArrayLike<number>, k: number): Ranked[] {
  const idx = Array.from({ length: probs.length }, (_, i) => i);
  idx.sort((a, b) => probs[b] - probs[a] || a - b);
  return idx.slice(0, k).map((answer) => ({ answer, prob: probs[answer] }));
}

/** "Ask the model"'s starting pair (AskModel.svelte's defaults, and its build-time still's). */
export const ASK_MODEL_PAIR = { a: 12, b: 5 } as const;

/** A checkpoint's top answers for one pair, computed at build time: "ask the model" without JavaScript. */
export interface AnswerStill {
  a: number;
  b: number;
  step: number;
  ranked: Ranked[];
}

/** A checkpoint's logits over the answers for one pair, computed at build time: the logit curve without JavaScript. */
export interface LogitStill {
  a: number;
  b: number;
  step: number;
  logits: number[];
}
