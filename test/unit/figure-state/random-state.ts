// Random valid states for a schema, from a seeded generator (mulberry32) so failures reproduce.
import type { Field, Schema, StateOf } from '../../../src/lib/figure-state/schema';

export function rng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = Math.imul(t ^ (t >>> 15), 1 | t);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function randInt(r: () => number, min: number, max: number): number {
  return min + Math.floor(r() * (max - min + 1));
}

export function randomValue(field: Field, r: () => number): unknown {
  switch (field.kind) {
    case 'int':
      // Bias towards the bounds, where off-by-one errors live.
      return r() < 0.2 ? (r() < 0.5 ? field.min : field.max) : randInt(r, field.min, field.max);
    case 'number': {
      const v = r() < 0.2 ? (r() < 0.5 ? field.min : field.max) : field.min + r() * (field.max - field.min);
      return Object.is(v, -0) ? 0 : v;
    }
    case 'enum':
      return field.values[randInt(r, 0, field.values.length - 1)];
    case 'boolean':
      return r() < 0.5;
    case 'intList': {
      const n = randInt(r, 0, Math.min(field.maxLength, field.max - field.min + 1));
      const set = new Set<number>();
      while (set.size < n) set.add(randInt(r, field.min, field.max));
      return [...set];
    }
    case 'text': {
      // Empty and full length are the edges; every character of the alphabet turns up.
      const n = r() < 0.2 ? (r() < 0.5 ? 0 : field.maxLength) : randInt(r, 0, field.maxLength);
      let s = '';
      for (let i = 0; i < n; i++) s += field.alphabet[randInt(r, 0, field.alphabet.length - 1)];
      return s;
    }
  }
}

export function randomState<S extends Schema>(schema: S, r: () => number): StateOf<S> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema)) out[name] = randomValue(field, r);
  return out as StateOf<S>;
}
