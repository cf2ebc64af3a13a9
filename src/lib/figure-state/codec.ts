// Reading and writing one figure's state in a query string.
//
// URL format (see README.md in this folder): every parameter of a figure is prefixed by the
// figure id, `<id>.<field>=<value>`, so several figures on one page keep separate state and
// other parameters (utm_*, theme, other figures) pass through untouched. Only non-default
// fields are written, in schema order. Values:
//   int      canonical decimal: 0, 7, -3           (no "-0", no leading zeros, no exponent)
//   number   JavaScript's shortest round-trip form: 0.5, 0.0001, 1e-7
//   enum     one of the declared values
//   boolean  1 or 0 (true/false also read)
//   intList  comma-separated, ascending: 14,35,41  (empty value = empty list)
//   text     the string itself, over the field's alphabet: 1011, (()()  (empty value = "")
//
// `parse` never throws: any field it cannot read exactly falls back to its default and adds a
// Notice that names the field (from the schema) and a generic reason, never URL text.

import { defaults, isValid, sameValue, type Field, type Schema, type StateOf } from './schema';
import type { Notice } from './notices';

/** Longer addresses are not ours: ignore their state entirely. */
export const MAX_QUERY_CHARS = 8192;
/** No value we write is longer (an intList of 256 three-digit numbers is ~1 kB). */
export const MAX_VALUE_CHARS = 1100;

const INT = /^(?:0|-?[1-9][0-9]*)$/;
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?$/;
const SCALAR_MAX_CHARS = 32;

export interface ParseResult<S extends Schema> {
  state: StateOf<S>;
  notices: Notice[];
}

type Decoded = { ok: true; value: unknown } | { ok: false; reason: Notice['reason'] };

function decodeInt(raw: string, min: number, max: number): Decoded {
  if (raw.length > SCALAR_MAX_CHARS) return { ok: false, reason: 'too-long' };
  if (!INT.test(raw)) return { ok: false, reason: 'invalid' };
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min || n > max) return { ok: false, reason: 'out-of-range' };
  return { ok: true, value: n };
}

function decode(field: Field, raw: string): Decoded {
  switch (field.kind) {
    case 'int':
      return decodeInt(raw, field.min, field.max);
    case 'number': {
      if (raw.length > SCALAR_MAX_CHARS) return { ok: false, reason: 'too-long' };
      if (!NUMBER.test(raw)) return { ok: false, reason: 'invalid' };
      const n = Number(raw);
      if (Object.is(n, -0)) return { ok: false, reason: 'invalid' };
      if (!Number.isFinite(n) || n < field.min || n > field.max) return { ok: false, reason: 'out-of-range' };
      return { ok: true, value: n };
    }
    case 'enum':
      // `includes` on the declared list: no lookup on an object, so "__proto__" is just a miss.
      return field.values.includes(raw) ? { ok: true, value: raw } : { ok: false, reason: 'invalid' };
    case 'boolean':
      if (raw === '1' || raw === 'true') return { ok: true, value: true };
      if (raw === '0' || raw === 'false') return { ok: true, value: false };
      return { ok: false, reason: 'invalid' };
    case 'intList': {
      if (raw === '') return { ok: true, value: [] };
      const parts = raw.split(',');
      if (parts.length > field.maxLength) return { ok: false, reason: 'too-long' };
      const out: number[] = [];
      for (const part of parts) {
        const d = decodeInt(part, field.min, field.max);
        if (!d.ok) return d;
        out.push(d.value as number);
      }
      if (new Set(out).size !== out.length) return { ok: false, reason: 'invalid' };
      return { ok: true, value: out.sort((x, y) => x - y) };
    }
    case 'text':
      if (raw.length > field.maxLength) return { ok: false, reason: 'too-long' };
      return isValid(field, raw) ? { ok: true, value: raw } : { ok: false, reason: 'invalid' };
  }
}

function encode(field: Field, value: unknown): string {
  switch (field.kind) {
    case 'int':
    case 'number':
      return String(value);
    case 'enum':
      return value as string;
    case 'boolean':
      return value ? '1' : '0';
    case 'intList':
      return [...(value as number[])].sort((x, y) => x - y).join(',');
    case 'text':
      return value as string;
  }
}

function toParams(query: URLSearchParams | string): { params: URLSearchParams; length: number } {
  if (typeof query === 'string') return { params: new URLSearchParams(query), length: query.length };
  return { params: query, length: query.toString().length };
}

/**
 * The state a figure instance starts from: the schema defaults, overridden by `baseline` where
 * it holds valid values (a widget given other initial values by its props in the essay).
 */
