/**
 * The one review store of a page, shared by every Recall card, the review queue and the header badge (Astro
 * islands importing this module share one instance). A plain observable with Svelte's store contract
 * (`subscribe` calls back at once and on every change), so widgets write `$store` and Node tests need no Svelte.
 *
 * The store always works from memory; storage is where it persists, when it can. The `notice` says what went
 * wrong with storage, if anything, in words for the reader, and which repair applies:
 * - corrupt / version: the saved text is unreadable here. Nothing is written until `resetStorage()` (which removes
 *   only this key, then saves what is in memory). `raw` lets the reader download the old text first.
 * - quota / unavailable / error: saving failed; answers live in memory until the page closes. `retry()` tries again.
 * - unreadable: some entries could not be read; they are kept and written back until `removeUnreadable()`.
 */
import { schedule, type CardState, type Grade } from './scheduler.ts';
import { emptyState, mergeStates, type ReviewState } from './state.ts';
import { browserStorage, load, reset, save, STORAGE_KEY, type KeyValueStorage, type SaveResult } from './storage.ts';
import { exportState, parseExport } from './transfer.ts';

export type Notice =
  | { kind: 'corrupt' | 'version'; detail: string; raw: string }
  | { kind: 'quota' | 'unavailable' | 'error'; detail: string }
  | { kind: 'unreadable'; count: number };

export interface Snapshot {
  state: ReviewState;
  notice: Notice | null;
  /** False until the store has read storage (always false during server rendering). */
  ready: boolean;
}

type Listener = (s: Snapshot) => void;

export class RecallStore {
  #snap: Snapshot;
  #listeners = new Set<Listener>();
  /** True while storage holds text we must not overwrite. */
  #blocked = false;

  readonly #storage: KeyValueStorage | null;
  readonly now: () => number;

  constructor(storage: KeyValueStorage | null, now: () => number = () => Date.now(), ready = true) {
    this.#storage = storage;
    this.now = now;
    this.#snap = { state: emptyState(), notice: null, ready: false };
    if (ready) this.reload();
  }

  get snapshot(): Snapshot {
    return this.#snap;
  }

  subscribe(fn: Listener): () => void {
    this.#listeners.add(fn);
    fn(this.#snap);
    return () => this.#listeners.delete(fn);
  }

  /** (Re)reads storage: at start, and when another tab changed it. */
  reload(): void {
    const r = load(this.#storage);
    this.#blocked = r.status === 'corrupt' || r.status === 'version';
    let notice: Notice | null = null;
    if (r.status === 'corrupt' || r.status === 'version') notice = { kind: r.status, detail: r.detail, raw: r.raw };
    else if (r.status === 'unavailable') notice = { kind: 'unavailable', detail: r.detail };
    else notice = unreadableNotice(r.state);
    // Cards graded in memory while storage was unusable are kept over what was read.
    const state = this.#snap.ready ? mergeStates(r.state, this.#snap.state).state : r.state;
    this.#set({ state, notice, ready: true });
  }

  /** Grades a prompt now; returns its new card and whether it was saved. */
  grade(id: string, grade: Grade): { card: CardState; saved: SaveResult } {
    const card = schedule(this.#snap.state.cards[id], grade, this.now());
    const state: ReviewState = {
      cards: { ...this.#snap.state.cards, [id]: card },
      unreadable: omit(this.#snap.state.unreadable, id),
    };
    const saved = this.#persist(state);
    return { card, saved };
  }

  /** Saves again after a failure (quota freed, storage re-enabled). */
  retry(): SaveResult {
    return this.#persist(this.#snap.state);
  }

  /** Removes only this store's key (the broken part), then saves what is in memory. */
  resetStorage(): SaveResult {
    const r = reset(this.#storage);
    if (!r.ok) {
      this.#set({ ...this.#snap, notice: { kind: r.reason, detail: r.detail } });
      return r;
    }
    this.#blocked = false;
    return this.#persist(this.#snap.state);
  }

  /** Drops entries that could not be read. */
  removeUnreadable(): SaveResult {
    return this.#persist({ cards: this.#snap.state.cards, unreadable: {} });
  }

  exportText(): string {
    return exportState(this.#snap.state, this.now());
  }

  /** Merges an exported file into the state. */
  importText(text: string): { ok: true; changed: number; saved: SaveResult } | { ok: false; detail: string } {
    const parsed = parseExport(text);
    if (!parsed.ok) return { ok: false, detail: parsed.detail };
    const { state, changed } = mergeStates(this.#snap.state, parsed.state);
    return { ok: true, changed, saved: this.#persist(state) };
  }

  #persist(state: ReviewState): SaveResult {
    if (this.#blocked) {
      const n = this.#snap.notice;
      this.#set({ ...this.#snap, state });
      return { ok: false, reason: 'error', detail: n && 'detail' in n ? n.detail : 'saved data is unreadable' };
    }
    const r = save(this.#storage, state);
    this.#set({ state, notice: r.ok ? unreadableNotice(state) : { kind: r.reason, detail: r.detail }, ready: true });
    return r;
  }

  #set(s: Snapshot): void {
    this.#snap = s;
    for (const fn of this.#listeners) fn(s);
  }
}

const unreadableNotice = (s: ReviewState): Notice | null => {
  const count = Object.keys(s.unreadable).length;
  return count ? { kind: 'unreadable', count } : null;
};

const omit = <T>(r: Record<string, T>, key: string): Record<string, T> => {
  if (!(key in r)) return r;
  const { [key]: _dropped, ...rest } = r;
  return rest;
};

let shared: RecallStore | null = null;

/**
 * The page's store. In the browser it reads localStorage once and follows changes made in other tabs; on the
 * server it is an empty store that never reads anything (`ready` stays false).
 */
export function getRecallStore(): RecallStore {
  if (shared) return shared;
  if (typeof window === 'undefined') return new RecallStore(null, () => Date.now(), false);
  const store = new RecallStore(browserStorage());
  window.addEventListener('storage', (e) => {
    if (e.key === STORAGE_KEY || e.key === null) store.reload();
  });
  shared = store;
  return store;
}
