// Checks a decoded lesson against what this site has: figures that are built, prompts that exist, and
// each figure's state through the figure-state codec (the same reading as a shared figure link, so a
// field it cannot read falls back to its default and is named). Steps that cannot be shown are left
// out and named; the figure queries that remain are rewritten canonically, so nothing from the
// address but valid settings reaches an embed page's address.

import { parse, toQuery, write } from '../figure-state/codec';
import { getFigure } from '../figure-state/registry';
import type { Lesson, Step } from './lesson';
import type { Problem } from './problems';

export interface Catalog {
  /** Ids of the figures whose widget is built (src/pages/figures/_widgets.ts builtFigures). */
  figures: readonly string[];
  /** Ids of every recall prompt. */
  prompts: readonly string[];
}

/** The figure-state query of a step as the codec writes it, without "?" ("" for the defaults). */
export function canonicalQuery(figure: string, query: string): { query: string; fields: string[] } | null {
  const entry = getFigure(figure);
  if (!entry) return null;
  const { state, notices } = parse(entry.id, entry.schema, query);
  const fields = [...new Set(notices.map((n) => n.field ?? 'unknown settings'))];
  return { query: toQuery(write(entry.id, entry.schema, state)).replace(/^\?/, ''), fields };
}

/** `positions`: each step's number in the address (decodeLesson's), for the problems' step numbers. */
export function resolveLesson(lesson: Lesson, catalog: Catalog, positions?: readonly number[]): { lesson: Lesson; problems: Problem[] } {
  const figures = new Set(catalog.figures);
  const prompts = new Set(catalog.prompts);
  const problems: Problem[] = [];
  const steps: Step[] = [];
  lesson.steps.forEach((s, i) => {
    const n = positions?.[i] ?? i + 1;
    if (s.kind === 'prompt') {
      if (prompts.has(s.prompt)) steps.push(s);
      else problems.push({ kind: 'step', step: n, reason: 'unknown-prompt' });
      return;
    }
    const canon = figures.has(s.figure) ? canonicalQuery(s.figure, s.query) : null;
    if (!canon) {
      problems.push({ kind: 'step', step: n, reason: 'unknown-figure' });
      return;
    }
    if (canon.fields.length) problems.push({ kind: 'step', step: n, reason: 'figure-state', fields: canon.fields });
    steps.push({ ...s, query: canon.query });
  });
  return { lesson: { title: lesson.title, steps }, problems };
}
