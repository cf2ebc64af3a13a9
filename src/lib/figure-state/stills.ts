// Stills: one image per built figure in its default state, light and dark, shown by the gallery's
// cards and inside the figure's Open Graph image (src/pages/og/[...slug].png.ts). They are screenshots
// of the real figure, taken by `npm run stills` (scripts/stills.ts) from the built embed pages and
// committed under public/stills/, so the build itself needs no browser. Regenerate them after a
// figure's look or its data changes (the README's "Stills" section says how).
//
// Pure paths, no Node: the gallery, the OG route and (later) the assignment handout share them.

/** A still's size in pixels: 16:10, sharp at twice the gallery card's width. */
export const STILL_WIDTH = 960;
export const STILL_HEIGHT = 600;

export type StillTheme = 'light' | 'dark';
export const STILL_THEMES: readonly StillTheme[] = ['light', 'dark'];

/** The still's file name under public/stills/. */
export function stillFileName(id: string, theme: StillTheme): string {
  return `${id}.${theme}.webp`;
}

/** The still's URL path under the site's base ("/" or "/sub/"): e.g. /stills/clock.light.webp. */
export function stillPath(id: string, theme: StillTheme, base = '/'): string {
  return `${base.replace(/\/?$/, '/')}stills/${stillFileName(id, theme)}`;
}
