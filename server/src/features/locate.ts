/**
 * Finds where JSON paths stand in the text, in one `jsonc-parser` visit that skips every subtree holding
 * none of the wanted paths. Used only when there is something to report, so a valid document never
 * pays for it.
 */
import { visit } from 'jsonc-parser';

export type JsonPath = Array<string | number>;

export interface Located {
  /** The property key (quotes included), when the value is an object member. */
  key?: { offset: number; length: number };
  value: { offset: number; length: number };
}

interface TrieNode {
  wanted: boolean;
  children: Map<string, TrieNode>;
}

interface Frame {
  node: TrieNode | undefined;
  isArray: boolean;
  index: number;
  pendingKey: string | undefined;
  keyOffset: number;
  keyLength: number;
  start: number;
  /** Path key of this container when it is itself wanted. */
  selfKey: string | undefined;
  selfKeyRange: { offset: number; length: number } | undefined;
}

export const pathKey = (path: JsonPath): string => JSON.stringify(path.map(String));

export function locatePaths(text: string, paths: JsonPath[]): Map<string, Located> {
  const found = new Map<string, Located>();
  if (paths.length === 0) return found;
  const root: TrieNode = { wanted: false, children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const seg of path) {
      const k = String(seg);
      let child = node.children.get(k);
      if (!child) node.children.set(k, (child = { wanted: false, children: new Map() }));
      node = child;
    }
    node.wanted = true;
  }

  const stack: Frame[] = [];
  const current: string[] = [];

  /** The trie node and key range of the value that starts now, advancing the parent array's index. */
  const enterValue = (): { node: TrieNode | undefined; key?: { offset: number; length: number }; seg?: string } => {
    const parent = stack[stack.length - 1];
    if (!parent) return { node: root };
    if (parent.isArray) {
      const seg = String(parent.index++);
      return { node: parent.node?.children.get(seg), seg };
    }
    const seg = parent.pendingKey ?? '';
    return { node: parent.node?.children.get(seg), key: { offset: parent.keyOffset, length: parent.keyLength }, seg };
  };

  const begin =
    (isArray: boolean) =>
    (offset: number): boolean => {
      const { node, key, seg } = enterValue();
      if (seg !== undefined && stack.length > 0) current.push(seg);
      const selfKey = node?.wanted ? pathKey(current) : undefined;
      stack.push({
        node,
        isArray,
        index: 0,
        pendingKey: undefined,
        keyOffset: 0,
        keyLength: 0,
        start: offset,
        selfKey,
        selfKeyRange: key,
      });
      // A container holding no wanted path (and not wanted itself) is skipped whole.
      return node !== undefined && (node.children.size > 0 || node.wanted);
    };

  const end = (offset: number, length: number): void => {
    const frame = stack.pop();
    if (!frame) return;
    if (stack.length > 0) current.pop();
    if (frame.selfKey !== undefined) {
      const located: Located = { value: { offset: frame.start, length: offset + length - frame.start } };
      if (frame.selfKeyRange) located.key = frame.selfKeyRange;
      found.set(frame.selfKey, located);
    }
  };

  visit(
    text,
    {
      onObjectBegin: begin(false),
      onArrayBegin: begin(true),
      // Both end callbacks must exist: the parser only resumes after a skipped subtree inside them.
      onObjectEnd: end,
      onArrayEnd: end,
      onObjectProperty: (name, offset, length) => {
        const frame = stack[stack.length - 1];
        if (frame) {
          frame.pendingKey = name;
          frame.keyOffset = offset;
          frame.keyLength = length;
        }
      },
      onLiteralValue: (_value, offset, length) => {
        const { node, key, seg } = enterValue();
        if (node?.wanted) {
          const p = stack.length > 0 && seg !== undefined ? [...current, seg] : current;
          const located: Located = { value: { offset, length } };
          if (key) located.key = key;
          found.set(pathKey(p), located);
        }
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  return found;
}
