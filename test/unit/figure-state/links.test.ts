import { describe, expect, it } from 'vitest';
import { mergeQuery, parse } from '../../../src/lib/figure-state/codec';
import { bibtex, plainCitation } from '../../../src/lib/figure-state/cite';
import { embedLink, figureLink, readState, replaceState } from '../../../src/lib/figure-state/links';
import { parseTheme } from '../../../src/lib/figure-state/presentation';
import { figures, getFigure, isFigureId, type FigureEntry } from '../../../src/lib/figure-state/registry';
import { bool, defineSchema, int, intList, number, oneOf, text } from '../../../src/lib/figure-state/schema';

const clock = figures['clock'];
// A figure of our own, so these tests do not follow the real figures' schemas as they change.
const measures: FigureEntry = {
  id: 'progress-measures',
  title: 'Progress measures',
  chapter: '03-circuit-formation',
  description: 'd',
  widget: 'ProgressMeasures',
  props: {},
  embed: { width: 700, height: 500 },
  schema: defineSchema({ freqs: intList({ min: 1, max: 56, maxLength: 56 }, []), controls: bool(true), caption: bool(true) }),
};

describe('links', () => {
  it('puts the state in the query and the anchor in the hash', () => {
    const url = figureLink(clock, { a: 7, b: 65, controls: false }, 'https://x.test', '/sub/');
    expect(url).toBe('https://x.test/sub/chapters/01-memorization/?clock.a=7&clock.controls=0#fig-clock');
  });

  it('writes lists sorted with readable commas, and reads them back from a full URL', () => {
    const url = embedLink(measures, { freqs: [52, 14, 35] }, 'https://x.test', '/', 'dark');
    expect(url).toBe('https://x.test/figures/progress-measures/?progress-measures.freqs=14,35,52&theme=dark');
    const { state, notices } = readState(measures, new URL(url).searchParams);
    expect(notices).toEqual([]);
    expect(state.freqs).toEqual([14, 35, 52]);
    expect(parseTheme(new URL(url).search)).toBe('dark');
  });

  it('replaces one figure’s parameters in place and keeps everyone else’s', () => {
    const q = '?utm_source=mail&clock.a=3&pairs-grid.a=4&clock.b=2';
    expect(replaceState(clock, q, { a: 8, b: 65 })).toBe('?utm_source=mail&clock.a=8&pairs-grid.a=4');
    expect(mergeQuery('?x=1', 'clock', [])).toBe('?x=1');
    expect(mergeQuery('?clock.a=1', 'clock', [])).toBe('');
  });

  it('writes text as it is (brackets stay readable) and reads it back from a full URL', () => {
    const probe = figures['length-probe'];
    const url = figureLink(probe, { lang: 'dyck1', text: '(()())' }, 'https://x.test', '/');
    expect(url).toBe('https://x.test/chapters/05-chomsky/?length-probe.text=(()())#fig-length-probe'); // dyck1 is the default
    const { state, notices } = readState(probe, new URL(url).searchParams);
    expect(notices).toEqual([]);
    expect(state).toMatchObject({ lang: 'dyck1', text: '(()())' });
    // Encoded by someone else's tool, it means the same.
    expect(readState(probe, '?length-probe.text=%28%28%29').state.text).toBe('(()');
  });

  it('two figures on one page keep separate state', () => {
    let q = replaceState(clock, '', { a: 1 });
    q = replaceState(measures, q, { freqs: [3, 2] });
    expect(readState(clock, q).state.a).toBe(1);
    expect(readState(measures, q).state).toMatchObject({ freqs: [2, 3] });
  });
});

describe('theme', () => {
  it('accepts only light, dark, auto, once', () => {
    expect(parseTheme('?theme=light')).toBe('light');
    expect(parseTheme('?theme=light&theme=dark')).toBe('auto');
    expect(parseTheme('?theme=%3Cscript%3E')).toBe('auto');
    expect(parseTheme('')).toBe('auto');
  });
});

describe('registry', () => {
  it('looks up ids from untrusted strings without touching the prototype', () => {
    expect(getFigure('clock')?.title).toBe(clock.title);
    expect(getFigure('__proto__')).toBeUndefined();
    expect(getFigure('constructor')).toBeUndefined();
    expect(isFigureId('toString')).toBe(false);
  });

  it('every figure has the presentation fields and a sensible embed size', () => {
    for (const entry of Object.values(figures)) {
      expect(entry.schema.controls).toEqual({ kind: 'boolean', default: true });
      expect(entry.schema.caption).toEqual({ kind: 'boolean', default: true });
      expect(entry.embed.width).toBeGreaterThan(200);
      expect(entry.description.length).toBeLessThan(200);
    }
  });
});

