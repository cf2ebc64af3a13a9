// Binds a figure's state to the address bar, in one line inside a widget's <script>:
//
//   const fig = useFigureState('clock');          // state lives here: fig.state.a …
//   useFigureState('clock', clock);               // or: sync the same-named fields of
//                                                          // the widget's own runes object
//
// - Server render and first client render use the start state (registry defaults, overridden by
//   the target's initial values, i.e. the widget's props), so hydration matches; after mount the
//   state is read from the address. Fields it cannot read keep their start value; ShareNotice
//   (mounted by Figure.astro and the embed page) tells the reader, from initialNotices().
// - Every change is written back with history.replaceState, at most once per THROTTLE_MS
//   (trailing edge), so dragging a slider does not flood the history. `fig.commit()` pushes a
//   history entry instead, for deliberate actions (e.g. selecting a cell); Back restores it
//   (the state is re-read on popstate).
// - Only this figure's `<id>.*` parameters are touched; the hash and other parameters stay.
// - The figure element (#fig-<id>) gets data-hide-controls / data-hide-caption when the state
//   says so; elements marked `data-figure-controls` inside it are then hidden by CSS.
//
// Must be called during component initialisation (it creates effects).

import { tick, untrack } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import { replaceState as mergeState, readState } from './links';
import type { Notice } from './notices';
import { figures, type FigureEntry, type FigureId, type FigureState } from './registry';
import { startState } from './codec';
import { sameValue } from './schema';

export const THROTTLE_MS = 250;

type Values = Record<string, unknown>;

/** The entry with its schema widened: code here is generic over every figure. */
function entryOf(id: FigureId): FigureEntry {
  return figures[id] as FigureEntry;
}

/** The address as the page was opened, before any figure rewrote it (module code runs once per page). */
const initialQuery = typeof location === 'undefined' ? '' : location.search;

/** Notices from the address the page was opened with (safe text; see notices.ts). */
export function initialNotices(id: FigureId): Notice[] {
  return readState(entryOf(id), initialQuery).notices;
}

export class FigureUrlState<Id extends FigureId> {
  readonly id: Id;
  state: FigureState<Id>;
  /** The instance's start state (links written relative to it and to the registry defaults). */
  readonly baseline: FigureState<Id>;
  #target: Record<string, unknown> | undefined;
  /** Schema fields the target object has (synced both ways). */
  #keys: string[];
  #ready = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastWrite = 0;

  constructor(id: Id, target?: object) {
    this.id = id;
    const schema = entryOf(id).schema;
    this.#target = target as Values | undefined;
    this.#keys = target ? Object.keys(schema).filter((k) => k in target) : [];
    const initial: Values = {};
    for (const k of this.#keys) initial[k] = $state.snapshot(this.#target![k]);
    this.baseline = startState(schema, initial as never) as FigureState<Id>;
    this.state = $state(startState(schema, initial as never) as FigureState<Id>);

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

    if (this.#target) {
      // The widget's own object changed (drag, slider…): mirror it into `state`.
      $effect(() => {
        const target = this.#target!;
        const values = this.#keys.map((k) => $state.snapshot(target[k]));
        untrack(() => {
          const own = this.state as Values;
          this.#keys.forEach((k, i) => {
            if (!sameValue(schema[k], values[i], own[k])) own[k] = values[i];
          });
        });
      });
    }

    $effect(() => {
      const snapshot = $state.snapshot(this.state) as Values; // tracks every field, deeply
      if (!this.#ready) return;
      this.#applyPresentation(snapshot.controls !== false, snapshot.caption !== false);
      untrack(() => this.#schedule());
    });
  }

  /**
   * Pushes the current state as a new history entry (Back returns to the previous one). Called right after
   * a widget changes its own fields, so it waits one tick for those changes to reach this state (a push
   * made before would record the old state, and the new one would then replace it: no entry for Back).
   */
  commit(): Promise<void> {
    return tick().then(() => {
      this.#cancel();
      const url = this.#url();
      if (url !== null) history.pushState(history.state, '', url);
    });
  }

  /** Writes any pending change now (the Share menu calls this before reading the address). */
  flush(): void {
    if (this.#timer === undefined) return;
    this.#cancel();
    this.#write();
  }

  /** Back to the start state (and the address with it). */
  reset(): void {
    this.#apply($state.snapshot(this.baseline) as Values);
  }

  #read(): void {
    this.#apply(readState(entryOf(this.id), location.search, this.baseline as Values as never).state);
    this.#ready = true;
  }

  #apply(values: Values): void {
    Object.assign(this.state, values);
    const target = this.#target;
    if (!target) return;
    const schema = entryOf(this.id).schema;
    for (const k of this.#keys) if (!sameValue(schema[k], values[k], target[k])) target[k] = values[k];
  }

  #url(): string | null {
    const query = mergeState(entryOf(this.id), location.search, $state.snapshot(this.state) as never, this.baseline as never);
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

/**
 * Binds figure `id`'s state to the address. With `target` (the widget's own runes object), the
 * schema fields that object has are synced both ways, and its initial values are the start state.
 */
export function useFigureState<Id extends FigureId>(id: Id, target?: object): FigureUrlState<Id> {
  return new FigureUrlState(id, target);
}

/**
 * The current state of figure `id` and its start state: live if its widget uses useFigureState,
 * else read from the address (a widget without URL state shares its defaults).
 */
export function currentState<Id extends FigureId>(id: Id): { state: FigureState<Id>; baseline?: FigureState<Id> } {
  const running = live.get(id);
  if (running) {
    running.flush();
    return { state: $state.snapshot(running.state) as FigureState<Id>, baseline: $state.snapshot(running.baseline) as FigureState<Id> };
  }
  const query = typeof location === 'undefined' ? '' : location.search;
  return { state: readState(entryOf(id), query).state as FigureState<Id> };
}
