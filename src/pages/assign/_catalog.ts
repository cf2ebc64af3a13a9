// The SiteCatalog (src/lib/assign/catalog.ts) at build time: built figures and every recall prompt, with
// chapter titles. Used by the assignment pages and the teachers' page.
import { getCollection } from 'astro:content';
import type { SiteCatalog } from '../../lib/assign/catalog';
import { chapterInfos } from '../../lib/recall/chapters';
import { flattenPrompts } from '../../lib/recall/prompts';
import { publishedChapters } from '../../site/chapters';
import type { ChapterData } from '../../site/schemas';
import { builtFigures } from '../figures/_widgets';

/** Figures with a build-time still of their default state (as /figures/[id].astro renders them). */
export const STILLS = ['neuron-heatmaps', 'train-live'] as const;

export async function siteCatalog(): Promise<SiteCatalog> {
  const recall = await getCollection('recall');
  const chapters = publishedChapters((await getCollection('chapters')) as { id: string; data: ChapterData }[], import.meta.env.DEV);
  const infos = chapterInfos(recall.map((e) => e.id), chapters);
  const title = new Map(chapters.map((c) => [c.id, c.data.title]));
  return {
    figures: builtFigures().map((f) => ({
      id: f.id,
      title: f.title,
      chapter: f.chapter,
      chapterTitle: title.get(f.chapter) ?? f.chapter,
      height: f.embed.height,
      still: (STILLS as readonly string[]).includes(f.id),
    })),
    prompts: flattenPrompts(recall),
    chapters: infos.map((c) => ({ slug: c.slug, title: c.title })),
  };
}
