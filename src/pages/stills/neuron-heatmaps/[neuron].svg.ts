// /stills/neuron-heatmaps/<neuron>.svg: one picked neuron's activation over all p×p pairs at the final
// checkpoint of `main`, as a standalone SVG built at build time (the same shaded paths the still drew
// inline before). NeuronHeatmapsStill uses it as a CSS mask over the theme's colour, so the four
// panels (about 100 KB of paths each) are not in the chapter's HTML: a browser fetches them only when
// the still is shown (without JavaScript, or when printing), not on every visit.
import type { APIRoute } from 'astro';
import { neurons, neuronStills } from '../../../lib/runs/algorithm.node';

export function getStaticPaths() {
  return (neuronStills('main')?.panels ?? []).map((panel) => ({ params: { neuron: String(panel.neuron) } }));
}

export const GET: APIRoute = ({ params }) => {
  const p = neurons('main')?.p ?? 0;
  const panel = neuronStills('main')?.panels.find((s) => String(s.neuron) === params.neuron);
  if (!panel) return new Response('no such neuron', { status: 404 });
  const paths = panel.act.map((sh) => `<path d="${sh.d}" fill-opacity="${sh.opacity}"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${p} ${p}" preserveAspectRatio="none" shape-rendering="crispEdges">${paths}</svg>`;
  return new Response(svg, { headers: { 'Content-Type': 'image/svg+xml' } });
};
