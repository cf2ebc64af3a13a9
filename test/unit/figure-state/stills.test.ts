// The stills (src/lib/figure-state/stills.ts, made by `npm run stills`): every built figure has one per
// theme, at the declared size, no two alike, none for a figure that is not built, and all of them together
// stay small. Each figure's Open Graph image (og-figure.node.ts) is 1200×630 and shows that still.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { builtFigures } from '../../../src/pages/figures/_widgets';
import { OG_HEIGHT, OG_WIDTH, STILL_BOX } from '../../../src/lib/figure-state/og-card';
import { figureCardPng, framedStill } from '../../../src/lib/figure-state/og-figure.node.ts';
import { STILL_HEIGHT, STILL_THEMES, STILL_WIDTH, stillFileName, stillPath } from '../../../src/lib/figure-state/stills';
import { hasStill, stillFile, stillsDir } from '../../../src/lib/figure-state/stills.node.ts';

const built = builtFigures();
/** All stills together, in bytes: the repository carries them. */
const BUDGET = 1.5 * 1024 * 1024;

describe('figure stills', () => {
  it('exist for every built figure in both themes, as 960×600 WebP', async () => {
    expect(built.length).toBeGreaterThan(10);
    const missing = built.flatMap((f) => STILL_THEMES.filter((t) => !hasStill(f.id, t)).map((t) => stillFileName(f.id, t)));
    expect(missing, 'run `npm run build && npm run stills`').toEqual([]);
    for (const f of built) {
      for (const t of STILL_THEMES) {
        const meta = await sharp(stillFile(f.id, t)).metadata();
        expect([meta.format, meta.width, meta.height], stillFileName(f.id, t)).toEqual(['webp', STILL_WIDTH, STILL_HEIGHT]);
      }
    }
  });

  it('are all different, dark ones darker than light ones, none left for an unbuilt figure, within the size budget', async () => {
    const files = readdirSync(stillsDir());
    const expected = built.flatMap((f) => STILL_THEMES.map((t) => stillFileName(f.id, t)));
    expect(files.sort()).toEqual([...expected].sort());
    const hashes = new Set(files.map((name) => createHash('sha256').update(readFileSync(join(stillsDir(), name))).digest('hex')));
    expect(hashes.size).toBe(files.length);
    for (const f of built) {
      const [light, dark] = await Promise.all(STILL_THEMES.map(async (t) => (await sharp(stillFile(f.id, t)).stats()).channels[0].mean));
      expect(light, f.id).toBeGreaterThan(dark + 60);
    }
    const total = files.reduce((sum, name) => sum + statSync(join(stillsDir(), name)).size, 0);
    expect(total).toBeLessThan(BUDGET);
  });

  it('have URLs under the site base', () => {
    expect(stillPath('clock', 'light')).toBe('/stills/clock.light.webp');
    expect(stillPath('clock', 'dark', '/essay')).toBe('/essay/stills/clock.dark.webp');
    expect(stillPath('pairs-grid', 'dark', '/essay/')).toBe('/essay/stills/pairs-grid.dark.webp');
  });
});

describe("a figure's Open Graph image", () => {
  it('is 1200×630 and shows the figure’s own still, different for each figure', async () => {
    const seen = new Set<string>();
    for (const f of built) {
      const png = await figureCardPng(f.id, { kicker: 'Interactive figure · Chapter', title: f.title });
      const meta = await sharp(png).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', OG_WIDTH, OG_HEIGHT]);
      // The still's box in the card holds exactly the framed still (away from the rounded corners).
      const inset = { left: STILL_BOX.x + 20, top: STILL_BOX.y + 20, width: STILL_BOX.width - 40, height: STILL_BOX.height - 40 };
      const region = await sharp(png).extract(inset).removeAlpha().raw().toBuffer();
      const still = await sharp(await framedStill(f.id)).extract({ ...inset, left: 20, top: 20 }).removeAlpha().raw().toBuffer();
      expect(region.equals(still), f.id).toBe(true);
      seen.add(createHash('sha256').update(region).digest('hex'));
    }
    expect(seen.size).toBe(built.length);
  });
});
