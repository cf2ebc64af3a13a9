// Opening the lesson in a page's address: decode, check against the site, and say what was dropped.

import type { SiteCatalog } from './catalog';
import type { Lesson } from './lesson';
import { decodeLesson, PARAM } from './link';
import { describeProblem } from './problems';
import { resolveLesson } from './resolve';

export type Opened =
  | { found: false }
  | { found: true; param: string; lesson: Lesson; version: number | null; problems: string[] };

export function openLesson(search: string, catalog: SiteCatalog): Opened {
  const param = new URLSearchParams(search).get(PARAM);
  if (param === null) return { found: false };
  const decoded = decodeLesson(param);
  const checked = resolveLesson(
    decoded.lesson,
    { figures: catalog.figures.map((f) => f.id), prompts: catalog.prompts.map((p) => p.id) },
    decoded.positions,
  );
  const problems = [...decoded.problems, ...checked.problems].map(describeProblem);
  return { found: true, param, lesson: checked.lesson, version: decoded.version, problems: [...new Set(problems)] };
}
