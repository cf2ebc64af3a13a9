// Where the stills (see stills.ts) live on disk, for the build (the OG route) and the tests.
// public/ at the repository root; Astro copies it to the site as is.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stillFileName, type StillTheme } from './stills';

export function stillsDir(root = process.cwd()): string {
  return join(root, 'public', 'stills');
}

export function stillFile(id: string, theme: StillTheme, root?: string): string {
  return join(stillsDir(root), stillFileName(id, theme));
}

export function hasStill(id: string, theme: StillTheme, root?: string): boolean {
  return existsSync(stillFile(id, theme, root));
}
