// Build-time props of the algorithm chapter's figures on their embed pages (/figures/<id>/), the same
// as content/chapters/02-algorithm.mdx passes; spread into _embed-props.ts.
import { facts, live, PAPER } from '../../lib/runs/facts.node.ts';
import { logitStill, neurons, spectrum } from '../../lib/runs/algorithm.node.ts';
import { startPair } from '../../widgets/algorithm/trig';

function circle(): Record<string, unknown> {
  const main = facts('main');
  const p = main.available ? main.p : PAPER.p;
  const keyFreqs = main.keyFreqs.filter((k) => k >= 1);
  return { p, ...startPair(p), k: keyFreqs[0] ?? 1, keyFreqs };
}

export const algorithmEmbedProps = {
  rotations: circle,
  'trig-steps': () => {
    const { keyFreqs: _, ...rest } = circle();
    return rest;
  },
  'logit-curve': () => {
    const c = circle();
    return { data: live('main'), a: c.a, b: c.b, still: logitStill('main', c.a as number, c.b as number) };
  },
  'fourier-spectrum': () => ({ data: spectrum('main') }),
  'neuron-heatmaps': () => ({ data: neurons('main') }),
};
