import { describe, expect, it } from 'vitest';
import { cssRules, htmlClasses, keepRule, purgeCss, requiredClasses } from '../../../scripts/fonts/katex-css';

describe('KaTeX stylesheet purge', () => {
  const css =
    '@font-face{font-family:KaTeX_Main;src:url(a.woff2)}.katex{font:normal 1.21em KaTeX_Main}' +
    '.katex .mfrac .frac-line{border-bottom-style:solid}.katex .cancel-pad{padding:0 .2em}' +
    '.katex .fontsize-ensurer.reset-size1.size1,.katex .sizing.reset-size1.size1{font-size:1em}' +
    '.katex .accent>.vlist-t:not(.accent-full){text-align:center}.katex-error{color:#c00}';

  it('splits a flat stylesheet and refuses one it would misread', () => {
    expect(cssRules(css).map((r) => r.prelude)).toEqual([
      '@font-face',
      '.katex',
      '.katex .mfrac .frac-line',
      '.katex .cancel-pad',
      '.katex .fontsize-ensurer.reset-size1.size1,.katex .sizing.reset-size1.size1',
      '.katex .accent>.vlist-t:not(.accent-full)',
      '.katex-error',
    ]);
    expect(() => cssRules('@media print{.a{color:red}}')).toThrow(/nested/);
  });

  it('requires every class of a selector except those inside :not()', () => {
    expect(requiredClasses('.katex .sizing.reset-size1.size1')).toEqual(['katex', 'sizing', 'reset-size1', 'size1']);
    expect(requiredClasses('.katex .accent>.vlist-t:not(.accent-full)')).toEqual(['katex', 'accent', 'vlist-t']);
  });

  it('keeps @-rules, the selectors whose classes are used, and the error style', () => {
    const used = htmlClasses('<span class="katex"><span class="mfrac"><span class="frac-line"></span></span><span class="sizing reset-size1 size1">x</span></span>');
    expect(keepRule({ prelude: '.katex .fontsize-ensurer.reset-size1.size1,.katex .sizing.reset-size1.size1', body: 'font-size:1em' }, used)).toEqual({
      prelude: '.katex .sizing.reset-size1.size1',
      body: 'font-size:1em',
    });
    expect(purgeCss(css, used)).toBe(
      '@font-face{font-family:KaTeX_Main;src:url(a.woff2)}.katex{font:normal 1.21em KaTeX_Main}' +
        '.katex .mfrac .frac-line{border-bottom-style:solid}.katex .sizing.reset-size1.size1{font-size:1em}.katex-error{color:#c00}',
    );
  });
});