export function startState<S extends Schema>(schema: S, baseline?: Partial<StateOf<S>>): StateOf<S> {
  const state = defaults(schema) as Record<string, unknown>;
  if (baseline) {
    const b = baseline as Record<string, unknown>;
    for (const [name, field] of Object.entries(schema)) {
      if (Object.hasOwn(b, name) && isValid(field, b[name])) state[name] = field.kind === 'intList' ? [...(b[name] as number[])] : b[name];
    }
  }
  return state as StateOf<S>;
}

/**
 * Reads the state of figure `id` from a query string (with or without the leading "?").
 * Fields absent or unreadable keep their start value (see startState).
 */
export function parse<S extends Schema>(
  id: string,
  schema: S,
  query: URLSearchParams | string,
  baseline?: Partial<StateOf<S>>,
): ParseResult<S> {
  const state = startState(schema, baseline) as Record<string, unknown>;
  const notices: Notice[] = [];
  const { params, length } = toParams(query);
  if (length > MAX_QUERY_CHARS) {
    notices.push({ field: null, reason: 'too-long' });
    return { state: state as StateOf<S>, notices };
  }
  const prefix = `${id}.`;
  // Raw values per known field, in a Map so that no key from the URL ever touches an object.
  const seen = new Map<string, string[]>();
  let unknown = false;
  for (const [key, value] of params) {
    if (!key.startsWith(prefix)) continue; // another figure's, or the page's
    const name = key.slice(prefix.length);
    if (!Object.hasOwn(schema, name)) {
      unknown = true;
      continue;
    }
    const list = seen.get(name) ?? [];
    list.push(value);
    seen.set(name, list);
  }
  // Schema order, so notices come out in a stable order too.
  for (const [name, field] of Object.entries(schema)) {
    const values = seen.get(name);
    if (values === undefined) continue;
    if (values.length > 1) {
      notices.push({ field: name, reason: 'repeated' });
      continue;
    }
    const raw = values[0];
    const decoded: Decoded = raw.length > MAX_VALUE_CHARS ? { ok: false, reason: 'too-long' } : decode(field, raw);
    if (decoded.ok) state[name] = decoded.value;
    else notices.push({ field: name, reason: decoded.reason });
  }
  if (unknown) notices.push({ field: null, reason: 'unknown' });
  return { state: state as StateOf<S>, notices };
}

/**
 * The fields of `state` as ordered [key, value] pairs, leaving out those equal to the schema
 * default (and, with a baseline, equal to the baseline too: a field that differs from either is
 * written, so the link means the same on the essay page and on the embed page). Invalid values
 * are left out.
 */
export function write<S extends Schema>(
  id: string,
  schema: S,
  state: Partial<StateOf<S>>,
  baseline?: Partial<StateOf<S>>,
): [string, string][] {
  const out: [string, string][] = [];
  const values = state as Record<string, unknown>;
  const start = baseline ? (startState(schema, baseline) as Record<string, unknown>) : undefined;
  for (const [name, field] of Object.entries(schema)) {
    if (!Object.hasOwn(values, name)) continue;
    const value = values[name];
    if (!isValid(field, value)) continue;
    if (sameValue(field, value, field.default) && (!start || sameValue(field, value, start[name]))) continue;
    out.push([`${id}.${name}`, encode(field, value)]);
  }
  return out;
}

/** Like encodeURIComponent, but keeps the commas of lists readable. */
function encodePart(s: string): string {
  return encodeURIComponent(s).replace(/%2C/g, ',');
}

export function toQuery(pairs: readonly (readonly [string, string])[]): string {
  if (pairs.length === 0) return '';
  return '?' + pairs.map(([k, v]) => `${encodePart(k)}=${encodePart(v)}`).join('&');
}

/**
 * Replaces figure `id`'s parameters in an existing query, keeping every other parameter in
 * place. The figure's parameters go where its first one was (or at the end), so the address
 * does not reshuffle while a reader plays.
 */
export function mergeQuery(query: string, id: string, pairs: readonly (readonly [string, string])[]): string {
  const prefix = `${id}.`;
  const out: [string, string][] = [];
  let at = -1;
  for (const [k, v] of new URLSearchParams(query)) {
    if (k.startsWith(prefix)) {
      if (at < 0) at = out.length;
    } else out.push([k, v]);
  }
  if (at < 0) at = out.length;
  out.splice(at, 0, ...pairs.map(([k, v]) => [k, v] as [string, string]));
  return toQuery(out);
}
