// content/teaching.json: for each chapter, which figures and prompts serve each of its learning goals
// (in the order of the chapter's frontmatter `goals`), and a ready-made lesson for a class. Read at
// build time by the teachers' page; every id, state and goal count is checked against the site, and a
// mistake fails the build naming the file, the chapter and the entry.

import { z } from 'astro/zod';
import { write } from '../figure-state/codec';
import { getFigure } from '../figure-state/registry';
import { isValid } from '../figure-state/schema';
import { toQuery } from '../figure-state/codec';
import type { Lesson, Step } from './lesson';

const FILE = 'content/teaching.json';

const stepSchema = z.union([
  z.object({ figure: z.string(), state: z.record(z.union([z.string(), z.number(), z.boolean(), z.array(z.number())])).default({}), note: z.string().default('') }).strict(),
  z.object({ prompt: z.string(), note: z.string().default('') }).strict(),
]);

export const teachingSchema = z
  .object({
    chapters: z.record(
      z
        .object({
          goals: z.array(z.object({ figures: z.array(z.string()), prompts: z.array(z.string()) }).strict()),
          lesson: z.object({ title: z.string().min(1), steps: z.array(stepSchema).min(1) }).strict(),
        })
        .strict(),
    ),
  })
  .strict();

export type TeachingFile = z.infer<typeof teachingSchema>;

export interface ChapterTeaching {
  /** Per goal, in the frontmatter's order. */
  goals: { text: string; figures: string[]; prompts: string[] }[];
  lesson: Lesson;
}

export interface SiteFacts {
  /** Each chapter's frontmatter goals, by slug. */
  goals: Record<string, readonly string[]>;
  figures: readonly string[];
  prompts: readonly string[];
}

function fail(where: string, what: string): never {
  throw new Error(`${FILE}: ${where}: ${what}`);
}

/** A ready-made lesson's figure step, its state written by the figure-state codec. */
function figureStep(where: string, figure: string, state: Record<string, unknown>, note: string): Step {
  const entry = getFigure(figure) ?? fail(where, `no figure "${figure}" in the registry`);
  for (const [k, v] of Object.entries(state)) {
    if (!Object.hasOwn(entry.schema, k)) fail(where, `figure "${figure}" has no field "${k}"`);
    if (!isValid(entry.schema[k], v)) fail(where, `invalid ${figure}.${k}: ${JSON.stringify(v)}`);
  }
  return { kind: 'figure', figure, query: toQuery(write(entry.id, entry.schema, state as never)).replace(/^\?/, ''), note };
}

/** Checks the file against the site and builds each chapter's goals and lesson. Throws on any mistake. */
export function readTeaching(json: unknown, facts: SiteFacts): Record<string, ChapterTeaching> {
  const parsed = teachingSchema.safeParse(json);
  if (!parsed.success) fail('invalid', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const figures = new Set(facts.figures);
  const prompts = new Set(facts.prompts);
  const out: Record<string, ChapterTeaching> = {};
  for (const [slug, ch] of Object.entries(parsed.data.chapters)) {
    const goals = facts.goals[slug] ?? fail(slug, 'no such chapter (or it has no goals)');
    if (ch.goals.length !== goals.length) fail(slug, `${ch.goals.length} goal entries for the chapter's ${goals.length} goals`);
    ch.goals.forEach((g, i) => {
      for (const f of g.figures) if (!figures.has(f)) fail(`${slug} goal ${i + 1}`, `no built figure "${f}"`);
      for (const p of g.prompts) if (!prompts.has(p)) fail(`${slug} goal ${i + 1}`, `no prompt "${p}"`);
    });
    const steps = ch.lesson.steps.map((s, i): Step => {
      const where = `${slug} lesson step ${i + 1}`;
      if ('prompt' in s) {
        if (!prompts.has(s.prompt)) fail(where, `no prompt "${s.prompt}"`);
        return { kind: 'prompt', prompt: s.prompt, note: s.note };
      }
      if (!figures.has(s.figure)) fail(where, `no built figure "${s.figure}"`);
      return figureStep(where, s.figure, s.state, s.note);
    });
    out[slug] = { goals: ch.goals.map((g, i) => ({ text: goals[i], ...g })), lesson: { title: ch.lesson.title, steps } };
  }
  return out;
}
