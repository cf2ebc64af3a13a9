// Which registered figures have a widget, and how to load it: a figure is "built" when a component
// named <widget>.svelte exists anywhere under src/widgets/ (widget names are unique across its
// folders; a unit test checks). It lives beside the pages that render the figures, so the URL-state
// library (src/lib/figure-state) knows no widget. Resolved with Vite's import.meta.glob, so this module
// runs in Astro pages, Svelte components and Vitest, but not under plain tsx/Node.
//
// The loaders are lazy: each widget becomes its own chunk, fetched only by the embed page
// that shows it.

import type { Component } from 'svelte';
import { figures, type FigureEntry } from '../../lib/figure-state/registry';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- widgets have different props
export type WidgetModule = { default: Component<any> };

const globbed = import.meta.glob<WidgetModule>('/src/widgets/**/*.svelte');
/** Loaders by component name (the file name without .svelte). */
export const widgetPaths: Record<string, string[]> = {};
const loaders: Record<string, () => Promise<WidgetModule>> = {};
for (const [path, load] of Object.entries(globbed)) {
  const name = path.slice(path.lastIndexOf('/') + 1, -'.svelte'.length);
  (widgetPaths[name] ??= []).push(path);
  loaders[name] = load;
}

export function widgetLoader(entry: Pick<FigureEntry, 'widget'>): (() => Promise<WidgetModule>) | undefined {
  return loaders[entry.widget];
}

/** Figures whose widget exists, in registry order (the gallery's and the embed pages' list). */
export function builtFigures(): FigureEntry[] {
  return Object.values(figures as Record<string, FigureEntry>).filter((e) => widgetLoader(e) !== undefined);
}
