// Ordering of chapters and the neighbours of one; works for any number of chapters.

export interface Ordered {
  id: string;
  data: { order: number; draft?: boolean };
}

/** Sorted by `order`, ties broken by id so the result never depends on file-system order. */
export function sortChapters<T extends Ordered>(chapters: readonly T[]): T[] {
  return [...chapters].sort((a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id));
}

/** Drafts are visible in `astro dev` only. */
export function publishedChapters<T extends Ordered>(chapters: readonly T[], includeDrafts: boolean): T[] {
  return sortChapters(chapters.filter((c) => includeDrafts || !c.data.draft));
}

export function neighbours<T extends Ordered>(sorted: readonly T[], id: string): { prev?: T; next?: T; index: number } {
  const index = sorted.findIndex((c) => c.id === id);
  if (index < 0) throw new Error(`chapter "${id}" is not in the list`);
  return { prev: sorted[index - 1], next: sorted[index + 1], index };
}