describe('schema definitions fail loudly, at build time', () => {
  it.each([
    ['bad range', () => int(5, 1, 3), 'invalid range: [5,1]'],
    ['default out of range', () => int(0, 10, 11), 'invalid int default: 11'],
    ['enum default missing', () => oneOf(['a', 'b'], 'c' as 'a'), 'invalid enum default: "c"'],
    ['enum value needing escapes', () => oneOf(['a b'], 'a b'), 'invalid enum value: "a b"'],
    ['duplicate list default', () => intList({ min: 0, max: 9, maxLength: 4 }, [1, 1]), 'invalid intList default: [1,1]'],
    ['bad field name', () => defineSchema({ 'a.b': int(0, 1, 0) }), 'invalid field name: "a.b"'],
    ['text alphabet needing escapes', () => text({ alphabet: '01&', maxLength: 8 }, ''), 'invalid text alphabet: "01&"'],
    ['text alphabet with a repeat', () => text({ alphabet: '0110', maxLength: 8 }, ''), 'invalid text alphabet: "0110"'],
    ['text default outside the alphabet', () => text({ alphabet: '01', maxLength: 8 }, '012'), 'invalid text default: "012"'],
    ['text default too long', () => text({ alphabet: '01', maxLength: 2 }, '010'), 'invalid text default: "010"'],
  ])('%s', (_name, make, message) => {
    expect(make).toThrow(message);
  });
});

describe('citations', () => {
  const input = {
    id: 'clock',
    title: 'Addition on a clock & 100% more {braces}',
    url: 'https://x.test/chapters/01-memorization/?clock.a=7#fig-clock',
    accessed: new Date('2026-11-30T10:00:00Z'),
    label: 'Figure 2',
  };

  it('BibTeX escapes special characters and includes the URL and access date', () => {
    const bib = bibtex(input);
    expect(bib).toMatch(/^@misc\{grokking-gradually-clock,/);
    expect(bib).toContain('title        = {{Addition on a clock \\& 100\\% more \\{braces\\}}}');
    expect(bib).toContain('url          = {https://x.test/chapters/01-memorization/?clock.a=7\\#fig-clock}');
    expect(bib).toContain('urldate      = {2026-11-30}');
    // Braces balance, so BibTeX reads the entry as one record.
    const unescaped = bib.replace(/\\[{}]/g, '');
    expect(unescaped.split('{').length).toBe(unescaped.split('}').length);
  });

  it('plain text names the figure, the essay, the URL and the date', () => {
    expect(plainCitation(input)).toBe(
      '“Addition on a clock & 100% more {braces}.” Figure 2. Grokking, Gradually, 2026. Interactive figure. https://x.test/chapters/01-memorization/?clock.a=7#fig-clock (accessed 30 November 2026).',
    );
  });
});

describe('parse accepts what people type, within reason', () => {
  it('reads true/false for booleans and exponents for numbers', () => {
    expect(parse('x', defineSchema({ on: { kind: 'boolean', default: false } }), '?x.on=true').state.on).toBe(true);
    const rate = defineSchema({ wd: number(0, 10, 1) });
    expect(parse('x', rate, '?x.wd=1e-4').state.wd).toBe(0.0001);
    expect(parse('x', rate, '?x.wd=0.5').state.wd).toBe(0.5);
  });
});

describe('a widget instance with other start values (props in the essay)', () => {
  const baseline = { a: 5 }; // the essay's <ModularClock a={5} />, registry default a = 71
  it('writes a field that differs from the registry default or from the instance start', () => {
    // a = 71 equals the registry default but not this instance's start: it must be written, or
    // reopening the link on the essay page would show 5.
    expect(replaceState(clock, '', { a: 71, b: 65 }, baseline)).toBe('?clock.a=71');
    expect(replaceState(clock, '', { a: 5, b: 65 }, baseline)).toBe('?clock.a=5');
    expect(replaceState(clock, '', { a: 5, b: 65 })).toBe('?clock.a=5');
  });
  it('reads absent and unreadable fields as the instance start', () => {
    expect(readState(clock, '', baseline).state.a).toBe(5);
    const bad = readState(clock, '?clock.a=NaN', baseline);
    expect(bad.state.a).toBe(5);
    expect(bad.notices).toEqual([{ field: 'a', reason: 'invalid' }]);
    expect(readState(clock, '', { a: 999 }).state.a).toBe(71); // an invalid start value is ignored
  });
  it('round-trips on both pages', () => {
    for (const a of [0, 5, 71, 112]) {
      const q = replaceState(clock, '', { a, b: 65 }, baseline);
      expect(readState(clock, q, baseline).state.a).toBe(a); // essay page, with the props
      expect(readState(clock, q).state.a).toBe(a); // embed page, registry defaults
    }
  });
});

describe('caption wrapping for exports', () => {
  it('wraps words and breaks a long URL so no line is wider than asked', async () => {
    const { wrapText } = await import('../../../src/lib/figure-state/export-image');
    const measure = (s: string) => s.length * 7;
    const url = 'https://grokking-gradually.example/chapters/01-memorization/?clock.a=9&clock.b=0#fig-clock';
    const lines = wrapText(`Figure 1 · Grokking, Gradually · ${url}`, 280, measure);
    for (const l of lines) expect(measure(l)).toBeLessThanOrEqual(280);
    expect(lines.join('').replace(/\s/g, '')).toBe(`Figure1·Grokking,Gradually·${url}`);
    expect(lines.some((l) => l.endsWith('/') || l.endsWith('?') || l.endsWith('&'))).toBe(true);
  });
});
