// Binds a figure's state to the address bar, in one line inside a widget's <script>:
//
//   const fig = useFigureState('modular-clock');   // fig.state.a, bind:value={fig.state.a} …
//
// - Server render and first client render use the registry defaults (so hydration matches);
//   after mount the state is read from the address. Fields it cannot read keep their defaults;
//   ShareNotice (mounted by Figure.astro and the embed page) tells the reader, from initialNotices().
// - Every change is written back with history.replaceState, at most once per THROTTLE_MS
//   (trailing edge), so dragging a slider does not flood the history. `fig.commit()` pushes a
//   history entry instead, for deliberate actions (e.g. selecting a cell); Back restores.
// - Only this figure's `<id>.*` parameters are touched; the hash and other parameters stay.
// - The figure element (#fig-<id>) gets data-hide-controls / data-hide-caption when the state
//   says so; elements marked `data-figure-controls` inside it are then hidden by CSS.
//
// Must be called during component initialisation (it creates effects).

import { untrack } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import { replaceState as mergeState, readState } from './links';
import type { Notice } from './notices';
import { figures, type FigureId, type FigureState } from './registry';
import { defaults } from './schema';

export const THROTTLE_MS = 250;

/** The address as the page was opened, before any figure rewrote it (module code runs once per page). */
const initialQuery = typeof location === 'undefined' ? '' : location.search;

/** Notices from the address the page was opened with (safe text; see notices.ts). */
export function initialNotices(id: FigureId): Notice[] {
  return readState(figures[id], initialQuery).notices;
}

export class FigureUrlState<Id extends FigureId> {
  readonly id: Id;
  state: FigureState<Id>;
  #ready = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastWrite = 0;

  constructor(id: Id) {
    this.id = id;
    this.state = $state(defaults(figures[id].schema)) as FigureState<Id>;

    $effect(() => {
      untrack(() => this.#read());
      live.set(id, this as unknown as FigureUrlState<FigureId>);
      const onPop = () => this.#read();
      const onHide = () => this.flush();
      window.addEventListener('popstate', onPop);
      window.addEventListener('pagehide', onHide);
      return () => {
        this.flush();
        window.removeEventListener('popstate', onPop);
        window.removeEventListener('pagehide', onHide);
        if (live.get(id) === (this as unknown)) live.delete(id);
      };
    });

    $effect(() => {
      const snapshot = $state.snapshot(this.state); // tracks every field, deeply
      if (!this.#ready) return;
      this.#applyPresentation(snapshot.controls, snapshot.caption);
      untrack(() => this.#schedule());
    });
  }

  /** Pushes the current state as a new history entry (Back returns to the previous one). */
  commit(): void {
    this.#cancel();
    const url = this.#url();
    if (url !== null) history.pushState(history.state, '', url);
  }

  /** Writes any pending change now (the Share menu calls this before reading the address). */
  flush(): void {
    if (this.#timer === undefined) return;
    this.#cancel();
    this.#write();
  }

  /** Resets to the registry defaults (and the address with it). */
  reset(): void {
    Object.assign(this.state, defaults(figures[this.id].schema));
  }

  #read(): void {
    Object.assign(this.state, readState(figures[this.id], location.search).state);
    this.#ready = true;
  }

  #url(): string | null {
    const query = mergeState(figures[this.id], location.search, $state.snapshot(this.state) as never);
    if (query === location.search) return null;
    return `${location.pathname}${query}${location.hash}`;
  }

  #write(): void {
    this.#lastWrite = Date.now();
    const url = this.#url();
    if (url !== null) history.replaceState(history.state, '', url);
  }

  #schedule(): void {
    if (this.#timer !== undefined) return;
    const wait = Math.max(0, THROTTLE_MS - (Date.now() - this.#lastWrite));
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#write();
    }, wait);
  }

  #cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #applyPresentation(controls: boolean, caption: boolean): void {
    const el = document.getElementById(`fig-${this.id}`);
    el?.toggleAttribute('data-hide-controls', !controls);
    el?.toggleAttribute('data-hide-caption', !caption);
  }
}

/** Live figure states on this page, by id: the Share menu reads the current state from here. */
export const live = new SvelteMap<FigureId, FigureUrlState<FigureId>>();

export function useFigureState<Id extends FigureId>(id: Id): FigureUrlState<Id> {
  return new FigureUrlState(id);
}

/** The current state of figure `id`: live if its widget uses useFigureState, else from the address. */
export function currentState<Id extends FigureId>(id: Id): FigureState<Id> {
  const running = live.get(id);
  if (running) {
    running.flush();
    return $state.snapshot(running.state) as FigureState<Id>;
  }
  return readState(figures[id], typeof location === 'undefined' ? '' : location.search).state as FigureState<Id>;
}
