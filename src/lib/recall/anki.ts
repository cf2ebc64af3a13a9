/**
 * All prompts as a CSV file that Anki (2.1.55+) imports without any dialog fiddling: the header lines tell it the
 * separator, the columns, which column holds tags and which holds a stable GUID. The GUID is the prompt id, so
 * importing a newer export updates the reader's existing notes instead of duplicating them.
 *
 *   #separator:Comma / #html:false / #notetype:Basic / #deck:... / #columns:Front,Back,Tags,GUID
 *   #tags column:3 / #guid column:4
 *   "front","back","tags","guid"    one row a prompt (RFC 4180 quoting; newlines stay inside quoted fields)
 *
 * Tags are space-separated in Anki; each prompt gets a namespaced deck tag, its chapter and its own tags.
 */
import type { ChapterPrompt } from './schema.ts';
import { promptSides } from './text.ts';

export const ANKI_DECK = 'Grokking, Gradually';
export const ANKI_TAG = 'grokking-gradually';

/** RFC 4180 field: always quoted, quotes doubled. */
export const csvField = (s: string): string => `"${s.replace(/"/g, '""')}"`;

export function ankiTags(p: ChapterPrompt): string {
  return [ANKI_TAG, `${ANKI_TAG}::${p.chapter}`, ...p.tags.map((t) => `${ANKI_TAG}::${t}`)].join(' ');
}

export function ankiCsv(prompts: readonly ChapterPrompt[]): string {
  const header = [
    '#separator:Comma',
    '#html:false',
    '#notetype:Basic',
    `#deck:${ANKI_DECK}`,
    '#columns:Front,Back,Tags,GUID',
    '#tags column:3',
    '#guid column:4',
  ];
  const rows = prompts.map((p) => {
    const { front, back } = promptSides(p);
    return [front, back, ankiTags(p), `${ANKI_TAG}-${p.id}`].map(csvField).join(',');
  });
  return [...header, ...rows].join('\r\n') + '\r\n';
}
