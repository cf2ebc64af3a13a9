// content/teaching.json against the site: every chapter with goals has an entry per goal, every id is a
// built figure or a prompt, every prompt of a chapter serves one of its goals, each ready-made lesson
// fits one link; and the reader's errors name the file and the entry.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeLesson } from '../../../src/lib/assign/link';
import { readTeaching, type SiteFacts } from '../../../src/lib/assign/teaching';
import { figureIds } from '../../../src/lib/figure-state/registry';

const ROOT = join(__dirname, '../../..');
const json = JSON.parse(readFileSync(join(ROOT, 'content/teaching.json'), 'utf8'));
const recall = Object.fromEntries(
  readdirSync(join(ROOT, 'content/recall')).map((f) => [f.replace(/\.json$/, ''), (JSON.parse(readFileSync(join(ROOT, 'content/recall', f), 'utf8')).prompts as { id: string }[]).map((p) => p.id)]),
);
/** Frontmatter goals, read as plain YAML lines (the build reads them through the content schema). */
function goals(slug: string): string[] {
  const text = readFileSync(join(ROOT, 'content/chapters', `${slug}.mdx`), 'utf8');
  const front = text.split(/^---$/m)[1];
  const block = front.split(/^goals:\s*$/m)[1] ?? '';
  return [...block.matchAll(/^ {2}- (.+)$/gm)].map((m) => m[1]);
}
const facts: SiteFacts = {
  goals: Object.fromEntries(Object.keys(recall).map((s) => [s, goals(s)])),
  figures: figureIds,
  prompts: Object.values(recall).flat(),
};

describe('content/teaching.json', () => {
  const teaching = readTeaching(json, facts);

  it('covers every chapter with recall prompts, goal by goal, and every prompt of the chapter', () => {
    expect(Object.keys(teaching).sort()).toEqual(Object.keys(recall).sort());
    for (const [slug, t] of Object.entries(teaching)) {
      expect(t.goals.map((g) => g.text)).toEqual(facts.goals[slug]);
      const served = new Set(t.goals.flatMap((g) => g.prompts));
      for (const id of recall[slug]) expect(served.has(id), `${slug}: ${id} serves no goal`).toBe(true);
    }
  });

  it('ready-made lessons fit one link', async () => {
    for (const t of Object.values(teaching)) expect((await encodeLesson(t.lesson)).fits).toBe(true);
  });

  it('names the file, chapter and entry of a mistake', () => {
    const bad = structuredClone(json);
    bad.chapters['01-memorization'].lesson.steps[1].state = { x: 'cubic' };
    expect(() => readTeaching(bad, facts)).toThrow('content/teaching.json: 01-memorization lesson step 2: invalid training-timeline.x: "cubic"');
    const fewer = structuredClone(json);
    fewer.chapters['02-algorithm'].goals.pop();
    expect(() => readTeaching(fewer, facts)).toThrow("content/teaching.json: 02-algorithm: 4 goal entries for the chapter's 5 goals");
    const unknown = structuredClone(json);
    unknown.chapters['03-circuit-formation'].goals[0].prompts.push('nope');
    expect(() => readTeaching(unknown, facts)).toThrow('content/teaching.json: 03-circuit-formation goal 1: no prompt "nope"');
  });
});
