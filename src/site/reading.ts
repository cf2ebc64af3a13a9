// Reading time from an MDX source: prose words only (no frontmatter, imports, code, math or tags).

/** Reading speed for careful reading of technical prose, in words per minute. */
export const WORDS_PER_MINUTE = 200;
/** Time a reader spends with each interactive figure, in minutes. */
export const MINUTES_PER_FIGURE = 1;

export function proseText(mdxSource: string): string {
  return mdxSource
    .replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n?/, '') // frontmatter
    .replace(/^(import|export)\s.*$/gm, '') // ESM lines
    .replace(/```[\s\S]*?```/g, ' ') // code fences
    .replace(/\$\$[\s\S]*?\$\$/g, ' ') // display math
    .replace(/\$[^$\n]+\$/g, ' x ') // inline math reads as about one word
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, ' ') // MDX comments
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ') // JSX / HTML tags, keeping their text
    .replace(/\[\^[^\]]*\]/g, ' '); // footnote markers
}

export function wordCount(mdxSource: string): number {
  return proseText(mdxSource).match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;
}

export function figureCount(mdxSource: string): number {
  return mdxSource.match(/<Figure\b/g)?.length ?? 0;
}

/** Whole minutes, at least 1. */
export function readingMinutes(mdxSource: string): number {
  const minutes = wordCount(mdxSource) / WORDS_PER_MINUTE + figureCount(mdxSource) * MINUTES_PER_FIGURE;
  return Math.max(1, Math.round(minutes));
}
