// A tiny typed schema DSL for the URL state of one figure.
//
// Each field is one of six kinds. A schema is an ordered record of fields; its declaration
// order is the order in which `write` emits query parameters, so links are stable.
// `StateOf<S>` derives the state type from a schema, so a widget's state is typed from the
// same object that validates the URL (one source of truth per figure).

export interface IntField {
  readonly kind: 'int';
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

export interface NumberField {
  readonly kind: 'number';
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

export interface EnumField<V extends string = string> {
  readonly kind: 'enum';
  readonly values: readonly V[];
  readonly default: V;
}

export interface BooleanField {
  readonly kind: 'boolean';
  readonly default: boolean;
}

/** A set of integers (e.g. chosen frequencies): unique, written sorted ascending. */
export interface IntListField {
  readonly kind: 'intList';
  readonly min: number;
  readonly max: number;
  readonly maxLength: number;
  readonly default: readonly number[];
}

/**
 * A short string over a small declared alphabet (e.g. a bit string typed by the reader). The
 * alphabet is limited to characters encodeURIComponent leaves alone, so links stay readable and
 * no value ever needs decoding beyond what URLSearchParams does. The empty string is valid.
 */
export interface TextField {
  readonly kind: 'text';
  readonly alphabet: string;
  readonly maxLength: number;
  readonly default: string;
}

export type Field = IntField | NumberField | EnumField | BooleanField | IntListField | TextField;
export type Schema = Readonly<Record<string, Field>>;

export type ValueOf<F extends Field> = F extends IntField | NumberField
  ? number
  : F extends EnumField<infer V>
    ? V
    : F extends BooleanField
      ? boolean
      : F extends IntListField
        ? number[]
        : F extends TextField
          ? string
          : never;

export type StateOf<S extends Schema> = { [K in keyof S]: ValueOf<S[K]> };

/** Field names must be short identifiers: they appear in URLs and in notices shown to readers. */
export const FIELD_NAME = /^[a-z][a-zA-Z0-9]{0,23}$/;
/** Enum values: short, URL-safe, never needing escapes. */
export const ENUM_VALUE = /^[a-z0-9][a-z0-9-]{0,31}$/;
/** Text alphabets: characters a URL carries as they are (encodeURIComponent's unreserved set). */
export const TEXT_ALPHABET = /^[A-Za-z0-9\-_.!~*'()]{1,64}$/;

function fail(what: string, value: unknown): never {
  throw new Error(`invalid ${what}: ${JSON.stringify(value)}`);
}

function checkRange(min: number, max: number, integer: boolean): void {
  const ok = integer ? Number.isSafeInteger(min) && Number.isSafeInteger(max) : Number.isFinite(min) && Number.isFinite(max);
  if (!ok || min > max) fail('range', [min, max]);
}

export function int(min: number, max: number, dflt: number): IntField {
  checkRange(min, max, true);
  if (!Number.isSafeInteger(dflt) || dflt < min || dflt > max) fail('int default', dflt);
  return { kind: 'int', min, max, default: dflt };
}

export function number(min: number, max: number, dflt: number): NumberField {
  checkRange(min, max, false);
  if (!Number.isFinite(dflt) || dflt < min || dflt > max) fail('number default', dflt);
  return { kind: 'number', min, max, default: dflt };
}

export function oneOf<const V extends string>(values: readonly V[], dflt: V): EnumField<V> {
  if (values.length === 0 || new Set(values).size !== values.length) fail('enum values', values);
  for (const v of values) if (!ENUM_VALUE.test(v)) fail('enum value', v);
  if (!values.includes(dflt)) fail('enum default', dflt);
  return { kind: 'enum', values, default: dflt };
}

export function bool(dflt: boolean): BooleanField {
  return { kind: 'boolean', default: dflt };
}

export function intList(opts: { min: number; max: number; maxLength: number }, dflt: readonly number[]): IntListField {
  checkRange(opts.min, opts.max, true);
  if (!Number.isSafeInteger(opts.maxLength) || opts.maxLength < 0 || opts.maxLength > 256) fail('maxLength', opts.maxLength);
  const sorted = [...dflt].sort((x, y) => x - y);
  if (sorted.length > opts.maxLength || new Set(sorted).size !== sorted.length) fail('intList default', dflt);
  for (const v of sorted) if (!Number.isSafeInteger(v) || v < opts.min || v > opts.max) fail('intList default', dflt);
  return { kind: 'intList', ...opts, default: Object.freeze(sorted) };
}

/** True when every character of `value` is in `alphabet` and it is at most `maxLength` long. */
function isText(value: unknown, alphabet: string, maxLength: number): value is string {
  if (typeof value !== 'string' || value.length > maxLength) return false;
  for (const c of value) if (!alphabet.includes(c)) return false;
  return true;
}

export function text(opts: { alphabet: string; maxLength: number }, dflt: string): TextField {
  const { alphabet, maxLength } = opts;
  if (!TEXT_ALPHABET.test(alphabet) || new Set(alphabet).size !== alphabet.length) fail('text alphabet', alphabet);
  if (!Number.isSafeInteger(maxLength) || maxLength < 1 || maxLength > 256) fail('maxLength', maxLength);
  if (!isText(dflt, alphabet, maxLength)) fail('text default', dflt);
  return { kind: 'text', alphabet, maxLength, default: dflt };
}

/** Validates field names once, at definition time (a typo fails the build, not a reader). */
export function defineSchema<const S extends Schema>(schema: S): S {
  for (const name of Object.keys(schema)) if (!FIELD_NAME.test(name)) fail('field name', name);
  return Object.freeze(schema);
}

/** A fresh default state (lists copied, so a widget may mutate its state freely). */
export function defaults<S extends Schema>(schema: S): StateOf<S> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema)) {
    out[name] = field.kind === 'intList' ? [...field.default] : field.default;
  }
  return out as StateOf<S>;
}

/** True when a value is acceptable for a field (used by `write` and by tests). */
export function isValid(field: Field, value: unknown): boolean {
  switch (field.kind) {
    case 'int':
      return Number.isSafeInteger(value) && !Object.is(value, -0) && (value as number) >= field.min && (value as number) <= field.max;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0) && value >= field.min && value <= field.max;
    case 'enum':
      return typeof value === 'string' && field.values.includes(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'intList': {
      if (!Array.isArray(value) || value.length > field.maxLength) return false;
      if (new Set(value).size !== value.length) return false;
      return value.every((v) => Number.isSafeInteger(v) && !Object.is(v, -0) && v >= field.min && v <= field.max);
    }
    case 'text':
      return isText(value, field.alphabet, field.maxLength);
  }
}

export function sameValue(field: Field, x: unknown, y: unknown): boolean {
  if (field.kind !== 'intList') return Object.is(x, y);
  if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
  const xs = [...x].sort((p, q) => p - q);
  const ys = [...y].sort((p, q) => p - q);
  return xs.every((v, i) => v === ys[i]);
}
