// Rehype plugin for KaTeX output (runs after rehype-katex):
// 1. Display math wider than a narrow screen scrolls sideways (.katex-display has overflow-x:
//    auto). A scrollable region must be reachable by keyboard (WCAG 2.1.1, axe rule
//    scrollable-region-focusable), so each display gets tabindex="0".
// 2. Inline math is an inline-block, after which browsers may break the line, leaving a comma
//    or full stop at the start of the next line. The math and the punctuation right after it
//    are wrapped together in <span class="math-nowrap">.
interface Node {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: Node[];
}

function hasClass(node: Node, name: string): boolean {
  const c = node.properties?.className;
  return Array.isArray(c) ? c.includes(name) : typeof c === 'string' && c.split(/\s+/).includes(name);
}

const LEADING_PUNCTUATION = /^[,.;:!?)\]’”]+/;

export default function rehypeMathLayout() {
  return (tree: Node) => {
    const walk = (node: Node) => {
      if (node.type === 'element' && hasClass(node, 'katex-display')) {
        node.properties = { ...node.properties, tabIndex: 0 };
        return;
      }
      const kids = node.children;
      if (!kids) return;
      for (let i = 0; i < kids.length; i++) {
        const k = kids[i];
        const next = kids[i + 1];
        if (k.type === 'element' && hasClass(k, 'katex') && next?.type === 'text') {
          const m = LEADING_PUNCTUATION.exec(next.value ?? '');
          if (m) {
            next.value = (next.value ?? '').slice(m[0].length);
            kids[i] = {
              type: 'element',
              tagName: 'span',
              properties: { className: ['math-nowrap'] },
              children: [k, { type: 'text', value: m[0] }],
            };
          }
        } else {
          walk(k);
        }
      }
    };
    walk(tree);
  };
}
