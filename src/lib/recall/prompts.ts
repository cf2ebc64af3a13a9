/**
 * From the `recall` content collection (one entry a chapter file, id = chapter slug) to a flat list of prompts,
 * each tagged with its chapter. Pure: the .astro files call getCollection and hand the entries here.
 */
import type { ChapterPrompt, PromptFile } from './schema.ts';

export interface RecallEntry {
  id: string;
  data: PromptFile;
}

/** Chapters in slug order (slugs start with the chapter number), prompts in file order. */
export function flattenPrompts(entries: readonly RecallEntry[]): ChapterPrompt[] {
  return [...entries]
    .sort((x, y) => x.id.localeCompare(y.id))
    .flatMap((e) => e.data.prompts.map((p) => ({ ...p, chapter: e.id })));
}

/** "03-circuit-formation" → "Circuit formation": a fallback title while a chapter has no MDX file yet. */
export function titleFromSlug(slug: string): string {
  const words = slug.replace(/^\d+-/, '').replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
