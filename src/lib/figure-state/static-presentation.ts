// The essay's figures that have no hydrated widget (drawn at build time, e.g. the Chomsky hierarchy and table)
// run no useFigureState, which is what applies `?<id>.controls=0` and `?<id>.caption=0` on the essay page.
// Figure.astro's page script calls this once: it sets the same data-hide-* attributes from the address, for
// those figures only (a figure whose widget hydrates keeps doing it itself, and follows later changes).
import { readState } from './links';
import { getFigure } from './registry';

export function applyStaticPresentation(root: ParentNode, query: string): void {
  for (const fig of root.querySelectorAll<HTMLElement>('figure[data-figure]')) {
    if (fig.querySelector('.figure__live astro-island')) continue;
    const entry = getFigure(fig.dataset.figure ?? '');
    if (!entry) continue;
    const { state } = readState(entry, query);
    fig.toggleAttribute('data-hide-controls', state.controls === false);
    fig.toggleAttribute('data-hide-caption', state.caption === false);
  }
}
