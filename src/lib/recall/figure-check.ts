/**
 * "Predict, then check": how a prompt shows a live figure at a training step.
 *
 * A figure's state lives in the address (src/lib/figure-state: `?<figure>.step=1500&…#fig-<figure>`), and every
 * widget built on `useFigureState` re-reads it on `popstate`. So checking a prediction is navigation:
 * - figure on this page: push the figure's state into the address, then fire `popstate` (the figure re-reads its
 *   state and scrubs), fire `FIGURE_STEP_EVENT` on the figure element for widgets that keep their own state, and
 *   scroll the figure into view. Back returns to where the reader was.
 * - figure elsewhere: an ordinary link to the figure in its chapter, in that state.
 * Without JavaScript the link alone works in both cases.
 */
import { mergeQuery, toQuery, write } from '../figure-state/codec.ts';
import { anchor, essayPath } from '../figure-state/links.ts';
import { getFigure } from '../figure-state/registry.ts';
import { checkWhere } from './text.ts';

export const FIGURE_STEP_EVENT = 'grokking:figure-step';

/** Detail of FIGURE_STEP_EVENT (bubbling CustomEvent dispatched on the figure element `#fig-<figure>`). */
export interface FigureStepDetail {
  figure: string;
  /** Absent for a figure without training steps. */
  step?: number;
  /** The other state fields the prompt sets, as URL parameters without the figure prefix. */
  state: Record<string, string | number | boolean>;
}

/** Everything a predict prompt needs to show its figure; serializable, computed at build time. */
export interface FigureTarget {
  figure: string;
  step?: number;
  /** Where to look, in words: "at step 4,063", or the prompt's `at`. */
  where: string;
  state: Record<string, string | number | boolean>;
  title: string;
  /** Link to the figure in its chapter, in the target state (works without JavaScript). */
  href: string;
  /** The figure's URL parameters for that state, to merge into this page's address. */
  params: [string, string][];
}

/** Null when the figure is not in the registry (the content test refuses that, so only a stale build sees it). */
export function figureTarget(
  figure: string,
  step: number | undefined,
  state: Record<string, string | number | boolean> = {},
  base = '/',
  at?: string,
): FigureTarget | null {
  const entry = getFigure(figure);
  if (!entry) return null;
  const params = write(entry.id, entry.schema, (step === undefined ? state : { ...state, step }) as never);
  return {
    figure,
    step,
    where: checkWhere({ step, at }),
    state,
    title: entry.title,
    href: `${essayPath(entry, base)}${toQuery(params)}${anchor(entry)}`,
    params,
  };
}

/**
 * In the browser: if the figure is on this page, moves it to the target state and returns its element (the caller
 * should then not follow the link). Returns null when the figure is not here.
 */
export function showOnThisPage(target: FigureTarget, win: Window = window): HTMLElement | null {
  const doc = win.document;
  const el = doc.getElementById(`fig-${target.figure}`);
  if (!el) return null;
  const query = mergeQuery(win.location.search, target.figure, target.params);
  win.history.pushState(win.history.state, '', `${win.location.pathname}${query}#fig-${target.figure}`);
  win.dispatchEvent(new PopStateEvent('popstate', { state: win.history.state }));
  const detail: FigureStepDetail = { figure: target.figure, step: target.step, state: target.state };
  el.dispatchEvent(new CustomEvent(FIGURE_STEP_EVENT, { detail, bubbles: true }));
  const smooth = !win.matchMedia('(prefers-reduced-motion: reduce)').matches;
  el.scrollIntoView({ behavior: smooth ? 'smooth' : 'auto', block: 'start' });
  return el;
}
