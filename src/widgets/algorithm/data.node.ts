// Build-time access for the algorithm chapter (Node only): the figures' data for run `id`, or null
// while the run is not in models/ (the widgets then say so; facts.node.ts warns once in the build log).
import { runData } from '../../lib/runs/facts.node.ts';
import { neuronData, spectrumData, type NeuronData, type SpectrumData } from './data';

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
