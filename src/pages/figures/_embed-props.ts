// Build-time props for widgets on their embed pages (/figures/<id>/): the same data the chapter's
// MDX passes (e.g. `<TrainingTimeline data={timeline('main')} />`). Imported only by the
// frontmatter of [id].astro, so Node-only modules are fine here. A figure whose widget needs no
// data needs no line; constant props can also go in the registry entry's `props`.
// Keep each line in step with the figure's MDX.
import { compare, live, pairs, PAPER, progress, seeds, sweep, timeline } from '../../lib/runs/facts.node';
import type { FigureId } from '../../lib/figure-state/registry';
import { algorithmEmbedProps } from './_algorithm-props';
import { answerStill } from '../../lib/runs/algorithm.node';
import { pairsStill } from '../../widgets/charts/pairs-still.node';
import { chomskyRuns } from '../../lib/runs/sequence.node';
import { deletangCells } from '../../lib/runs/deletang.node';
import { probeModels, tableView } from '../../lib/runs/deletang';

export const embedProps: Partial<Record<FigureId, () => Record<string, unknown>>> = {
  ...algorithmEmbedProps, // chapter 2's figures
  clock: () => ({ p: 113, a: 71, b: 65 }),
  'training-timeline': () => ({ data: timeline('main') }),
  'pairs-grid': () => {
    const data = pairs('main');
    return { data, still: pairsStill(data) };
  },
  'ask-model': () => ({ data: live('main'), still: answerStill('main') }),
  'progress-measures': () => ({ data: progress('main') }),
  seeds: () => ({ data: seeds('main', 'main-seed1', 'main-seed2') }),
  'weight-decay': () => ({ data: compare('main', 'main-no-wd') }),
  'data-fraction': () => {
    const runs = sweep();
    return { sweep: runs, paper: PAPER.sweep, paperP: PAPER.p, p: runs[0]?.p ?? null };
  },
  // Chapter 5's figures (05-chomsky.mdx passes `runs={chomskyRuns()}` to each).
  'length-probe': () => ({ runs: chomskyRuns() }),
  'length-curve': () => ({ runs: chomskyRuns() }),
  'chomsky-table': () => ({ table: tableView(deletangCells()) }),
  'task-probe': () => ({ models: probeModels(deletangCells()) }),
  'scratchpad-compare': () => ({ table: tableView(deletangCells()) }),
};
