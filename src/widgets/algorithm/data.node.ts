// Build-time access for the algorithm chapter (Node only): the figures' data for run `id`, or null
// while the run is not in models/ (the widgets then say so; facts.node.ts warns once in the build log).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runData } from '../../lib/runs/facts.node.ts';
import { runDir } from '../../lib/runs/load.node.ts';
import { readOnnx } from '../../lib/train/onnx/read-weights';
import { neuronData, neuronStill, spectrumData, type NeuronData, type NeuronStill, type SpectrumData } from './data';

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

const stills = new Map<string, NeuronStill | null>();

/**
 * The neuron heatmaps' static state (without JavaScript and in print): the neurons `neurons(id)` picks, at the
 * final checkpoint, computed here from its ONNX file once per build. Null while the run is not trained.
 */
export function neuronStills(id: string): NeuronStill | null {
  if (!stills.has(id)) {
    const run = runData(id);
    const data = neurons(id);
    const last = run?.manifest.checkpoints.at(-1);
    let still: NeuronStill | null = null;
    if (run && data && last) {
      try {
        const { weights } = readOnnx(new Uint8Array(readFileSync(join(runDir(id), last.onnx))));
        still = neuronStill(weights, data.p, last.step, data.picks);
      } catch (e) {
        console.warn(`[neurons] ${id}: no static neuron heatmaps (${(e as Error).message})`);
      }
    }
    stills.set(id, still);
  }
  return stills.get(id) ?? null;
}
