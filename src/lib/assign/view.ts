// From a checked lesson step to what a page shows: the figure's embed address and essay address in the
// step's state, the state in words, and the prompt with its chapter. Pure; used by the student page,
// the builder and the handout.

import { parse } from '../figure-state/codec';
import { anchor, embedPath, essayPath } from '../figure-state/links';
import { getFigure } from '../figure-state/registry';
import { figureTarget, type FigureTarget } from '../recall/figure-check';
import type { ChapterPrompt } from '../recall/schema';
import type { CatalogFigure, SiteCatalog } from './catalog';
import type { FigureStep, Step } from './lesson';

const q = (query: string) => (query ? `?${query}` : '');

export function figureSrc(step: FigureStep, base = '/'): string {
  return `${embedPath({ id: step.figure }, base)}${q(step.query)}`;
}

export function figureEssayHref(step: FigureStep, base = '/'): string {
  const entry = getFigure(step.figure);
  return entry ? `${essayPath(entry, base)}${q(step.query)}${anchor(entry)}` : figureSrc(step, base);
}

/** The settings a step's query changes, in words: "a = 100, b = 20"; "" for the figure's defaults. */
export function stateWords(step: FigureStep): string {
  const entry = getFigure(step.figure);
  if (!entry) return '';
  const { state } = parse(entry.id, entry.schema, step.query);
  const params = new URLSearchParams(step.query);
  const words: string[] = [];
  for (const [name, field] of Object.entries(entry.schema)) {
    if (!params.has(`${entry.id}.${name}`)) continue;
    const v = (state as Record<string, unknown>)[name];
    if (name === 'controls' || name === 'caption') {
      if (v === false) words.push(name === 'controls' ? 'controls hidden' : 'caption hidden');
      continue;
    }
    const shown = field.kind === 'boolean' ? (v ? 'on' : 'off') : Array.isArray(v) ? v.join(', ') : typeof v === 'number' ? v.toLocaleString('en-US') : String(v);
    words.push(`${name} = ${shown}`);
  }
  return words.join(', ');
}

export type StepView =
  | { kind: 'figure'; step: FigureStep; figure: CatalogFigure; src: string; essayHref: string; state: string }
  | { kind: 'prompt'; step: Step & { kind: 'prompt' }; prompt: ChapterPrompt; chapterTitle: string; target: FigureTarget | null };

/** Views of a resolved lesson's steps (every id in it is known to `catalog`). */
export function stepViews(steps: readonly Step[], catalog: SiteCatalog, base = '/'): StepView[] {
  const figures = new Map(catalog.figures.map((f) => [f.id, f]));
  const prompts = new Map(catalog.prompts.map((p) => [p.id, p]));
  const chapterTitle = new Map(catalog.chapters.map((c) => [c.slug, c.title]));
  return steps.flatMap((step): StepView[] => {
    if (step.kind === 'figure') {
      const figure = figures.get(step.figure);
      return figure ? [{ kind: 'figure', step, figure, src: figureSrc(step, base), essayHref: figureEssayHref(step, base), state: stateWords(step) }] : [];
    }
    const prompt = prompts.get(step.prompt);
    if (!prompt) return [];
    const target = prompt.kind === 'predict' ? figureTarget(prompt.figure, prompt.step, prompt.state, base, prompt.at) : null;
    return [{ kind: 'prompt', step, prompt, chapterTitle: chapterTitle.get(prompt.chapter) ?? prompt.chapter, target }];
  });
}

/** The embed address of a predict prompt's figure in the state the prompt asks about. */
export function targetSrc(target: FigureTarget, base = '/'): string {
  const query = target.params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replace(/%2C/g, ',')}`).join('&');
  return `${embedPath({ id: target.figure }, base)}${q(query)}`;
}

/**
 * The embed address a printed sheet frames: `src` (an embed address with the figure's state) with the
 * figure's controls and caption hidden (sliders do nothing on paper; the sheet names the figure and its
 * state) and the light theme (paper is white).
 */
export function printFrameSrc(src: string, figure: string): string {
  const u = new URL(src, 'http://localhost');
  u.searchParams.set(`${figure}.controls`, '0');
  u.searchParams.set(`${figure}.caption`, '0');
  u.searchParams.set('theme', 'light');
  return `${u.pathname}${u.search.replace(/%2C/g, ',')}`;
}
