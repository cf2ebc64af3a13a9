// Remark plugin: numbers <Figure id="…"> elements of one MDX file in document order and resolves
// <FigRef id="…"/> to the same numbers, at build time (so numbers need no client script and
// appear in print). A duplicate or malformed figure id, or a FigRef to a missing figure, fails
// the build with the file name.
//   <Figure id="clock">   → gets attribute n="1"          (rendered "Figure 1", anchor #fig-clock)
//   <FigRef id="clock" /> → gets attribute n="1"          (rendered as a link "Figure 1")

interface JsxAttribute {
  type: 'mdxJsxAttribute';
  name: string;
  value?: unknown;
}
interface Node {
  type: string;
  name?: string | null;
  attributes?: Array<JsxAttribute | { type: string }>;
  children?: Node[];
  position?: { start: { line: number } };
}
interface VFileLike {
  path?: string;
  history?: string[];
}

export const FIGURE_ID = /^[a-z0-9][a-z0-9-]*$/;

function isJsx(node: Node, name: string): boolean {
  return (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name === name;
}

function stringAttr(node: Node, name: string): string | undefined {
  const attr = node.attributes?.find((a): a is JsxAttribute => a.type === 'mdxJsxAttribute' && (a as JsxAttribute).name === name);
  return typeof attr?.value === 'string' ? attr.value : undefined;
}

function setAttr(node: Node, name: string, value: string): void {
  node.attributes = (node.attributes ?? []).filter((a) => !(a.type === 'mdxJsxAttribute' && (a as JsxAttribute).name === name));
  node.attributes.push({ type: 'mdxJsxAttribute', name, value });
}

function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  for (const child of node.children ?? []) walk(child, visit);
}

/** Numbers figures in `tree` and returns id → number. Exported for unit tests. */
export function numberFigures(tree: Node, fileName = 'this file'): Map<string, number> {
  const numbers = new Map<string, number>();
  const where = (n: Node) => `${fileName}${n.position ? `:${n.position.start.line}` : ''}`;
  walk(tree, (node) => {
    if (!isJsx(node, 'Figure')) return;
    const id = stringAttr(node, 'id');
    if (id === undefined) throw new Error(`${where(node)}: <Figure> needs a literal id="…" attribute`);
    if (!FIGURE_ID.test(id)) throw new Error(`${where(node)}: invalid figure id "${id}" (use lowercase letters, digits and dashes)`);
    if (numbers.has(id)) throw new Error(`${where(node)}: duplicate figure id "${id}"`);
    numbers.set(id, numbers.size + 1);
    setAttr(node, 'n', String(numbers.size));
  });
  walk(tree, (node) => {
    if (!isJsx(node, 'FigRef')) return;
    const id = stringAttr(node, 'id');
    const n = id === undefined ? undefined : numbers.get(id);
    if (n === undefined) throw new Error(`${where(node)}: <FigRef id="${id ?? ''}"> points to no figure in this chapter`);
    setAttr(node, 'n', String(n));
  });
  return numbers;
}

export default function remarkFigures() {
  return (tree: Node, file: VFileLike) => {
    numberFigures(tree, file.path ?? file.history?.[0]);
  };
}
