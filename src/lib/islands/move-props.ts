// Moves the serialized props of `client:deferred` islands out of a built page into files of their own.
//
// Astro writes an island's props into its <astro-island props="…"> attribute: the whole data of a figure
// (a pairs grid's 85 correctness bitsets, a Fourier spectrum's every checkpoint) sits in the HTML a reader
// downloads before reading a word. For an island hydrated with the `deferred` directive (./deferred.ts),
// this moves that attribute's value into a JSON file named after its hash and leaves its address in
// data-props-src; the directive fetches it when the figure scrolls near, and then hydrates as usual. The
// server-rendered figure stays in the page, so the page reads and prints the same without JavaScript.
// Pure: page text in, page text and files out (integration.node.ts writes them).
import { createHash } from 'node:crypto';

/** One props file: its address (under `dir`) and its text (the JSON Astro's islands parse). */
export interface PropsFile {
  url: string;
  text: string;
}

const ISLAND = /<astro-island\b[^>]*>/g;
const ATTR = (name: string) => new RegExp(`\\s${name}="([^"]*)"`);

/** Astro escapes attribute values with &amp; &lt; &gt; &quot; &#39; (html-escaper); this undoes it. */
export function unescapeAttribute(value: string): string {
  return value.replace(/&(quot|#39|lt|gt|amp);/g, (_, e: string) => ({ quot: '"', '#39': "'", lt: '<', gt: '>', amp: '&' })[e]!);
}

/** The props file's address: `dir` (ending in /) + a hash of the text, so a changed figure is a new file. */
export function propsUrl(dir: string, text: string): string {
  return `${dir}${createHash('sha256').update(text).digest('hex').slice(0, 16)}.json`;
}

/**
 * Rewrites every `client="deferred"` island of `html`: its props attribute becomes data-props-src, the
 * address of a file in `dir` holding the same JSON. Islands of other directives are left as they are.
 */
export function moveIslandProps(html: string, dir: string): { html: string; files: PropsFile[] } {
  const files: PropsFile[] = [];
  const out = html.replace(ISLAND, (tag) => {
    if (ATTR('client').exec(tag)?.[1] !== 'deferred') return tag;
    const props = ATTR('props').exec(tag);
    if (!props) return tag;
    const text = unescapeAttribute(props[1]);
    JSON.parse(text); // fail the build, not the reader, on props that are not JSON
    const url = propsUrl(dir, text);
    if (!files.some((f) => f.url === url)) files.push({ url, text });
    return tag.replace(props[0], ` data-props-src="${url}"`);
  });
  return { html: out, files };
}
