// Bad and hostile URL inputs: each gives the default for that field and a notice, and nothing
// taken from the URL reaches the notice text or any object's prototype.
import { describe, expect, it } from 'vitest';
import { MAX_QUERY_CHARS, parse } from '../../../src/lib/figure-state/codec';
import { formatNotices } from '../../../src/lib/figure-state/notices';
import { figureIds, figures } from '../../../src/lib/figure-state/registry';
import { defaults } from '../../../src/lib/figure-state/schema';

// Raw query values (percent-encoded as they would arrive in an address). None is valid for any
// field kind in the registry (an empty value is a valid empty list or empty text, so it is
// tested separately).
const HOSTILE = [
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '<script>alert(1)</script>',
  '%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E',
  'javascript:alert(1)',
  '%00',
  '1%00',
  '1e309',
  '-1e309',
  '-0',
  '99999999999999999999',
  '-99999999999999999999',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  '%201',
  '1%20',
  '%EF%BC%91', // full-width digit one
  '1.5.5',
  '[1,2]',
  '%5B1%2C2%5D',
  '%7B%22a%22%3A1%7D',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'toString',
  'x'.repeat(2000), // one overlong value, within the whole-query limit
];

function expectDefaultWithNotice(id: keyof typeof figures, field: string, query: string): void {
  const { schema } = figures[id];
  const { state, notices } = parse(id, schema, query);
  expect(state, query.slice(0, 80)).toEqual(defaults(schema));
  expect(notices.length, query.slice(0, 80)).toBeGreaterThan(0);
  expect(notices.some((n) => n.field === field || n.field === null)).toBe(true);
  for (const n of notices) expect(n.field === null || Object.hasOwn(schema, n.field)).toBe(true);
}

describe.each(figureIds)('figure %s', (id) => {
  const { schema } = figures[id];
  const fields = Object.keys(schema);

  it.each(HOSTILE)('rejects the value %s in every field', (raw) => {
    for (const field of fields) expectDefaultWithNotice(id, field, `?${id}.${field}=${raw}`);
  });

  it('rejects an empty value for every scalar field (lists and text read it as empty)', () => {
    for (const [field, spec] of Object.entries(schema)) {
      if (spec.kind === 'intList' || spec.kind === 'text') {
        const { state, notices } = parse(id, schema, `?${id}.${field}=`);
        expect(notices).toEqual([]);
        expect((state as Record<string, unknown>)[field]).toEqual(spec.kind === 'text' ? '' : []);
      } else expectDefaultWithNotice(id, field, `?${id}.${field}=`);
    }
  });

  it('rejects text fields with a character outside the alphabet, or one too many', () => {
    for (const [field, spec] of Object.entries(schema)) {
      if (spec.kind !== 'text') continue;
      const ok = spec.alphabet[0];
      const outside = ['%20', '%EF%BC%88', '%E2%80%8B', 'a', '%3C', '%26', '%23', '%2B', '%00', '%0A'].filter(
        (raw) => !spec.alphabet.includes(decodeURIComponent(raw)),
      );
      for (const raw of outside) expectDefaultWithNotice(id, field, `?${id}.${field}=${ok}${raw}${ok}`);
      const long = ok.repeat(spec.maxLength + 1);
      expect(parse(id, schema, `?${id}.${field}=${long}`).notices).toEqual([{ field, reason: 'too-long' }]);
      expect((parse(id, schema, `?${id}.${field}=${ok.repeat(spec.maxLength)}`).state as Record<string, unknown>)[field]).toBe(ok.repeat(spec.maxLength));
    }
  });

  it('rejects a repeated key (an array where one value is expected)', () => {
    for (const field of fields) {
      const { notices, state } = parse(id, schema, `?${id}.${field}=1&${id}.${field}=1`);
      expect(state).toEqual(defaults(schema));
      expect(notices).toContainEqual({ field, reason: 'repeated' });
    }
  });

  it('ignores unknown and prototype-polluting keys, with one notice', () => {
    const keys = ['__proto__', '__proto__.polluted', 'constructor', 'constructor.prototype.polluted', 'prototype', 'hasOwnProperty', 'nope', 'a[]'];
    for (const key of keys) {
      const { state, notices } = parse(id, schema, `?${id}.${encodeURIComponent(key)}=1`);
      expect(state).toEqual(defaults(schema));
      expect(Object.getPrototypeOf(state)).toBe(Object.prototype);
      expect(notices).toEqual([{ field: null, reason: 'unknown' }]);
    }
    parse(id, schema, '?__proto__[polluted]=1&__proto__.polluted=1&constructor[prototype][polluted]=1');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('falls back entirely for an address longer than any we write (100 kB)', () => {
    const field = fields[0];
    const { state, notices } = parse(id, schema, `?${id}.${field}=${'9'.repeat(100_000)}`);
    expect(state).toEqual(defaults(schema));
    expect(notices).toEqual([{ field: null, reason: 'too-long' }]);
    expect(MAX_QUERY_CHARS).toBeLessThan(100_000);
  });

  it('keeps the good fields when one is bad', () => {
    const [first, second] = fields;
    const good = parse(id, schema, `?${id}.${second}=0`); // may or may not be valid for `second`
    const { state, notices } = parse(id, schema, `?${id}.${first}=NaN&${id}.${second}=0`);
    expect(notices[0]).toEqual({ field: first, reason: 'invalid' });
    expect((state as Record<string, unknown>)[second]).toEqual((good.state as Record<string, unknown>)[second]);
  });

  it('never puts URL text into the notice shown to readers', () => {
    const { notices } = parse(id, schema, `?${id}.${fields[0]}=%3Cscript%3Ealert(1)%3C%2Fscript%3E&${id}.%3Cimg%3E=1`);
    const text = formatNotices(notices);
    expect(text).not.toMatch(/[<>]|script|img|alert/);
    expect(text).toContain(fields[0]);
  });
});

describe('parameters of other figures and of the page', () => {
  it('are ignored without notices', () => {
    const { notices } = parse('clock', figures['clock'].schema, '?utm_source=x&theme=dark&pairs-grid.a=3&clockx.a=1');
    expect(notices).toEqual([]);
  });
});
