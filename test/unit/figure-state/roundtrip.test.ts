// Every registered figure's state survives write → query string → parse unchanged.
import { describe, expect, it } from 'vitest';
import { parse, toQuery, write } from '../../../src/lib/figure-state/codec';
import { figureIds, figures } from '../../../src/lib/figure-state/registry';
import { defaults, type Schema } from '../../../src/lib/figure-state/schema';
import { randomState, rng } from './random-state';

function roundTrip<S extends Schema>(id: string, schema: S, state: Record<string, unknown>) {
  const query = toQuery(write(id, schema, state as never));
  return { query, ...parse(id, schema, query) };
}

function normalized(state: Record<string, unknown>): Record<string, unknown> {
  // Lists are sets: compare them sorted.
  return Object.fromEntries(
    Object.entries(state).map(([k, v]) => [k, Array.isArray(v) ? [...v].sort((x, y) => x - y) : v]),
  );
}

describe.each(figureIds)('figure %s', (id) => {
  const { schema } = figures[id];

  it('writes nothing for its default state, and parses an empty query to the defaults', () => {
    expect(write(id, schema, defaults(schema))).toEqual([]);
    const { state, notices } = parse(id, schema, '');
    expect(state).toEqual(defaults(schema));
    expect(notices).toEqual([]);
  });

  it('round-trips 300 random valid states with no notices', () => {
    const r = rng(id.length * 7919);
    for (let i = 0; i < 300; i++) {
      const original = randomState(schema, r) as Record<string, unknown>;
      const { state, notices, query } = roundTrip(id, schema, original);
      expect(notices, query).toEqual([]);
      expect(normalized(state as Record<string, unknown>), query).toEqual(normalized(original));
    }
  });

  it('writes fields in schema order, each prefixed by the figure id', () => {
    const r = rng(42);
    const pairs = write(id, schema, randomState(schema, r));
    const names = Object.keys(schema);
    const positions = pairs.map(([k]) => {
      expect(k.startsWith(`${id}.`)).toBe(true);
      return names.indexOf(k.slice(id.length + 1));
    });
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
  });
});
