import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtFigures, widgetLoader, widgetPaths } from '../../../src/pages/figures/_widgets';
import { figures } from '../../../src/lib/figure-state/registry';

describe('built figures', () => {
  it('are exactly the registry entries whose widget file exists, anywhere under src/widgets', () => {
    const files = new Set(readdirSync('src/widgets', { recursive: true }).map(String).filter((f) => f.endsWith('.svelte')).map((f) => f.slice(f.lastIndexOf('/') + 1)));
    const expected = Object.values(figures).filter((e) => files.has(`${e.widget}.svelte`)).map((e) => e.id);
    expect(builtFigures().map((e) => e.id)).toEqual(expected);
    expect(widgetLoader({ widget: 'NoSuchWidget' })).toBeUndefined();
  });

  it('each name one component: no two files under src/widgets share a name', () => {
    for (const [name, paths] of Object.entries(widgetPaths)) expect(paths, name).toHaveLength(1);
  });
});

describe('registry chapters', () => {
  it('name chapters that exist (content/chapters/*.mdx, or content/recall/*.json before the prose lands)', () => {
    const slugs = new Set<string>();
    for (const dir of ['content/chapters', 'content/recall']) {
      for (const f of readdirSync(dir)) slugs.add(f.replace(/\.(mdx|json)$/, ''));
    }
    for (const entry of Object.values(figures)) expect(slugs, entry.id).toContain(entry.chapter);
  });
});
