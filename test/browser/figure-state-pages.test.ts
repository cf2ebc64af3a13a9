// The built pages of issue 8, read from the build output: every chapter and every embed page
// names its own Open Graph image, which exists as a 1200×630 PNG (a figure's, its own); the gallery lists
// exactly the built figures, each with its stills as thumbnails and links; embed pages carry no site chrome.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { builtFigures } from '../../src/pages/figures/_widgets';
import { listPages, siteDir } from './harness';

const pages = listPages();
const html = (path: string) => readFileSync(join(siteDir(), path.endsWith('/') ? `${path}index.html` : path), 'utf8');
const meta = (doc: string, property: string) => new RegExp(`<meta property="${property}" content="([^"]+)"`).exec(doc)?.[1];

async function expectCard(url: string): Promise<void> {
  const file = join(siteDir(), new URL(url, 'http://localhost/').pathname); // absolute with SITE_URL, root-relative without
  expect(existsSync(file), file).toBe(true);
  const info = await sharp(readFileSync(file)).metadata();
  expect([info.format, info.width, info.height]).toEqual(['png', 1200, 630]);
}

describe('Open Graph images', () => {
  const chapters = pages.filter((p) => /^\/chapters\/[^/]+\/$/.test(p));
  it('exist for every chapter and every built figure, and the pages point at them', async () => {
    expect(chapters.length).toBeGreaterThan(0);
    for (const path of chapters) {
      const image = meta(html(path), 'og:image');
      expect(image, path).toMatch(new RegExp(`/og/chapters/${path.split('/')[2]}\\.png$`));
      await expectCard(image!);
    }
    const figureCards = new Set<string>();
    for (const f of builtFigures()) {
      const image = meta(html(`/figures/${f.id}/`), 'og:image');
      expect(image).toMatch(new RegExp(`/og/figures/${f.id}\\.png$`));
      await expectCard(image!);
      figureCards.add(readFileSync(join(siteDir(), new URL(image!, 'http://localhost/').pathname)).toString('base64'));
    }
    // Each shows its own figure's still (test/unit/figure-state/stills.test.ts checks the picture), so no two are alike.
    expect(figureCards.size).toBe(builtFigures().length);
    await expectCard(meta(html('/'), 'og:image')!);
  });
});

describe('the gallery and embed pages', () => {
  it('the gallery lists exactly the built figures, with thumbnails and both links', () => {
    const doc = html('/figures/');
    const listed = [...doc.matchAll(/data-gallery-figure="([^"]+)"/g)].map((m) => m[1]);
    expect(listed).toEqual(builtFigures().map((f) => f.id));
    for (const f of builtFigures()) {
      expect(doc).toContain(`src="/stills/${f.id}.light.webp"`);
      expect(doc).toContain(`src="/stills/${f.id}.dark.webp"`);
      expect(existsSync(join(siteDir(), 'stills', `${f.id}.light.webp`))).toBe(true);
      expect(doc).toContain(`href="/figures/${f.id}/"`);
      expect(doc).toContain(`/chapters/${f.chapter}/#fig-${f.id}`);
    }
  });

  it('every built figure has an embed page without site chrome, linking back to the essay', () => {
    for (const f of builtFigures()) {
      const doc = html(`/figures/${f.id}/`);
      expect(doc).toContain(`data-embed="${f.id}"`);
      expect(doc).not.toContain('skip-link');
      // No site or chapter header (a figure's own panels, e.g. the neuron heatmaps' still, may have <header>s).
      expect(doc).not.toMatch(/class="(site-header|chapter-head)\b/);
      expect(doc).toMatch(new RegExp(`<link rel="canonical" href="(https?://[^"]+)?/chapters/${f.chapter}/#fig-${f.id}"`));
      expect(doc).toMatch(new RegExp(`href="/chapters/${f.chapter}/#fig-${f.id}"[^>]*target="_blank"`));
    }
    expect(pages.filter((p) => /^\/figures\/[^/]+\/$/.test(p)).sort()).toEqual(builtFigures().map((f) => `/figures/${f.id}/`).sort());
  });
});

describe('the site address', () => {
  it('no page prints a placeholder domain, and without SITE_URL the citation has no URL', () => {
    for (const path of pages) expect(html(path), path).not.toMatch(/grokking-gradually\.example/);
    const appendix = html('/chapters/99-appendix/');
    expect(appendix).toContain('@misc{grokking-gradually,');
    if (!process.env.SITE_URL) expect(appendix).not.toContain('howpublished');
  });
});
