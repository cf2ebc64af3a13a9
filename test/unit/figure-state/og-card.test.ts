import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cardSvg, ogImagePath, OG_HEIGHT, OG_WIDTH, wrap } from '../../../src/lib/figure-state/og-card';

describe('Open Graph cards', () => {
  it('render to a 1200×630 PNG, with markup in titles escaped', async () => {
    const svg = cardSvg({ kicker: 'Chapter 1', title: 'Memorization <script>&', subtitle: 'A "quoted" summary & more.' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('Memorization &lt;script&gt;&amp;');
    const png = await sharp(Buffer.from(cardSvg({ kicker: 'k', title: 't', subtitle: 's' }))).png().toBuffer();
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([OG_WIDTH, OG_HEIGHT, 'png']);
  });

  it('wraps long text and cuts it with an ellipsis', () => {
    const lines = wrap('one two three four five six seven eight nine ten', 10, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1].endsWith('…')).toBe(true);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(11);
  });

  it('maps page paths to their cards', () => {
    expect(ogImagePath('/chapters/02-algorithm/')).toBe('og/chapters/02-algorithm.png');
    expect(ogImagePath('figures/clock/')).toBe('og/figures/clock.png');
    expect(ogImagePath('/figures/')).toBe('og/site.png');
    expect(ogImagePath('/')).toBe('og/site.png');
  });
});
