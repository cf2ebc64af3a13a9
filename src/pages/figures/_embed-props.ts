// Build-time props for widgets on their embed pages (/figures/<id>/): the same data the chapter's
// MDX passes (e.g. `<TrainingTimeline data={timeline('main')} />`). Imported only by the
// frontmatter of [id].astro, so Node-only modules are fine here. A figure whose widget needs no
// data needs no line; constant props can also go in the registry entry's `props`.
import { live, pairs, timeline } from '../../lib/runs/facts.node';
import type { FigureId } from '../../lib/figure-state/registry';

export const embedProps: Partial<Record<FigureId, () => Record<string, unknown>>> = {
  'training-timeline': () => ({ data: timeline('main') }),
  'pairs-grid': () => ({ data: pairs('main') }),
  'ask-model': () => ({ data: live('main') }),
};
