// Addresses of a figure in a given state: its place in the essay, and its embed page.
//
//   essay:  <origin><base>chapters/<chapter>/?<id>.<field>=<value>&…#fig-<id>
//   embed:  <origin><base>figures/<id>/?<id>.<field>=<value>&…[&theme=dark]
//
// Both use the same prefixed parameters, so a query copied from one works on the other.
// `base` is Astro's BASE_URL ("/" or "/sub/"); pure functions so Node tests can call them.

import { mergeQuery, parse, toQuery, write, type ParseResult } from './codec';
import type { FigureEntry } from './registry';
import type { Schema, StateOf } from './schema';
import type { Theme } from './presentation';

function joinBase(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path}`;
}

export function essayPath(entry: Pick<FigureEntry, 'chapter'>, base = '/'): string {
  return joinBase(base, `chapters/${entry.chapter}/`);
}

export function embedPath(entry: Pick<FigureEntry, 'id'>, base = '/'): string {
  return joinBase(base, `figures/${entry.id}/`);
}

export function anchor(entry: Pick<FigureEntry, 'id'>): string {
  return `#fig-${entry.id}`;
}

/** The figure's query parameters for `state` (only non-default fields), e.g. "?clock.a=3". */
export function stateQuery<S extends Schema>(
  entry: FigureEntry<S>,
  state: Partial<StateOf<FigureEntry<S>['schema']>>,
  baseline?: Partial<StateOf<FigureEntry<S>['schema']>>,
): string {
  return toQuery(write(entry.id, entry.schema, state, baseline));
}

export function figureLink<S extends Schema>(
  entry: FigureEntry<S>,
  state: Partial<StateOf<FigureEntry<S>['schema']>>,
  origin: string,
  base = '/',
  baseline?: Partial<StateOf<FigureEntry<S>['schema']>>,
): string {
  return `${origin}${essayPath(entry, base)}${stateQuery(entry, state, baseline)}${anchor(entry)}`;
}

export function embedLink<S extends Schema>(
  entry: FigureEntry<S>,
  state: Partial<StateOf<FigureEntry<S>['schema']>>,
  origin: string,
  base = '/',
  theme: Theme = 'auto',
  baseline?: Partial<StateOf<FigureEntry<S>['schema']>>,
): string {
  const pairs = write(entry.id, entry.schema, state, baseline);
  if (theme !== 'auto') pairs.push(['theme', theme]);
  return `${origin}${embedPath(entry, base)}${toQuery(pairs)}`;
}

/** Reads the figure's state from a query (never throws; see codec.parse). */
export function readState<S extends Schema>(
  entry: FigureEntry<S>,
  query: URLSearchParams | string,
  baseline?: Partial<StateOf<FigureEntry<S>['schema']>>,
): ParseResult<FigureEntry<S>['schema']> {
  return parse(entry.id, entry.schema, query, baseline);
}

/** The current page's query with this figure's parameters replaced by `state`'s. */
export function replaceState<S extends Schema>(
  entry: FigureEntry<S>,
  query: string,
  state: Partial<StateOf<FigureEntry<S>['schema']>>,
  baseline?: Partial<StateOf<FigureEntry<S>['schema']>>,
): string {
  return mergeQuery(query, entry.id, write(entry.id, entry.schema, state, baseline));
}
