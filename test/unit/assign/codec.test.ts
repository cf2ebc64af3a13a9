// The assignment address: round trip, the version field, the size limit, and hostile addresses
// (cut short, damaged, from the future, not an assignment at all, or built to inject), each opening
// what it can and naming what it dropped in safe text.
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { toBase64url } from '../../../src/lib/assign/base64url';
import { writeV1 } from '../../../src/lib/assign/formats/v1';
import { LIMITS, type Lesson } from '../../../src/lib/assign/lesson';
import { assignPath, decodeLesson, encodeLesson, lessonKey } from '../../../src/lib/assign/link';
import { describeProblem, type Problem } from '../../../src/lib/assign/problems';
import { resolveLesson } from '../../../src/lib/assign/resolve';

const lesson: Lesson = {
  title: 'Grokking in 50 minutes',
  steps: [
    { kind: 'figure', figure: 'clock', query: 'clock.a=3&clock.b=110', note: 'Add 3 and 110 on the clock. Where does the hand stop?' },
    { kind: 'prompt', prompt: 'mem-three-phases', note: '' },
    { kind: 'figure', figure: 'training-timeline', query: 'training-timeline.step=550&training-timeline.x=log', note: 'Élan: π ≈ 3.14, "quotes" and\nnew lines.' },
    { kind: 'prompt', prompt: 'cu-why-sudden', note: 'Discuss with a neighbour first.' },
  ],
};
const catalog = { figures: ['clock', 'training-timeline', 'progress-measures'], prompts: ['mem-three-phases', 'cu-why-sudden'] };

/** The `a` parameter for an arbitrary text, compressed as the encoder does. */
const pack = (text: string) => toBase64url(deflateRawSync(Buffer.from(text, 'utf8')));
const kinds = (ps: Problem[]) => ps.map((p) => p.kind);

describe('round trip', () => {
  it('decodes what it encodes, with no problems', async () => {
    const { param, fits } = await encodeLesson(lesson);
    expect(fits).toBe(true);
    expect(param).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeLesson(param)).toEqual({ lesson, version: 1, problems: [], positions: [1, 2, 3, 4] });
    expect(resolveLesson(lesson, catalog)).toEqual({ lesson, problems: [] });
  });

  it('writes format 1, with a `v` field, and decodes what zlib compresses too', async () => {
    expect(writeV1(lesson).split('\n')[0]).toBe('{"v":1,"t":"Grokking in 50 minutes","n":4}');
    expect(decodeLesson(pack(writeV1(lesson))).lesson).toEqual(lesson);
  });

  it('reads a format-1 address written by hand, as old links were', () => {
    const text = '{"v":1,"t":"Old link","n":2}\n["f","clock","clock.a=5"]\n["p","mem-three-phases","Why?"]\n';
    expect(decodeLesson(pack(text))).toEqual({
      lesson: { title: 'Old link', steps: [{ kind: 'figure', figure: 'clock', query: 'clock.a=5', note: '' }, { kind: 'prompt', prompt: 'mem-three-phases', note: 'Why?' }] },
      version: 1,
      problems: [],
      positions: [1, 2],
    });
  });

  it('makes the student page path under any base', () => {
    expect(assignPath('abc')).toBe('/assign/?a=abc');
    expect(assignPath('abc', '/sub/', 'print/')).toBe('/sub/assign/print/?a=abc');
  });

  it('keys progress by the lesson, not by how it was compressed', async () => {
    expect(lessonKey(decodeLesson(pack(writeV1(lesson))).lesson)).toBe(lessonKey(lesson));
    expect(lessonKey({ ...lesson, title: 'Other' })).not.toBe(lessonKey(lesson));
  });
});

describe('size limit', () => {
  it('says when a lesson does not fit one address', async () => {
    // Incompressible notes: 14 steps of 600 random characters.
    let s = 1;
    const noise = () => Array.from({ length: LIMITS.note }, () => String.fromCharCode(33 + ((s = (s * 48271) % 2147483647) % 90))).join('');
    const big: Lesson = { title: 'Big', steps: Array.from({ length: 14 }, () => ({ kind: 'prompt' as const, prompt: 'mem-split', note: noise() })) };
    const { param, fits } = await encodeLesson(big);
    expect(param.length).toBeGreaterThan(LIMITS.address);
    expect(fits).toBe(false);
    // It still decodes (the reader accepts twice the limit), so an over-long link is never lost.
    expect(param.length).toBeLessThan(LIMITS.readAddress);
    expect(decodeLesson(param).lesson).toEqual(big);
  });

  it('refuses to read an address longer than any it writes', () => {
    expect(decodeLesson('A'.repeat(LIMITS.readAddress + 1))).toEqual({ lesson: { title: '', steps: [] }, version: null, problems: [{ kind: 'too-long' }], positions: [] });
  });

  it('caps notes, titles and the number of steps', () => {
    const text = `${JSON.stringify({ v: 1, t: 'T'.repeat(500), n: 40 })}\n${Array.from({ length: 40 }, (_, i) => JSON.stringify(['p', 'mem-split', i === 0 ? 'x'.repeat(5000) : ''])).join('\n')}\n`;
    const { lesson: got, problems } = decodeLesson(pack(text));
    expect(got.title.length).toBe(LIMITS.title);
    expect(got.steps.length).toBe(LIMITS.steps);
    expect(got.steps[0].note.length).toBe(LIMITS.note);
    expect(problems).toEqual([{ kind: 'step', step: 1, reason: 'note-cut' }, { kind: 'too-many-steps', dropped: 10 }]);
  });
});

