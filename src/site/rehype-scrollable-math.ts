// Rehype plugin: display math that is wider than a narrow screen scrolls sideways
// (.katex-display has overflow-x: auto). A scrollable region must be reachable by keyboard
// (WCAG 2.1.1; axe rule scrollable-region-focusable), so each display gets tabindex="0".
interface Element {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: Element[];
}

function hasClass(node: Element, name: string): boolean {
  const c = node.properties?.className;
  return Array.isArray(c) ? c.includes(name) : typeof c === 'string' && c.split(/\s+/).includes(name);
}

export default function rehypeScrollableMath() {
  return (tree: Element) => {
    const walk = (node: Element) => {
      if (node.type === 'element' && hasClass(node, 'katex-display')) {
        node.properties = { ...node.properties, tabIndex: 0 };
      }
      for (const child of node.children ?? []) walk(child);
    };
    walk(tree);
  };
}
