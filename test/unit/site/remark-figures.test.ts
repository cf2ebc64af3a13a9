import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { numberFigures } from '../../../src/site/remark-figures';

type Tree = Parameters<typeof numberFigures>[0];
const parse = (src: string) => unified().use(remarkParse).use(remarkMdx).parse(src) as unknown as Tree;

function attrs(tree: Tree, name: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const walk = (n: Tree) => {
    if (n.name === name) {
      out.push(Object.fromEntries((n.attributes ?? []).map((a) => [(a as { name: string }).name, (a as { value: unknown }).value])));
    }
    for (const c of n.children ?? []) walk(c);
  };
  walk(tree);
  return out;
}

describe('remark-figures', () => {
  it('numbers figures in document order and resolves FigRefs, including forward references', () => {
    const tree = parse(
      ['See <FigRef id="two" />.', '', '<Figure id="one">', 'x', '</Figure>', '', 'Text.', '', '<Figure id="two" title="T">', 'y', '</Figure>'].join('\n'),
    );
    const map = numberFigures(tree, 'ch.mdx');
    expect([...map]).toEqual([
      ['one', 1],
      ['two', 2],
    ]);
    expect(attrs(tree, 'Figure').map((a) => a.n)).toEqual(['1', '2']);
    expect(attrs(tree, 'FigRef')).toEqual([{ id: 'two', n: '2' }]);
  });

  it('fails with the file and line on a duplicate id', () => {
    const tree = parse('<Figure id="a">x</Figure>\n\n<Figure id="a">y</Figure>');
    expect(() => numberFigures(tree, 'content/chapters/02.mdx')).toThrow('content/chapters/02.mdx:3: duplicate figure id "a"');
  });

  it('fails on a malformed id, a missing id and a dangling FigRef', () => {
    expect(() => numberFigures(parse('<Figure id="Bad Id">x</Figure>'), 'f.mdx')).toThrow(/invalid figure id "Bad Id"/);
    expect(() => numberFigures(parse('<Figure>x</Figure>'), 'f.mdx')).toThrow(/needs a literal id/);
    expect(() => numberFigures(parse('Look at <FigRef id="nope" />.'), 'f.mdx')).toThrow(/FigRef id="nope".*no figure/);
  });
});
