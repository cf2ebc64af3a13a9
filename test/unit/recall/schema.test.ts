import { describe, expect, it } from 'vitest';
import { promptFileSchema, promptSchema } from '../../../src/lib/recall/schema.ts';

const messages = (x: unknown) => {
  const r = promptSchema.safeParse(x);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('prompt schema', () => {
  it('accepts each kind and defaults tags', () => {
    expect(promptSchema.parse({ id: 'a-b', kind: 'qa', q: 'Q?', a: 'A.' }).tags).toEqual([]);
    expect(promptSchema.parse({ id: 'c', kind: 'cloze', cloze: 'x {{y}}' }).kind).toBe('cloze');
    expect(promptSchema.parse({ id: 'p', kind: 'predict', q: 'Q', a: 'A', figure: 'loss-curves', step: 0, phase: 'memorization' }).kind).toBe(
      'predict',
    );
  });

  it('explains bad ids, tags, cloze without a gap, and predict without a figure', () => {
    expect(messages({ id: 'Bad Id', kind: 'qa', q: 'Q', a: 'A' })).toEqual([
      'id: invalid prompt id: use lowercase words joined by hyphens, e.g. "mem-three-phases"',
    ]);
    expect(messages({ id: 'x', kind: 'qa', q: 'Q', a: 'A', tags: ['Seed Q1'] })).toEqual([
      'tags.0: invalid tag: use lowercase words joined by hyphens',
    ]);
    expect(messages({ id: 'x', kind: 'cloze', cloze: 'no gap here' })).toEqual([
      'cloze: invalid cloze: mark at least one gap as {{gap}}',
    ]);
    expect(messages({ id: 'x', kind: 'predict', q: 'Q', a: 'A', step: 3, phase: 'circuit' })).toEqual(['figure: Required']);
    expect(messages({ id: 'x', kind: 'predict', q: 'Q', a: 'A', figure: 'f', step: 3, phase: 'late' })).toHaveLength(1); // unknown phase
    expect(messages({ id: 'x', kind: 'qa', q: 'Q', a: 'A', figure: 'f' })).toHaveLength(1); // unknown key
  });

  it('refuses duplicate ids in a file', () => {
    const r = promptFileSchema.safeParse({
      prompts: [
        { id: 'x', kind: 'qa', q: 'Q', a: 'A' },
        { id: 'x', kind: 'qa', q: 'Q2', a: 'A2' },
      ],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe('duplicate prompt id: x');
  });
});
