/**
 * The nodes quick fixes edit, without a jsonc tree of the whole file (15 bytes of heap per byte of text and several
 * times the time of `JSON.parse`: on a 2.6 MB file it was most of a code-action request). One scan over a text
 * `JSON.parse` accepted finds, for each fix, the smallest object or array it edits in (the object an add extends,
 * the parent of the member or item otherwise, or the deepest one of those that exists), skipping every subtree
 * holding no fix; only those containers are parsed, each once. The lookup answers what `findNodeAtLocation` on
 * the whole tree answers for every path a fix asks about (test/unit/server/fixEdits.test.ts holds the edits to
 * jsonc-parser's `modify`).
 */
import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { LIMITS } from './analyze';
import type { NodeAt } from './fixEdits';
import {
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  COMMA,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE,
  decodeString,
  skipSpace,
  stringEnd,
  valueEnd,
} from './jsonTokens';
import type { JsonPath } from './locate';
import type { Fix } from './problems';
import { tooDeepAt } from './scan';

/** The path of the container a fix edits in: the object an add extends, the parent of the member or item otherwise. */
export function containerPath(fix: Fix): JsonPath {
  return fix.kind === 'add' ? fix.path : fix.path.slice(0, -1);
}

/** Unlike `pathKey`, keeps an index apart from a key of the same digits. */
const keyOf = (path: JsonPath): string => JSON.stringify(path);

/** Whether {@link containersNodeAt} may read `text`: `JSON.parse` accepts it, nested within the depth limit. */
export function readsAsJson(text: string): boolean {
  try {
    JSON.parse(text);
  } catch {
    return false;
  }
  return tooDeepAt(text, LIMITS.maxDepth) === undefined;
}

interface Trie {
  /** By key (objects) or index (arrays): `0` and `"0"` differ, as they do to `findNodeAtLocation`. */
  children: Map<string | number, Trie>;
  /** The value at this path (a container, or a scalar the path goes through), once the scan reached it. */
  found?: { offset: number; end: number };
}

/**
 * {@link NodeAt} for the fixes editing in the containers at `paths`, on a text `JSON.parse` accepted (and nested
 * within the depth limit: jsonc-parser recurses). For a path through a scalar or a missing member, the deepest
 * container that exists on it is parsed instead, which is where `modify` creates what is missing.
 */
export function containersNodeAt(text: string, paths: readonly JsonPath[]): NodeAt {
  const root: Trie = { children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const segment of path) {
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = { children: new Map() }));
      node = child;
    }
  }
  findContainers(text, root);
  // Per path, the deepest value found on it; one inside another one chosen is served by that one.
  const chosen = new Map<string, { path: JsonPath; offset: number; end: number }>();
  for (const path of paths) {
    let node = root;
    let deepest = root.found ? { path: [] as JsonPath, ...root.found } : undefined;
    for (let k = 0; k < path.length; k++) {
      const child = node.children.get(path[k]);
      if (!child?.found) break;
      node = child;
      deepest = { path: path.slice(0, k + 1), ...child.found };
    }
    if (deepest) chosen.set(keyOf(deepest.path), deepest);
  }
  const trees = new Map<string, JsonNode>();
  const outermostFirst = [...chosen.values()].sort((a, b) => a.path.length - b.path.length);
  for (const c of outermostFirst) {
    let inside = false;
    for (let k = 0; k < c.path.length && !inside; k++) inside = trees.has(keyOf(c.path.slice(0, k)));
    if (inside) continue;
    const tree = parseTree(text.slice(c.offset, c.end));
    if (tree) trees.set(keyOf(c.path), shifted(tree, c.offset));
  }
  return (path) => {
    for (let k = path.length; k >= 0; k--) {
      const tree = trees.get(keyOf(path.slice(0, k)));
      if (tree) return k === path.length ? tree : findNodeAtLocation(tree, path.slice(k));
    }
    return undefined;
  };
}

/**
 * Records the range of every object or array on a path of the trie, walking into those that hold a deeper one and
 * skipping every other value by counting brackets. Like `findNodeAtLocation`, a repeated key is looked for in its
 * first occurrence only.
 */
function findContainers(text: string, root: Trie): void {
  // An explicit stack of the containers walked into, so depth costs no recursion.
  const tries: Trie[] = [];
  const isArray: boolean[] = [];
  const index: number[] = [];
  const seen: Array<Set<string> | undefined> = [];
  let i = skipSpace(text, 0);
  /** The value starting at `i`, whose trie node is `node` (none: off every path). */
  const enter = (node: Trie | undefined): void => {
    const c = text.charCodeAt(i);
    if (!node) {
      i = valueEnd(text, i);
      return;
    }
    // A scalar on a path is recorded too: the lookup then answers it, and nothing below it, as the tree would.
    if (node.children.size === 0 || (c !== OPEN_OBJECT && c !== OPEN_ARRAY)) {
      node.found = { offset: i, end: valueEnd(text, i) };
      i = node.found.end;
      return;
    }
    node.found = { offset: i, end: -1 };
    tries.push(node);
    isArray.push(c === OPEN_ARRAY);
    index.push(0);
    seen.push(undefined);
    i++;
    member();
  };
  /** At the start of a container's next member or item, or at its closing bracket. */
  const member = (): void => {
    i = skipSpace(text, i);
    const c = text.charCodeAt(i);
    if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      close();
      return;
    }
    const top = tries.length - 1;
    if (isArray[top]) {
      enter(tries[top].children.get(index[top]++));
      return;
    }
    if (c !== QUOTE) {
      i = text.length; // not valid JSON: stop
      return;
    }
    const keyEnd = stringEnd(text, i);
    const name = decodeString(text, i, keyEnd);
    i = skipSpace(text, keyEnd) + 1; // the colon
    i = skipSpace(text, i);
    const set = (seen[top] ??= new Set());
    const first = !set.has(name);
    set.add(name);
    enter(first ? tries[top].children.get(name) : undefined);
  };
  const close = (): void => {
    const node = tries.pop()!;
    isArray.pop();
    index.pop();
    seen.pop();
    i++;
    node.found = { offset: node.found!.offset, end: i };
  };
  enter(root);
  while (tries.length > 0 && i < text.length) {
    i = skipSpace(text, i);
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i++;
      member();
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) close();
    else break; // not valid JSON
  }
}

/** `tree` (parsed from a slice) with every offset moved to the whole text's. */
function shifted(tree: JsonNode, by: number): JsonNode {
  const stack = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    (node as { offset: number }).offset += by;
    if (node.children) for (const child of node.children) stack.push(child);
  }
  return tree;
}
