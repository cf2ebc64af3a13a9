/**
 * How a "predict, then check" prompt asks a live figure to show a training step.
 *
 * The prompt does two things when the reader checks their prediction:
 * 1. dispatches `FIGURE_STEP_EVENT` (a bubbling CustomEvent<FigureStepDetail>) on the figure's element, found as
 *    `document.getElementById(figureAnchor(figure))`, or on `document` when no such element is on the page;
 * 2. links to `#fig-<figure>` (scrolling the figure into view) when the figure is on this page, or to the figure's
 *    own page `/figures/<figure>/?step=<step>` when it is not.
 *
 * A figure widget that wants to follow listens on its root element (or document) and scrubs to `detail.step`:
 *
 *   el.addEventListener(FIGURE_STEP_EVENT, (e) => { if (e.detail.figure === id) setStep(e.detail.step); });
 *
 * `handled` lets the figure say it scrubbed: the prompt then says "the figure now shows step N".
 */
export const FIGURE_STEP_EVENT = 'grokking:figure-step';

export interface FigureStepDetail {
  figure: string;
  step: number;
  /** Who asked, for figures that want to distinguish readers scrubbing from prompts asking. */
  source: 'recall';
  /** A listener sets this to true when it moved the figure. */
  handled: boolean;
}

declare global {
  interface HTMLElementEventMap {
    [FIGURE_STEP_EVENT]: CustomEvent<FigureStepDetail>;
  }
  interface DocumentEventMap {
    [FIGURE_STEP_EVENT]: CustomEvent<FigureStepDetail>;
  }
}

export const figureAnchor = (figure: string): string => `fig-${figure}`;
export const figurePageHref = (figure: string, step: number): string =>
  `/figures/${encodeURIComponent(figure)}/?step=${step}`;

/** Asks the figure to show `step`. Returns the figure element if it is on this page, and whether it answered. */
export function requestFigureStep(
  doc: Document,
  figure: string,
  step: number,
): { element: HTMLElement | null; handled: boolean } {
  const element = doc.getElementById(figureAnchor(figure));
  const detail: FigureStepDetail = { figure, step, source: 'recall', handled: false };
  const event = new CustomEvent<FigureStepDetail>(FIGURE_STEP_EVENT, { detail, bubbles: true });
  (element ?? doc).dispatchEvent(event);
  return { element, handled: detail.handled };
}
