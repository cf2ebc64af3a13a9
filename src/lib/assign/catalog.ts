// What the assignment pages know about the site, computed at build time and passed to the page as
// props: the built figures and every recall prompt, with their chapters' titles. Serializable.

import type { ChapterPrompt } from '../recall/schema';

export interface CatalogFigure {
  id: string;
  title: string;
  chapter: string;
  chapterTitle: string;
  /** The iframe height the figure's embed page suggests (registry `embed`). */
  height: number;
  /** Whether a build-time still of its default state exists (src/components/stills). */
  still: boolean;
}

export interface CatalogChapter {
  slug: string;
  title: string;
}

export interface SiteCatalog {
  figures: CatalogFigure[];
  prompts: ChapterPrompt[];
  chapters: CatalogChapter[];
}
