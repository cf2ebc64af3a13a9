import { describe, expect, it } from 'vitest';
import { ankiCsv, csvField } from '../../../src/lib/recall/anki.ts';
import type { ChapterPrompt } from '../../../src/lib/recall/schema.ts';
import { clozeSegments, promptSides } from '../../../src/lib/recall/text.ts';

const prompts: ChapterPrompt[] = [
  { chapter: '01-memorization', id: 'mem-q', kind: 'qa', q: 'Say "hi", then stop', a: 'hi,\nstop', tags: ['phases'] },
  { chapter: '02-algorithm', id: 'alg-c', kind: 'cloze', cloze: 'Addition mod p composes {{rotations}}.', tags: [] },
];

/** A minimal RFC 4180 reader, to check the file parses back into the same fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), i++;
    } else field += c;
  }
  return rows;
}

describe('Anki CSV', () => {
  it('quotes fields per RFC 4180', () => {
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
  });

  it('writes Anki headers, then front, back, tags, guid per prompt', () => {
    const csv = ankiCsv(prompts);
    const lines = csv.split('\r\n');
    expect(lines.slice(0, 7)).toEqual([
      '#separator:Comma',
      '#html:false',
      '#notetype:Basic',
      '#deck:Grokking, Gradually',
      '#columns:Front,Back,Tags,GUID',
      '#tags column:3',
      '#guid column:4',
    ]);
    const rows = parseCsv(lines.slice(7).join('\r\n'));
    expect(rows).toEqual([
      [
        'Say "hi", then stop',
        'hi,\nstop',
        'grokking-gradually grokking-gradually::01-memorization grokking-gradually::phases',
        'grokking-gradually-mem-q',
      ],
      [
        'Addition mod p composes […].',
        'Addition mod p composes rotations.',
        'grokking-gradually grokking-gradually::02-algorithm',
        'grokking-gradually-alg-c',
      ],
    ]);
  });

  it('splits cloze text into gaps and text, and sides for predict prompts name the figure', () => {
    expect(clozeSegments('{{A}} and {{B}}.')).toEqual([
      { text: 'A', gap: true },
      { text: ' and ', gap: false },
      { text: 'B', gap: true },
      { text: '.', gap: false },
    ]);
    const p = { id: 'x', kind: 'predict', q: 'Predict?', a: 'Low.', figure: 'loss-curves', step: 1500, phase: 'circuit', tags: [] } as const;
    expect(promptSides({ ...p, tags: [] }).front).toBe('Predict?\n(Check: figure “loss-curves” at step 1,500.)');
  });
});

describe('figure targets of predict prompts', () => {
  it('link to the figure in its chapter, in the prompt state, and refuse unknown figures', async () => {
    const { figureTarget } = await import('../../../src/lib/recall/figure-check.ts');
    const t = figureTarget('weight-decay', 10000, { y: 'norm' });
    expect(t?.params).toEqual([
      ['weight-decay.step', '10000'],
      ['weight-decay.y', 'norm'],
    ]);
    expect(t?.href).toMatch(/^\/chapters\/[a-z0-9-]+\/\?weight-decay\.step=10000&weight-decay\.y=norm#fig-weight-decay$/);
    expect(figureTarget('no-such-figure', 1)).toBeNull();
  });
});
