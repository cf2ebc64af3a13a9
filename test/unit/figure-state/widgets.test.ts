import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtFigures, widgetLoader } from '../../../src/lib/figure-state/widgets';
import { figures } from '../../../src/lib/figure-state/registry';

describe('built figures', () => {
  it('are exactly the registry entries whose widget file exists', () => {
    const files = new Set(readdirSync('src/widgets').filter((f) => f.endsWith('.svelte')));
    const expected = Object.values(figures).filter((e) => files.has(`${e.widget}.svelte`)).map((e) => e.id);
    expect(builtFigures().map((e) => e.id)).toEqual(expected);
    expect(widgetLoader({ widget: 'NoSuchWidget' })).toBeUndefined();
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
