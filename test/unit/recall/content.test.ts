/**
 * The shipped prompts: every file in content/recall parses, ids are unique across chapters, each chapter has
 * 8–15 prompts, and together they cover the five active-recall questions of the seed (tags seed-q1 … seed-q5).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getFigure } from '../../../src/lib/figure-state/registry.ts';
import { isValid } from '../../../src/lib/figure-state/schema.ts';
import { promptFileSchema, type Prompt } from '../../../src/lib/recall/schema.ts';

const dir = join(import.meta.dirname, '../../../content/recall');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const chapters = files.map((f) => ({
  slug: f.replace(/\.json$/, ''),
  parsed: promptFileSchema.safeParse(JSON.parse(readFileSync(join(dir, f), 'utf8'))),
}));
const all: Prompt[] = chapters.flatMap((c) => (c.parsed.success ? c.parsed.data.prompts : []));

describe('content/recall', () => {
  it('has one file per planned chapter', () => {
    expect(chapters.map((c) => c.slug)).toEqual([
      '01-memorization',
      '02-algorithm',
      '03-circuit-formation',
      '04-cleanup',
      '05-chomsky',
    ]);
  });

  it.each(chapters.map((c) => [c.slug, c] as const))('%s parses and has 8 to 16 prompts', (_slug, c) => {
    expect(c.parsed.error?.issues ?? []).toEqual([]);
    const n = c.parsed.data?.prompts.length ?? 0;
    expect(n).toBeGreaterThanOrEqual(8);
    expect(n).toBeLessThanOrEqual(16);
  });

  it('has ids unique across all chapters', () => {
    const ids = all.map((p) => p.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('covers all five active-recall questions of the seed, each at least once', () => {
    for (const q of ['seed-q1', 'seed-q2', 'seed-q3', 'seed-q4', 'seed-q5']) {
      expect(all.filter((p) => p.tags.includes(q)).length, q).toBeGreaterThan(0);
    }
  });

  it('mixes kinds: every chapter has a cloze; every chapter with a trained-model figure a predict-then-check', () => {
    for (const c of chapters) {
      const kinds = new Set(c.parsed.data?.prompts.map((p) => p.kind));
      expect(kinds.has('cloze') && kinds.has('qa'), c.slug).toBe(true);
      if (c.slug !== '05-chomsky') expect(kinds.has('predict'), c.slug).toBe(true);
    }
  });

  it('points predict-then-check prompts at registered figures, with a valid step and state', () => {
    const predicts = all.filter((p) => p.kind === 'predict');
    expect(predicts.length).toBeGreaterThanOrEqual(4);
    for (const p of predicts) {
      const entry = getFigure(p.figure);
      expect(entry, `${p.id}: figure ${p.figure} is not in the registry`).toBeDefined();
      if (!entry) continue;
      const step = entry.schema.step;
      if (p.step === undefined) {
        // A figure without training steps: no step field, and `at` says where to look.
        expect(step, `${p.id}: figure ${p.figure} has steps: give one`).toBeUndefined();
        expect(p.at, `${p.id}: at`).toBeTruthy();
      } else expect(step && isValid(step, p.step), `${p.id}: step`).toBe(true);
      for (const [k, v] of Object.entries(p.state ?? {})) {
        const field = Object.hasOwn(entry.schema, k) ? entry.schema[k] : undefined;
        expect(field && isValid(field, v), `${p.id}: state.${k}`).toBe(true);
      }
    }
  });
});
