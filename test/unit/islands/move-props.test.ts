import { describe, expect, it } from 'vitest';
import { moveIslandProps, propsUrl, unescapeAttribute } from '../../../src/lib/islands/move-props';

const props = { data: [0, { p: [0, 113], name: [0, `a "quoted" <name> & 'more'`] }] };
const escaped = JSON.stringify(props).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const island = (client: string, attrs = `props="${escaped}"`) =>
  `<astro-island uid="Z1" component-url="/_astro/PairsGrid.js" client="${client}" opts="{&quot;name&quot;:&quot;PairsGrid&quot;}" ${attrs} ssr=""><div>server render</div></astro-island>`;

describe('moving deferred islands’ props out of a page', () => {
  it('undoes exactly the escaping Astro applies to attribute values', () => {
    expect(unescapeAttribute('&quot;&#39;&lt;&gt;&amp;quot;')).toBe(`"'<>&quot;`);
  });

  it('moves a deferred island’s props into a file holding the same JSON, and points to it', () => {
    const page = `<p>before</p>${island('deferred')}<p>after</p>`;
    const { html, files } = moveIslandProps(page, '/base/_astro/props/');
    expect(files).toHaveLength(1);
    expect(JSON.parse(files[0].text)).toEqual(props);
    expect(files[0].url).toMatch(/^\/base\/_astro\/props\/[0-9a-f]{16}\.json$/);
    expect(html).toContain(`data-props-src="${files[0].url}"`);
    expect(html).not.toContain('props="');
    expect(html).toContain('<div>server render</div>');
    expect(html.startsWith('<p>before</p>') && html.endsWith('<p>after</p>')).toBe(true);
  });

  it('leaves islands of other directives, and deferred islands without props, as they are', () => {
    const page = island('visible') + island('idle') + island('deferred', '');
    expect(moveIslandProps(page, '/_astro/props/')).toEqual({ html: page, files: [] });
  });

  it('names a file after its content: the same props twice are one file, other props another', () => {
    const other = island('deferred').replace('113', '97');
    const { html, files } = moveIslandProps(island('deferred') + island('deferred') + other, '/p/');
    expect(files).toHaveLength(2);
    expect(files[0].url).toBe(propsUrl('/p/', files[0].text));
    expect(html.split(files[0].url)).toHaveLength(3);
    expect(html).toContain(files[1].url);
  });

  it('fails the build on props that are not JSON rather than shipping a figure that cannot hydrate', () => {
    expect(() => moveIslandProps(island('deferred', 'props="{broken"'), '/p/')).toThrow();
  });
});
