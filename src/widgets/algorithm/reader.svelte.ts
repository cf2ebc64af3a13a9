// The reader's (a, b, k) and the candidate answer c, shared by the algorithm chapter's figures: the
// rotations figure sets them, the trig steps and the logit curve follow, and the trig steps say which
// term the circle should highlight. One runes object per page and run (like src/lib/step-store); during
// server rendering each widget gets its own, so every page renders the defaults.
import { mod } from './trig';

/** Which part of the circle figure a trig step is about (null: nothing highlighted). */
export type Focus = null | 'angles' | 'embed' | 'cos-sum' | 'sin-sum' | 'readout';

export interface ReaderInit {
  p: number;
  a: number;
  b: number;
  k: number;
  /** Frequencies the reader may pick: 1..(p−1)/2. */
}

export class ReaderPair {
  readonly p: number;
  readonly kMax: number;
  #a = $state(0);
  #b = $state(0);
  #k = $state(1);
  /** Candidate answer for the read-out step; null = the right answer (a + b) mod p. */
  #c = $state<number | null>(null);
  focus = $state<Focus>(null);

  constructor(init: ReaderInit) {
    if (!Number.isInteger(init.p) || init.p < 3 || init.p % 2 === 0) throw new Error(`invalid p: ${init.p}`);
    this.p = init.p;
    this.kMax = (init.p - 1) / 2;
    this.a = init.a;
    this.b = init.b;
    this.k = init.k;
  }

  get a(): number {
    return this.#a;
  }
  set a(v: number) {
    if (Number.isFinite(v)) this.#a = mod(Math.round(v), this.p);
  }
  get b(): number {
    return this.#b;
  }
  set b(v: number) {
    if (Number.isFinite(v)) this.#b = mod(Math.round(v), this.p);
  }
  get k(): number {
    return this.#k;
  }
  set k(v: number) {
    if (Number.isFinite(v)) this.#k = Math.min(this.kMax, Math.max(1, Math.round(v)));
  }
  get c(): number {
    return this.#c ?? this.answer;
  }
  set c(v: number) {
    if (Number.isFinite(v)) this.#c = mod(Math.round(v), this.p);
  }
  /** Forget the chosen candidate: c follows the right answer again. */
  resetC(): void {
    this.#c = null;
  }
  get answer(): number {
    return mod(this.#a + this.#b, this.p);
  }
}

const shared = new Map<string, ReaderPair>();

/** The page's shared pair for a run; created by the first figure that asks (its values win). */
export function readerPair(key: string, init: ReaderInit): ReaderPair {
  let r = shared.get(key);
  if (!r || r.p !== init.p) {
    r = new ReaderPair(init);
    if (typeof window !== 'undefined') shared.set(key, r);
  }
  return r;
}
