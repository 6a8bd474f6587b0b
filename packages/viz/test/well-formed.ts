import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';

type Node = Record<string, unknown>;

/** The parsed document, after asserting what every plot promises: well-formed XML, a title, a viewBox, no NaN. */
export function expectWellFormedSvg(svg: string): Node {
  const valid = XMLValidator.validate(svg);
  expect(valid, JSON.stringify(valid)).toBe(true);
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    preserveOrder: true,
    parseTagValue: false,
    parseAttributeValue: false,
  }).parse(svg) as Node[];
  expect(doc).toHaveLength(1);
  const root = doc[0] as Node;
  const children = root.svg as Node[];
  expect(children, 'root element is <svg>').toBeDefined();
  const attrs = root[':@'] as Record<string, string>;
  expect(attrs['@xmlns']).toBe('http://www.w3.org/2000/svg');
  expect(attrs['@viewBox']).toBe(`0 0 ${attrs['@width']} ${attrs['@height']}`);
  expect(Number(attrs['@width'])).toBeGreaterThan(0);
  expect(Number(attrs['@height'])).toBeGreaterThan(0);
  const title = children[0] as Node;
  expect(Object.keys(title)).toContain('title');
  expect(textOf(title.title as Node[]).length).toBeGreaterThan(0);
  for (const [name, value] of attributes(doc)) {
    if (value.startsWith('data:image/png;base64,')) continue; // base64 may spell "NaN" by chance
    expect(value, `attribute ${name}`).not.toMatch(/NaN|undefined|Infinity|null|\[object/);
  }
  return root;
}

function textOf(nodes: Node[]): string {
  return nodes.map((n) => String(n['#text'] ?? '')).join('');
}

function* attributes(nodes: Node[]): Generator<[string, string]> {
  for (const node of nodes) {
    const attrs = node[':@'] as Record<string, string> | undefined;
    if (attrs) for (const [k, v] of Object.entries(attrs)) yield [k, String(v)];
    for (const [key, value] of Object.entries(node))
      if (key !== ':@' && Array.isArray(value)) yield* attributes(value as Node[]);
  }
}

/** Every element of `tag` (with its attributes) anywhere in the parsed document. */
export function elements(root: Node, tag: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const walk = (nodes: Node[]) => {
    for (const node of nodes) {
      for (const [key, value] of Object.entries(node)) {
        if (key === ':@' || !Array.isArray(value)) continue;
        if (key === tag) {
          const attrs = (node[':@'] ?? {}) as Record<string, string>;
          out.push({
            ...Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k.slice(1), String(v)])),
            '#text': textOf(value as Node[]),
          });
        }
        walk(value as Node[]);
      }
    }
  };
  walk([root]);
  return out;
}
