// Which registered figures have a widget: a figure is "built" when src/widgets/<widget>.svelte
// exists. Resolved with Vite's import.meta.glob, so this module runs in Astro pages, Svelte
// components and Vitest, but not under plain tsx/Node (the registry itself has no such limit).
//
// The loaders are lazy: each widget becomes its own chunk, fetched only by the embed page
// that shows it.

import type { Component } from 'svelte';
import { figures, type FigureEntry } from './registry';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- widgets have different props
export type WidgetModule = { default: Component<any> };

const loaders = import.meta.glob<WidgetModule>('/src/widgets/*.svelte');

export function widgetLoader(entry: Pick<FigureEntry, 'widget'>): (() => Promise<WidgetModule>) | undefined {
  return loaders[`/src/widgets/${entry.widget}.svelte`];
}

/** Figures whose widget exists, in registry order (the gallery's and the embed pages' list). */
export function builtFigures(): FigureEntry[] {
  return Object.values(figures as Record<string, FigureEntry>).filter((e) => widgetLoader(e) !== undefined);
}
