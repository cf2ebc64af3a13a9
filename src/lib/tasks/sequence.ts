/**
 * The two languages of the Chomsky chapter, as binary classification at every prefix of a string.
 *
 *  parity (regular):  alphabet {0, 1}; label of a prefix = 1 iff it holds an odd number of 1s.
 *                     A two-state finite automaton decides it.
 *  dyck1 (context-free): alphabet {'(' = 0, ')' = 1}; label of a prefix = 1 iff it is a balanced
 *                     bracket string (a word of the Dyck-1 language). Needs an unbounded counter.
 *
 * Training batches label EVERY prefix (a causal model predicts at each position what it would say about
 * the string that ends there), so one sequence of length T teaches lengths 1..T at once.
 * Evaluation sets score only the final position of strings of one length L, and are class-balanced
 * for dyck1 (chance = 50% at every even L), so accuracy at a length means the same for both languages.
 * Everything is drawn from a named stream of the seeded Rng, so a (seed, stream) pair fixes the data.
 */
import { Rng } from './prng';

export type Language = 'parity' | 'dyck1';

/** Display symbols of tokens 0 and 1. */
export const SYMBOLS: Record<Language, [string, string]> = { parity: ['0', '1'], dyck1: ['(', ')'] };

/** Per-prefix labels of one token string: out[t] is the label of tokens[0..t]. */
export function prefixLabels(lang: Language, tokens: ArrayLike<number>): Int32Array {
  const out = new Int32Array(tokens.length);
  let acc = 0;
  let dipped = false;
  for (let t = 0; t < tokens.length; t++) {
    const x = tokens[t];
    if (x !== 0 && x !== 1) throw new Error(`invalid token: ${x}`);
    if (lang === 'parity') {
      acc ^= x;
      out[t] = acc;
    } else {
      acc += x === 0 ? 1 : -1;
      if (acc < 0) dipped = true;
      out[t] = !dipped && acc === 0 ? 1 : 0;
    }
  }
  return out;
}

/** Label of a whole string (its last prefix). */
export function stringLabel(lang: Language, tokens: ArrayLike<number>): number {
  const l = prefixLabels(lang, tokens);
  return l[l.length - 1];
}

/** Tokens from display symbols ('0'/'1' or '('/')'); other characters throw "invalid symbol". */
export function parseString(lang: Language, s: string): Int32Array {
  const [a, b] = SYMBOLS[lang];
  return Int32Array.from([...s], (c) => {
    if (c === a) return 0;
    if (c === b) return 1;
    throw new Error(`invalid symbol: ${JSON.stringify(c)}`);
  });
}

export function formatString(lang: Language, tokens: ArrayLike<number>): string {
  const sym = SYMBOLS[lang];
  return Array.from(tokens, (t) => sym[t]).join('');
}

/**
 * One training sequence of length T into out[0..T).
 * parity: uniform bits. dyck1: a walk that opens/closes with probability 1/2 while inside brackets and,
 * at depth 0, closes (an unrecoverable error) with probability 0.15; balanced prefixes are then common
 * (about a third of even prefixes up to length 16) and so are the two ways of being wrong.
 */
function sampleTrainString(lang: Language, rng: Rng, out: Int32Array, offset: number, T: number): void {
  let depth = 0;
  let dipped = false;
  for (let t = 0; t < T; t++) {
    let x: number;
    if (lang === 'parity' || dipped || depth > 0) x = rng.next() < 0.5 ? 0 : 1;
    else x = rng.next() < 0.15 ? 1 : 0;
    depth += x === 0 ? 1 : -1;
    if (depth < 0) dipped = true;
    out[offset + t] = x;
  }
}

/** B training sequences of length T, row-major, with every prefix's label. */
export function trainBatch(lang: Language, rng: Rng, B: number, T: number): { tokens: Int32Array; labels: Int32Array } {
  const tokens = new Int32Array(B * T);
  const labels = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    sampleTrainString(lang, rng, tokens, b * T, T);
    labels.set(prefixLabels(lang, tokens.subarray(b * T, (b + 1) * T)), b * T);
  }
  return { tokens, labels };
}

/** A uniformly random Dyck-1 word of length L (L even), by rejection from shuffles of L/2 '(' and L/2 ')'
 * (a shuffle is balanced with probability 1/(L/2+1): ~33 tries at L = 64). */
function randomDyck(rng: Rng, L: number, out: Int32Array): void {
  for (;;) {
    randomZeroSum(rng, L, out);
    if (stringLabel('dyck1', out) === 1) return;
  }
}

/** Equal numbers of '(' and ')' in random order. */
function randomZeroSum(rng: Rng, L: number, out: Int32Array): void {
  for (let i = 0; i < L; i++) out[i] = i < L / 2 ? 0 : 1;
  rng.shuffle(out);
}

/**
 * n evaluation strings of length L, row-major, with their labels (final position).
 * parity: uniform strings. dyck1 (L even): half balanced words; a quarter with as many '(' as ')' that
 * close too early somewhere (the hard negatives: counting alone cannot reject them); a quarter of uniform
 * strings whose counts differ. For odd L every dyck1 string is unbalanced, so those lengths are skipped
 * (evalLengths) rather than scored.
 */
export function evalSet(lang: Language, rng: Rng, n: number, L: number): { tokens: Int32Array; labels: Int32Array } {
  const tokens = new Int32Array(n * L);
  const labels = new Int32Array(n);
  const row = new Int32Array(L);
  for (let i = 0; i < n; i++) {
    if (lang === 'parity') {
      for (let t = 0; t < L; t++) row[t] = rng.next() < 0.5 ? 0 : 1;
    } else {
      if (L % 2 !== 0) throw new Error(`invalid dyck1 evaluation length: ${L} (must be even)`);
      const kind = i % 4; // 0, 2: balanced; 1: zero-sum unbalanced; 3: uneven counts
      if (kind === 0 || kind === 2) randomDyck(rng, L, row);
      else if (kind === 1) {
        if (L === 2) row.set([1, 0]);
        else do randomZeroSum(rng, L, row);
        while (stringLabel('dyck1', row) === 1);
      } else {
        do for (let t = 0; t < L; t++) row[t] = rng.next() < 0.5 ? 0 : 1;
        while (stringLabel('dyck1', row) === 1 || row.reduce((s, x) => s + (x === 0 ? 1 : -1), 0) === 0);
      }
    }
    tokens.set(row, i * L);
    labels[i] = stringLabel(lang, row);
  }
  return { tokens, labels };
}

/** The lengths an accuracy curve is measured at: 1..maxLen (parity), even lengths only (dyck1). */
export function evalLengths(lang: Language, maxLen: number): number[] {
  const out: number[] = [];
  for (let L = 1; L <= maxLen; L++) if (lang === 'parity' || L % 2 === 0) out.push(L);
  return out;
}

/** The Rng stream an evaluation set at length L is drawn from (trainer, tests and page agree on it). */
export function evalStream(L: number): string {
  return `eval-L${L}`;
}
