/**
 * Chapter titles for recall pages: from the chapter's frontmatter when its MDX file exists, else from the slug
 * (recall files may be written before their chapter).
 */
import { titleFromSlug } from './prompts.ts';

export interface ChapterInfo {
  slug: string;
  title: string;
  /** Position in the essay; recall files without a chapter sort after, by slug. */
  order: number;
  /** Whether the chapter's page exists (so links to it are not broken). */
  exists: boolean;
}

export function chapterInfos(
  recallSlugs: readonly string[],
  chapters: readonly { id: string; data: { title: string; order: number; draft?: boolean } }[],
): ChapterInfo[] {
  const known = new Map(chapters.map((c) => [c.id, c.data]));
  return recallSlugs
    .map((slug) => {
      const c = known.get(slug);
      return { slug, title: c?.title ?? titleFromSlug(slug), order: c?.order ?? Number.POSITIVE_INFINITY, exists: !!c };
    })
    .sort((x, y) => x.order - y.order || x.slug.localeCompare(y.slug));
}
