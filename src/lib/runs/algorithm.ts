// What the algorithm chapter's figures get at build time (pure: RunData in, small JSON out; the Node
// loader is data.node.ts). Embedded in the page, so every figure draws its precomputed state at once.
import { frequencyGini } from '../analysis/gini';
import { liveRunData, type LiveRunData } from './figure-data';
import type { RunData } from './types';
import type { Weights } from '../analysis/types';
import { allPairsTokens, cpuForward } from '../analysis/forward';
import { rasterPaths, type RasterShade } from '../analysis/raster';
import { fourierPower2D, neuronTable, pickNeurons } from '../analysis/neurons';

export interface SpectrumData {
  id: string;
  p: number;
  /** Checkpoint steps, increasing; the rows below follow them. */
  steps: number[];
  /** Norm per frequency k = 0..(p−1)/2 of W_E and of W_L, per checkpoint (4 significant digits). */
  we: number[][];
  wl: number[][];
  /** Gini of the non-constant frequencies' norms, per checkpoint. */
  giniWE: number[];
  giniWL: number[];
  /** Key frequencies per checkpoint, and of the run's final step. */
  keyFreqs: number[][];
  finalKeyFreqs: number[];
  lastStep: number;
  /** All logged steps (the step store clamps and steps through them). */
  logged: number[];
}

export interface NeuronData extends LiveRunData {
  dMlp: number;
  /** The final checkpoint's cluster of each neuron (0 = other). */
  neuronFreq: number[];
  /** Neurons shown first: one per cluster, key frequencies first. */
  picks: { neuron: number; freq: number }[];
}

/** One picked neuron at one checkpoint, as SVG shades (see ../analysis/raster.ts). */
export interface NeuronStillPanel {
  neuron: number;
  freq: number;
  /** Activation over (a, b), p×p, scaled by its maximum. */
  act: RasterShade[];
  /** √(share of Fourier power) over (k_a, k_b), n×n, scaled by its peak (as the canvas draws it). */
  pow: RasterShade[];
  n: number;
  /** The frequency whose {const, cos, sin}² block holds the most power, and that block's share. */
  best: number;
  bestShare: number;
}

export interface NeuronStill {
  step: number;
  panels: NeuronStillPanel[];
}

/**
 * The picked neurons computed from a checkpoint's weights with the plain TypeScript forward pass (the same
 * activations the page computes with ONNX Runtime), for the static state of the neuron heatmaps.
 */
export function neuronStill(weights: Weights, p: number, step: number, picks: readonly { neuron: number; freq: number }[]): NeuronStill {
  const out = cpuForward(weights, allPairsTokens(p), p * p);
  const dMlp = out.mlpPost.length / (p * p);
  const panels = picks.map(({ neuron, freq }) => {
    const table = neuronTable(out.mlpPost, p, dMlp, neuron);
    let max = 0;
    for (const v of table) max = Math.max(max, v);
    const power = fourierPower2D(table, p);
    const sh = power.share;
    const peak = Math.max(1e-12, ...sh);
    const k = power.best;
    return {
      neuron,
      freq,
      act: rasterPaths(p, p, (a, b) => (max > 0 ? table[a * p + b] / max : 0), 12),
      pow: rasterPaths(power.n, power.n, (i, j) => Math.sqrt(sh[i * power.n + j] / peak)),
      n: power.n,
      best: k,
      bestShare: r4(sh[k * power.n] + sh[k] + sh[k * power.n + k]),
    };
  });
  return { step, panels };
}

const r4 = (x: number) => Number(x.toPrecision(4));

export function spectrumData(run: RunData): SpectrumData {
  const cks = run.checkpoints;
  const last = run.metrics[run.metrics.length - 1];
  return {
    id: run.id,
    p: run.manifest.config.p,
    steps: cks.map((c) => c.step),
    we: cks.map((c) => c.fourierWE.map(r4)),
    wl: cks.map((c) => c.fourierWL.map(r4)),
    giniWE: cks.map((c) => r4(frequencyGini(c.fourierWE))),
    giniWL: cks.map((c) => r4(frequencyGini(c.fourierWL))),
    keyFreqs: cks.map((c) => [...c.keyFreqs].sort((a, b) => a - b)),
    finalKeyFreqs: [...(last?.keyFreqs ?? [])].sort((a, b) => a - b),
    lastStep: run.manifest.step,
    logged: run.metrics.map((m) => m.step),
  };
}

export function neuronData(run: RunData, base = '/', max = 4): NeuronData {
  const final = run.checkpoints[run.checkpoints.length - 1];
  const live = liveRunData(run, base);
  const neuronFreq = final ? final.neuronFreq : [];
  return { ...live, dMlp: run.manifest.config.model.d_mlp, neuronFreq, picks: pickNeurons(neuronFreq, live.keyFreqs, max) };
}

/** Frequencies the key set of the paper's main model and ours share, and those only one has. */
export function compareKeyFreqs(ours: readonly number[], paper: readonly number[]): { shared: number[]; onlyOurs: number[]; onlyPaper: number[] } {
  return {
    shared: ours.filter((k) => paper.includes(k)),
    onlyOurs: ours.filter((k) => !paper.includes(k)),
    onlyPaper: paper.filter((k) => !ours.includes(k)),
  };
}

/** Share of the squared norm (over k ≥ 1) that sits in the frequencies `keys`: how sparse a spectrum is. */
export function keyShare(norms: readonly number[], keys: readonly number[]): number {
  let total = 0;
  let inKeys = 0;
  norms.forEach((v, k) => {
    if (k === 0) return;
    total += v * v;
    if (keys.includes(k)) inKeys += v * v;
  });
  return total > 0 ? inKeys / total : NaN;
}

/** Neurons per cluster frequency (0 = 'other'), as [k, count] sorted by k. */
export function clusterSizes(neuronFreq: readonly number[]): [number, number][] {
  const m = new Map<number, number>();
  for (const k of neuronFreq) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m.entries()].sort((x, y) => x[0] - y[0]);
}
