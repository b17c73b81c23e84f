/** JSON pointer → offset in the document's text (JSON or YAML), to report examples as file:line:col. */
import { parseTree, type Node } from 'jsonc-parser';
import { isMap, isSeq, parseDocument } from 'yaml';

const segments = (pointer: string): string[] =>
  pointer === '#' || pointer === ''
    ? []
    : pointer
        .replace(/^#\//, '')
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

export function pointerLocator(text: string, yaml: boolean): (pointer: string) => number | undefined {
  return yaml ? yamlLocator(text) : jsonLocator(text);
}

function jsonLocator(text: string): (pointer: string) => number | undefined {
  let tree: Node | undefined;
  return (pointer) => {
    tree ??= parseTree(text, [], { disallowComments: false });
    let node = tree;
    for (const seg of segments(pointer)) {
      if (!node) return undefined;
      if (node.type === 'array') node = node.children?.[Number(seg)];
      else if (node.type === 'object') {
        // The last occurrence wins, as for JSON.parse.
        const prop = node.children?.filter((p) => p.children?.[0]?.value === seg).pop();
        node = prop?.children?.[1];
      } else return undefined;
    }
    return node?.offset;
  };
}

function yamlLocator(text: string): (pointer: string) => number | undefined {
  let doc: ReturnType<typeof parseDocument> | undefined;
  return (pointer) => {
    doc ??= parseDocument(text, { keepSourceTokens: false });
    let node: unknown = doc.contents;
    for (const seg of segments(pointer)) {
      if (isMap(node)) {
        node = node.items.find((pair) => String((pair.key as { value?: unknown })?.value ?? pair.key) === seg)?.value;
      } else if (isSeq(node)) node = node.items[Number(seg)];
      else return undefined;
    }
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return range?.[0];
  };
}
