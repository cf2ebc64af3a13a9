// The page's shared "current step": one runes object per run id, shared by every widget island of the
// page (they import the same module, so the same Map). The training timeline writes it; the pairs grid,
// progress measures and other figures read it and follow. Widgets get it with
//
//   import { currentStep } from '../lib/step-store';
//   const step = currentStep('main', { steps: data.checkpointSteps, initial: data.lastStep });
//   step.value            // the step the reader is looking at (any logged step)
//   step.checkpoint       // the checkpoint at or before it (what inference and the pairs grid use)
//   step.set(1234)        // clamps to [first, last]
//
// During server rendering nothing writes to it, so every page renders the initial step; the Map is
// per module instance (one per page in the browser).

import { untrack } from 'svelte';
import { bisectRight } from 'd3';

export interface StepOptions {
  /** Checkpoint steps, increasing (at least one). */
  steps: readonly number[];
  /** Logged steps the value may take (default: the checkpoint steps). Used to clamp and step through. */
  logged?: readonly number[];
  /** Initial value (default: the last checkpoint). */
  initial?: number;
}

export class StepStore {
  /** Checkpoints, increasing. */
  readonly checkpoints: readonly number[];
  readonly first: number;
  readonly last: number;
  #value = $state(0);
  /** Set by a reader or a link since the page loaded: a figure that hydrates later adopts the value. */
  #touched = false;

  constructor(opts: StepOptions) {
    if (opts.steps.length === 0) throw new Error('invalid step store: no checkpoint steps');
    this.checkpoints = [...opts.steps];
    const all = opts.logged && opts.logged.length ? opts.logged : opts.steps;
    this.first = Math.min(all[0], this.checkpoints[0]);
    this.last = Math.max(all[all.length - 1], this.checkpoints[this.checkpoints.length - 1]);
    this.#value = this.clamp(opts.initial ?? this.last);
  }

  get value(): number {
    return this.#value;
  }

  set value(step: number) {
    this.set(step);
  }

  set(step: number): void {
    if (!Number.isFinite(step)) return;
    this.#touched = true;
    this.#value = this.clamp(Math.round(step));
  }

  /** Whether anything has set the step since the store was created (its initial value is only a default). */
  get touched(): boolean {
    return this.#touched;
  }

  clamp(step: number): number {
    return Math.min(this.last, Math.max(this.first, step));
  }

  // Getters over the $state value stay reactive; a binary search is cheaper than a $derived field,
  // which would also read `checkpoints` before the constructor has set it.
  /** Index of the checkpoint at or before the current step (0 if it precedes all). */
  get checkpointIndex(): number {
    return indexAtOrBefore(this.checkpoints, this.#value);
  }

  get checkpoint(): number {
    return this.checkpoints[this.checkpointIndex];
  }

  /** Moves to the previous/next checkpoint (delta −1/+1, or more). */
  stepCheckpoint(delta: number): void {
    const i = Math.min(this.checkpoints.length - 1, Math.max(0, this.checkpointIndex + delta));
    // Moving backwards from between two checkpoints lands on the one at or before first.
    const target = delta < 0 && this.checkpoints[this.checkpointIndex] < this.#value ? this.checkpointIndex + delta + 1 : i;
    this.set(this.checkpoints[Math.min(this.checkpoints.length - 1, Math.max(0, target))]);
  }
}

/** Largest i with xs[i] <= x (0 if none). xs increasing. */
export function indexAtOrBefore(xs: readonly number[], x: number): number {
  return Math.max(0, bisectRight(xs, x) - 1);
}

/**
 * Keeps a widget's own `step` field (the one its URL state binds) and the shared store equal, both ways.
 * Each effect tracks only its source, so a change from either side settles in one round (tracking both
 * in one effect would write the old value back). Call during component initialisation.
 *
 * A widget that hydrates after the step was set (by a shared link's figure or by a reader scrubbing another
 * figure) adopts the shared step on its first run instead of writing its own default into the store.
 */
export function syncStep(store: StepStore | null, target: { step: number }): void {
  if (!store) return;
  let first = true;
  $effect(() => {
    const s = target.step;
    untrack(() => {
      if (first) {
        first = false;
        if (store.touched && s !== store.value) {
          target.step = store.value;
          return;
        }
      }
      if (s !== store.value) store.set(s);
    });
  });
  $effect(() => {
    const v = store.value;
    untrack(() => {
      if (v !== target.step) target.step = v;
    });
  });
}

const stores = new Map<string, StepStore>();

/** The page's step store for a run; created by the first widget that asks (its options win). */
export function currentStep(runId: string, opts: StepOptions): StepStore {
  let s = stores.get(runId);
  if (!s) {
    s = new StepStore(opts);
    // Only in the browser: during server rendering, pages must not share state.
    if (typeof window !== 'undefined') stores.set(runId, s);
  }
  return s;
}

/** For tests: forget every store. */
export function resetStepStores(): void {
  stores.clear();
}
