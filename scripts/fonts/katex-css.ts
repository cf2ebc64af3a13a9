// KaTeX's stylesheet cut to the rules the site's math uses, for scripts/fonts/subset.ts (which writes
// src/styles/katex.css) and test/browser/fonts.test.ts (which checks nothing needed was cut).
//
// katex.min.css is 22 kB (3.6 kB gzipped) on every page with math; most of it styles what our math never
// shows (\cancel, \fbox's many kin, arrays, 110 size combinations). A rule stays when every class its
// selector requires appears in some class attribute of a built page; classes inside :not(…) are not
// required. The widgets render their math on the built pages too, in every form they take (the trig
// steps show all their steps), so the pages' classes cover what the browser renders later. @-rules
// (the @font-face of each face) are kept whole: a face nobody uses is never downloaded.

/** A top-level rule: its selector list (or @-rule prelude) and its block's text. */
export interface CssRule {
  prelude: string;
  body: string;
}

/** Rules always kept: what KaTeX shows for a formula it cannot parse (throwOnError: false). */
const ALWAYS = new Set(['katex-error']);

/** Splits a flat stylesheet (no nested blocks besides @font-face's) into its rules. */
export function cssRules(css: string): CssRule[] {
  const rules: CssRule[] = [];
  const re = /([^{}]+)\{([^{}]*)\}/g;
  for (let m = re.exec(css); m; m = re.exec(css)) rules.push({ prelude: m[1].trim(), body: m[2] });
  const rebuilt = rules.map((r) => `${r.prelude}{${r.body}}`).join('');
  if (rebuilt.replace(/\s+/g, '') !== css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, '')) {
    throw new Error('cssRules: the stylesheet has nested blocks or stray text this splitter does not handle');
  }
  return rules;
}

/** The classes a selector requires (those inside :not(…) excluded). */
export function requiredClasses(selector: string): string[] {
  let s = selector;
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(/:not\([^()]*\)/g, '');
  }
  return [...s.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].map((m) => m[1]);
}

/** Every class named in a class attribute of `html`. */
export function htmlClasses(html: string, into = new Set<string>()): Set<string> {
  for (const m of html.matchAll(/\sclass="([^"]*)"/g)) for (const c of m[1].split(/\s+/)) if (c) into.add(c);
  return into;
}

/** The rule with only the selectors whose classes all appear in `used`, or null if none does. */
export function keepRule(rule: CssRule, used: Set<string>): CssRule | null {
  if (rule.prelude.startsWith('@')) return rule;
  const selectors = rule.prelude.split(',').filter((s) => requiredClasses(s).every((c) => used.has(c) || ALWAYS.has(c)));
  return selectors.length > 0 ? { prelude: selectors.join(','), body: rule.body } : null;
}

/** The stylesheet cut to what `used` needs, minified as its input was. */
export function purgeCss(css: string, used: Set<string>): string {
  return cssRules(css)
    .map((r) => keepRule(r, used))
    .filter((r): r is CssRule => r !== null)
    .map((r) => `${r.prelude}{${r.body}}`)
    .join('');
}