describe('hostile addresses', () => {
  it('cut short: opens the whole steps before the cut and says how many are missing', async () => {
    const { param } = await encodeLesson(lesson);
    const seen = new Set<number>();
    for (let keep = 0; keep < param.length; keep++) {
      const { lesson: got, problems } = decodeLesson(param.slice(0, keep));
      expect(got.steps).toEqual(lesson.steps.slice(0, got.steps.length)); // a prefix, never a damaged step
      seen.add(got.steps.length);
      if (got.steps.length === 0 && problems[0]?.kind === 'unreadable') continue;
      expect(kinds(problems), `keep ${keep}`).toContain('truncated');
      const t = problems.find((p) => p.kind === 'truncated')!;
      if (t.kind === 'truncated' && t.expected !== null) expect(t.expected).toBe(4);
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]); // 4: every step, but not the end of the stream
  });

  it('damaged: never throws, keeps only steps that read, and reports damage', async () => {
    const { param } = await encodeLesson(lesson);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let damagedSeen = 0;
    for (let i = 0; i < param.length; i++) {
      const c = alphabet[(alphabet.indexOf(param[i]) + 17) % 64];
      const bad = param.slice(0, i) + c + param.slice(i + 1);
      const { lesson: got, problems } = decodeLesson(bad);
      const { lesson: shown, problems: more } = resolveLesson(got, catalog);
      for (const s of shown.steps) {
        if (s.kind === 'figure') expect(catalog.figures).toContain(s.figure);
        else expect(catalog.prompts).toContain(s.prompt);
      }
      const all = [...problems, ...more];
      if (all.length) damagedSeen++;
      for (const p of all) expect(describeProblem(p)).not.toMatch(/[<>]/);
    }
    expect(damagedSeen).toBeGreaterThan(param.length / 2);
  });

  it('characters outside base64url: reads up to them and says the address is damaged', async () => {
    const { param } = await encodeLesson(lesson);
    const { problems } = decodeLesson(`${param.slice(0, -8)}<script>${param.slice(-8)}`);
    expect(kinds(problems)).toContain('corrupt');
  });

  it('from the future: keeps the steps it knows, and says which it left out', () => {
    const text = '{"v":7,"t":"Next year","n":3,"theme":"x"}\n["f","clock","clock.a=9","n",{"extra":1}]\n["quiz",{"q":"?"}]\n["p","cu-why-sudden"]\n';
    const { lesson: got, version, problems } = decodeLesson(pack(text));
    expect(version).toBe(7);
    expect(got.steps.map((s) => s.kind)).toEqual(['figure', 'prompt']);
    expect(problems).toEqual([{ kind: 'future', version: 7 }, { kind: 'step', step: 2, reason: 'unknown-kind' }]);
    expect(describeProblem(problems[0])).toMatch(/newer version/);
  });

  it('not an assignment: base64 of anything else, empty, or plain junk', () => {
    for (const a of ['', 'hello', '%3Cscript%3E', toBase64url(new TextEncoder().encode('{"v":1}')), pack('just text'), pack('{"v":"1"}\n'), pack('null\n'), pack('[]\n')]) {
      const d = decodeLesson(a);
      expect(d.lesson.steps, a).toEqual([]);
      expect(kinds(d.problems).some((k) => k === 'unreadable' || k === 'corrupt' || k === 'truncated'), `${a}: ${JSON.stringify(d.problems)}`).toBe(true);
    }
  });

  it('a compressed bomb stops at the text limit', () => {
    const bomb = toBase64url(deflateRawSync(Buffer.alloc(8_000_000, 0x20)));
    expect(bomb.length).toBeLessThan(LIMITS.readAddress);
    const d = decodeLesson(bomb);
    expect(d.lesson.steps).toEqual([]);
  });

  it('steps with the wrong shapes, unknown ids or bad figure state are dropped or reset, named by number', () => {
    const lines = [
      '{"v":1,"t":"<img src=x onerror=alert(1)>","n":8}',
      '["f","clock","clock.a=<script>&clock.b=7&clock.zzz=1&other.q=1"]',
      '["f","../../etc/passwd",""]',
      '["f","no-such-figure",""]',
      '["p","no-such-prompt"]',
      '["p","mem-three-phases",{"toString":1}]',
      '["f","clock",123]',
      '{"not":"a step"}',
      '["p","cu-why-sudden","\\u0000bell\\u0007 \\u202eevil"]',
    ];
    const d = decodeLesson(pack(`${lines.join('\n')}\n`));
    const r = resolveLesson(d.lesson, catalog, d.positions);
    expect(r.lesson.title).toBe('<img src=x onerror=alert(1)>'); // kept as text: the page renders it as text
    expect(r.lesson.steps).toEqual([
      { kind: 'figure', figure: 'clock', query: 'clock.b=7', note: '' },
      { kind: 'prompt', prompt: 'cu-why-sudden', note: 'bell evil' },
    ]);
    expect([...d.problems, ...r.problems]).toEqual([
      { kind: 'step', step: 2, reason: 'unreadable' }, // "../../etc/passwd" is no id
      { kind: 'step', step: 5, reason: 'unreadable' },
      { kind: 'step', step: 6, reason: 'unreadable' },
      { kind: 'step', step: 7, reason: 'unreadable' },
      { kind: 'step', step: 1, reason: 'figure-state', fields: ['a', 'unknown settings'] },
      { kind: 'step', step: 3, reason: 'unknown-figure' },
      { kind: 'step', step: 4, reason: 'unknown-prompt' },
    ]);
    expect(resolveLesson({ title: '', steps: [{ kind: 'prompt', prompt: '__proto__', note: '' }] }, catalog).problems).toEqual([{ kind: 'step', step: 1, reason: 'unknown-prompt' }]);
  });
});
