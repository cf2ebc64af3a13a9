// Build-time access for the algorithm chapter (Node only): the figures' data for run `id`, or null
// while the run is not in models/ (the widgets then say so; facts.node.ts warns once in the build log).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runData } from './facts.node.ts';
import { runDir } from './load.node.ts';
import { readOnnx } from '../train/onnx/read-weights';
import { cpuForward } from '../analysis/forward';
import type { Weights } from '../analysis/types';
import { answerProbs, ASK_MODEL_PAIR, topK, type AnswerStill, type LogitStill } from '../analysis/ranking';
import { neuronData, neuronStill, spectrumData, type NeuronData, type NeuronStill, type SpectrumData } from './algorithm';

function base(): string {
  return (import.meta.env?.BASE_URL as string | undefined) ?? '/';
}

export function spectrum(id: string): SpectrumData | null {
  const run = runData(id);
  return run && run.checkpoints.length ? spectrumData(run) : null;
}

export function neurons(id: string): NeuronData | null {
  const run = runData(id);
  return run && run.checkpoints.length ? neuronData(run, base()) : null;
}

const finals = new Map<string, { step: number; weights: Weights } | null>();

/** The final checkpoint of run `id`, read from its ONNX file once per build; null while the run is not trained. */
function finalCheckpoint(id: string, what: string): { step: number; weights: Weights } | null {
  if (!finals.has(id)) {
    const last = runData(id)?.manifest.checkpoints.at(-1);
    let final: { step: number; weights: Weights } | null = null;
    if (last) {
      try {
        final = { step: last.step, weights: readOnnx(new Uint8Array(readFileSync(join(runDir(id), last.onnx)))).weights };
      } catch (e) {
        console.warn(`[${what}] ${id}: no static figure (${(e as Error).message})`);
      }
    }
    finals.set(id, final);
  }
  return finals.get(id) ?? null;
}

const stills = new Map<string, NeuronStill | null>();

/**
 * The neuron heatmaps' static state (without JavaScript and in print): the neurons `neurons(id)` picks, at the
 * final checkpoint, computed here from its ONNX file once per build. Null while the run is not trained.
 */
export function neuronStills(id: string): NeuronStill | null {
  if (!stills.has(id)) {
    const data = neurons(id);
    const final = data ? finalCheckpoint(id, 'neurons') : null;
    stills.set(id, data && final ? neuronStill(final.weights, data.p, final.step, data.picks) : null);
  }
  return stills.get(id) ?? null;
}

/** The final checkpoint's logits over the p answers for (a, b) (clamped to 0…p−1), by the TypeScript forward pass. */
function pairLogits(id: string, a: number, b: number): { p: number; a: number; b: number; step: number; logits: Float32Array } | null {
  const p = runData(id)?.manifest.config.p;
  const final = p ? finalCheckpoint(id, 'pair') : null;
  if (!p || !final) return null;
  [a, b] = [Math.min(a, p - 1), Math.min(b, p - 1)];
  return { p, a, b, step: final.step, logits: cpuForward(final.weights, [a, b, p], 1).logits };
}

/**
 * "Ask the model"'s static state (without JavaScript and before the live run): the final checkpoint's top `k`
 * answers for (a, b), ranked as the widget ranks the live ones. Null while the run is not trained.
 */
export function answerStill(id: string, { a, b }: { a: number; b: number } = ASK_MODEL_PAIR, k = 8): AnswerStill | null {
  const out = pairLogits(id, a, b);
  if (!out) return null;
  const ranked = topK(answerProbs(out.logits, 0, out.logits.length, out.p), k);
  return { a: out.a, b: out.b, step: out.step, ranked: ranked.map((r) => ({ answer: r.answer, prob: Number(r.prob.toPrecision(4)) })) };
}

/** The logit curve's model overlay for (a, b) at the final checkpoint (without JavaScript). Null while not trained. */
export function logitStill(id: string, a: number, b: number): LogitStill | null {
  const out = pairLogits(id, a, b);
  return out && { a: out.a, b: out.b, step: out.step, logits: Array.from(out.logits.slice(0, out.p), (v) => Number(v.toPrecision(5))) };
}
