// Every file under a folder, recursively, in a stable (sorted) order: the one file walker of the build
// integrations, scripts and tests that read a built site or the sources.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface ListOptions {
  /** Only files whose name matches. */
  match?: RegExp;
  /** Folder names not to enter (e.g. node_modules, pagefind). */
  skip?: readonly string[];
}

export function listFiles(dir: string, { match, skip = [] }: ListOptions = {}): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    .flatMap((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return skip.includes(e.name) ? [] : listFiles(p, { match, skip });
      return e.isFile() && (!match || match.test(e.name)) ? [p] : [];
    });
}
