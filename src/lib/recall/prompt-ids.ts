/**
 * Every recall prompt's id, in the order of flattenPrompts, read from the JSON files in content/recall with
 * Vite's import.meta.glob rather than through astro:content. For the header's due-count badge, which is on
 * every page: a component on every page that imports astro:content makes Astro put the styles of every
 * chapter's components on every page (36 kB of inline CSS on the 404 page, 2026-12-05). The recall
 * collection (src/content.config.ts) validates the same files when the chapters are built.
 */
import { flattenPrompts, type RecallEntry } from './prompts';

const files = import.meta.glob<RecallEntry['data']>('../../../content/recall/*.json', { eager: true, import: 'default' });

export function allPromptIds(): string[] {
  const entries = Object.entries(files).map(([path, data]) => ({ id: path.slice(path.lastIndexOf('/') + 1, -'.json'.length), data }));
  return flattenPrompts(entries).map((p) => p.id);
}
