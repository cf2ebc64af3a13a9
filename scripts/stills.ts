// npm run stills [-- <figure-id> ...]     (after `npm run build`; SITE_DIR=<dir> to use another build)
//
// Writes the stills of the built figures (src/lib/figure-state/stills.ts). For each figure the built gallery
// lists, light and dark (?theme=): opens its embed page /figures/<id>/ in headless Chromium in the default
// state with the caption hidden (?<id>.caption=0); waits until the figure has mounted and finished its live
// work (checkpoints downloaded, the model run); hides the link under it and the status lines that describe
// this machine rather than the figure ("Ran live in 653 ms"); screenshots the figure at twice its CSS size;
// and frames it as a 960×600 WebP in public/stills/<id>.<theme>.webp: scaled to 960 px wide, then cut at
// 600 px from the top, or centred on the page background when shorter. Figure ids as arguments redo only those.
//
// The stills are committed: the build and `npm start` use them and need no browser. Rerun this after a
// figure's look or its data changes; test/unit/figure-state/stills.test.ts fails while a built figure
// has none.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { launch } from './chromium';
import { serveDir } from './serve';
import { getFigure } from '../src/lib/figure-state/registry';
import { STILL_HEIGHT, STILL_THEMES, STILL_WIDTH, stillFileName, type StillTheme } from '../src/lib/figure-state/stills';
import { stillsDir } from '../src/lib/figure-state/stills.node.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SITE = resolve(ROOT, process.env.SITE_DIR ?? 'dist');
const SCALE = 2;
/** CSS pixels of page background kept around the figure. */
const MARGIN = 12;
/** The page background of each theme (src/styles/tokens.css --bg), for short figures' margins. */
const BG: Record<StillTheme, string> = { light: '#fdfcf9', dark: '#141619' };

/** The figures of the built gallery, in its order. */
function galleryIds(): string[] {
  const gallery = join(SITE, 'figures', 'index.html');
  if (!existsSync(gallery)) throw new Error(`${gallery} not found: run \`npm run build\` first (or set SITE_DIR to a built site)`);
  return [...readFileSync(gallery, 'utf8').matchAll(/data-gallery-figure="([^"]+)"/g)].map((m) => m[1]);
}

/** Until the figure has hydrated, no live query is loading or running, and its markup has stopped changing. */
async function settled(page: Page, id: string): Promise<void> {
  const fig = `#fig-${id}`;
  await page.waitForLoadState('networkidle', { timeout: 120_000 }).catch(() => undefined);
  // The widget mounts in the browser only: the page's host says "Loading the figure…" (a .host-message)
  // until it has, or shows an alert if it cannot. The wait for stable markup below covers the mounting itself.
  await page.waitForFunction((sel) => !document.querySelector(`${sel} .host-message:not([role="alert"])`), fig, { timeout: 60_000, polling: 250 });
  if (await page.locator(`${fig} .host-message[role="alert"]`).count()) throw new Error(`${id}: the figure could not be loaded`);
  await page.waitForFunction(
    (sel) => !document.querySelector(`${sel} [data-status="loading"], ${sel} [data-status="running"], ${sel} [aria-busy="true"]`),
    fig,
    { timeout: 180_000, polling: 250 },
  );
  // Stable markup and size for 1.5 s: live figures fill in results after their status line says done.
  let last = '';
  let stableSince = Date.now();
  const started = Date.now();
  while (Date.now() - stableSince < 1500) {
    if (Date.now() - started > 120_000) throw new Error(`${id}: the figure kept changing for 2 minutes`);
    await page.waitForTimeout(250);
    const now = await page.evaluate((sel) => {
      const el = document.querySelector(sel);
      const r = el?.getBoundingClientRect();
      return `${r?.width}x${r?.height}:${el?.innerHTML.length}:${el?.innerHTML}`;
    }, fig);
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    }
  }
}

/** 960 px wide, then cut to 600 px from the top, or centred on the background when shorter. */
async function frame(png: Buffer, theme: StillTheme): Promise<Buffer> {
  const scaled = await sharp(png).resize({ width: STILL_WIDTH, kernel: 'lanczos3' }).png().toBuffer({ resolveWithObject: true });
  const h = scaled.info.height;
  const framed =
    h >= STILL_HEIGHT
      ? sharp(scaled.data).extract({ left: 0, top: 0, width: STILL_WIDTH, height: STILL_HEIGHT })
      : sharp(scaled.data).extend({ top: Math.floor((STILL_HEIGHT - h) / 2), bottom: Math.ceil((STILL_HEIGHT - h) / 2), background: BG[theme] });
  return framed.webp({ quality: 78, effort: 6, smartSubsample: true }).toBuffer();
}

async function main(): Promise<void> {
  const built = galleryIds();
  const asked = process.argv.slice(2);
  const unknown = asked.filter((id) => !built.includes(id));
  if (unknown.length) throw new Error(`not a built figure: ${unknown.join(', ')} (built: ${built.join(', ')})`);
  const ids = asked.length ? asked : built;
  const out = stillsDir(ROOT);
  mkdirSync(out, { recursive: true });
  const served = await serveDir(SITE);
  const browser = await launch();
  try {
    for (const id of ids) {
      const entry = getFigure(id);
      if (!entry) throw new Error(`${id} is in the gallery but not in the registry`);
      for (const theme of STILL_THEMES) {
        const context = await browser.newContext({
          viewport: { width: entry.embed.width, height: entry.embed.height },
          deviceScaleFactor: SCALE,
          colorScheme: theme,
          reducedMotion: 'reduce',
        });
        try {
          const page = await context.newPage();
          const errors: string[] = [];
          page.on('pageerror', (e) => errors.push(e.message));
          await page.goto(`${served.url}/figures/${id}/?theme=${theme}&${id}.caption=0`, { waitUntil: 'load', timeout: 120_000 });
          await settled(page, id);
          // Out of the picture: the link back to the essay under the figure (the margin would catch its top), and
          // the status lines that describe this machine rather than the figure ("Ran live in 653 ms (WebAssembly)",
          // "Ready on WebGPU"). Hidden, not removed, so the figure keeps its layout.
          await page.addStyleTag({ content: '.embed__caption, .live-status, [data-status-text] { visibility: hidden !important; }' });
          if (errors.length) throw new Error(`${id} (${theme}): ${errors.join('; ')}`);
          // The figure, with a margin of page background.
          const box = await page.locator(`#fig-${id} .embed__live`).boundingBox();
          if (!box) throw new Error(`${id} (${theme}): the figure is not shown`);
          const m = MARGIN;
          const clip = { x: Math.max(0, box.x - m), y: Math.max(0, box.y - m), width: box.width + 2 * m, height: box.height + 2 * m };
          const shot = await page.screenshot({ clip, fullPage: true, animations: 'disabled', timeout: 60_000 });
          const webp = await frame(shot, theme);
          writeFileSync(join(out, stillFileName(id, theme)), webp);
          console.log(`${stillFileName(id, theme)}  ${(webp.length / 1024).toFixed(1)} KiB`);
        } finally {
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    await served.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
