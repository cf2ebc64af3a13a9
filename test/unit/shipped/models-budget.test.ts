// models/ is shipped in the repository and copied into the site: it stays within its budget of 80 MB in
// all (the issue that made the paper's setup the main run set it), and every run folder has a manifest.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const MODELS = resolve(import.meta.dirname, '../../../models');

function bytesUnder(dir: string): number {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const st = statSync(full);
    n += st.isDirectory() ? bytesUnder(full) : st.size;
  }
  return n;
}

describe('models/', () => {
  it('takes at most 80 MB in all', () => {
    expect(bytesUnder(MODELS) / 1e6).toBeLessThanOrEqual(80);
  });

  it('holds a manifest in every run folder', () => {
    for (const name of readdirSync(MODELS)) {
      if (!statSync(join(MODELS, name)).isDirectory()) continue;
      expect(readdirSync(join(MODELS, name)), name).toContain('manifest.json');
    }
  });
});
