/**
 * Finds where JSON paths stand in a text that JSON.parse accepted, in one pass that walks only into the
 * containers holding a wanted path and skips the rest by bracket counting (jsonTokens.ts `valueEnd`). No token
 * values are built but the keys on the way. Used only when there is something to report, so a valid document
 * never pays for it.
 */
import { decodeString, OPEN_ARRAY, OPEN_OBJECT, skipSpace, stringEnd, valueEnd } from './jsonTokens';

export type JsonPath = Array<string | number>;

export interface Located {
  /** The property key (quotes included), when the value is an object member. */
  key?: { offset: number; length: number };
  value: { offset: number; length: number };
}

/** Where a path stands, or, when the text does not hold it, the longest of the other wanted paths that is a prefix of it. */
export interface Place {
  located: Located;
  /** The path itself (not a prefix of it) was found. */
  whole: boolean;
}

/**
 * A node of the trie of wanted paths. Its children are looked up by name in a list while they are few (most
 * nodes have one), in a map beyond that; an array's are visited in the order of their indexes.
 */
interface TrieNode {
  wanted: boolean;
  names: string[] | undefined;
  nodes: TrieNode[] | undefined;
  byName: Map<string, TrieNode> | undefined;
  parent: TrieNode | undefined;
  located: Located | undefined;
}

/** Children looked up in their list up to this many. */
const FEW = 8;

const trieNode = (parent: TrieNode | undefined): TrieNode => ({
  wanted: false,
  names: undefined,
  nodes: undefined,
  byName: undefined,
  parent,
  located: undefined,
});

function childNamed(node: TrieNode, name: string): TrieNode | undefined {
  if (node.byName) return node.byName.get(name);
  const names = node.names;
  if (names) for (let k = 0; k < names.length; k++) if (names[k] === name) return node.nodes![k];
  return undefined;
}

function addChild(node: TrieNode, name: string): TrieNode {
  const child = trieNode(node);
  if (!node.names || !node.nodes) {
    // Exactly one slot each: most nodes never get a second child.
    node.names = [name];
    node.nodes = [child];
    return child;
  }
  node.names.push(name);
  node.nodes.push(child);
  if (node.byName) node.byName.set(name, child);
  else if (node.names.length > FEW) node.byName = new Map(node.names.map((n, k) => [n, node.nodes![k]]));
  return child;
}

/**
 * The child named by the key spanning [start, end) (quotes included): compared in place while the node has few
 * children and the key has no escape, so no string is made per key.
 */
function childAtKey(node: TrieNode, text: string, start: number, end: number): TrieNode | undefined {
  const names = node.names!;
  if (node.byName) return node.byName.get(decodeString(text, start, end));
  const length = end - start - 2;
  for (let j = start + 1; j < end - 1; j++) {
    if (text.charCodeAt(j) === BACKSLASH) return childNamed(node, decodeString(text, start, end));
  }
  for (let k = 0; k < names.length; k++) {
    if (names[k].length === length && text.startsWith(names[k], start + 1)) return node.nodes![k];
  }
  return undefined;
}

/** An array node's children by index, ascending (names that are not an index in canonical form never match). */
function byIndex(node: TrieNode): { indexes: number[]; nodes: TrieNode[] } {
  const names = node.names!;
  const indexes: number[] = [];
  const nodes: TrieNode[] = [];
  let ascending = true;
  for (let k = 0; k < names.length; k++) {
    const index = Number(names[k]);
    if (!Number.isInteger(index) || index < 0 || String(index) !== names[k]) continue;
    if (indexes.length > 0 && index < indexes[indexes.length - 1]) ascending = false;
    indexes.push(index);
    nodes.push(node.nodes![k]);
  }
  // Problems come in the order of the text, so their indexes mostly do too.
  if (ascending) return { indexes, nodes };
  const order = indexes.map((_, k) => k).sort((a, b) => indexes[a] - indexes[b]);
  return { indexes: order.map((k) => indexes[k]), nodes: order.map((k) => nodes[k]) };
}

export const pathKey = (path: JsonPath): string => JSON.stringify(path.map(String));

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/**
 * Where each of `paths` stands in `text`, by {@link pathKey}. With `noRepeatedKeys` (the caller knows no object
 * repeats a key), the pass ends once every path is found; otherwise it reads on, since a later repeat of a key is
 * the one that counts.
 */
export function locatePaths(
  text: string,
  paths: JsonPath[],
  options: { noRepeatedKeys?: boolean } = {},
): Map<string, Located> {
  const found = new Map<string, Located>();
  const ends = walk(text, paths, options.noRepeatedKeys === true);
  paths.forEach((path, i) => {
    const located = ends[i].located;
    if (located) found.set(pathKey(path), located);
  });
  return found;
}

/** {@link locatePaths} by index of `paths`, each answered by its {@link Place}: no key is built per path. */
export function placePaths(
  text: string,
  paths: JsonPath[],
  options: { noRepeatedKeys?: boolean } = {},
): Array<Place | undefined> {
  return walk(text, paths, options.noRepeatedKeys === true).map((end) => {
    for (let node: TrieNode | undefined = end; node; node = node.parent) {
      if (node.wanted && node.located) return { located: node.located, whole: node === end };
    }
    return undefined;
  });
}

/** The pass: the trie of `paths` with every wanted node found given its place; answers each path's node. */
function walk(text: string, paths: JsonPath[], noRepeatedKeys: boolean): TrieNode[] {
  const root = trieNode(undefined);
  const ends: TrieNode[] = [];
  let wanted = 0;
  for (const path of paths) {
    let node = root;
    for (const seg of path) {
      const name = String(seg);
      node = childNamed(node, name) ?? addChild(node, name);
    }
    if (!node.wanted) wanted++;
    node.wanted = true;
    ends.push(node);
  }
  if (paths.length > 0) {
    // Paths not found yet; only counted down when the pass may end early.
    const left = { count: noRepeatedKeys ? wanted : Infinity };
    visit(text, root, skipSpace(text, 0), undefined, left);
  }
  return ends;
}

/**
 * Walks the value starting at `start` (its first character), placing `node` and the wanted nodes below it;
 * returns where the value ends, or where the pass stopped once `left.count` reached 0.
 */
function visit(text: string, node: TrieNode, start: number, key: Located['key'], left: { count: number }): number {
  const c = text.charCodeAt(start);
  let i: number;
  if (node.names === undefined || (c !== OPEN_OBJECT && c !== OPEN_ARRAY)) {
    i = valueEnd(text, start);
  } else if (c === OPEN_OBJECT) {
    i = skipSpace(text, start + 1);
    while (text.charCodeAt(i) === QUOTE) {
      const keyStart = i;
      const keyEnd = stringEnd(text, i);
      const child = childAtKey(node, text, keyStart, keyEnd);
      i = skipSpace(text, skipSpace(text, keyEnd) + 1); // past the colon
      if (child) {
        i = visit(text, child, i, { offset: keyStart, length: keyEnd - keyStart }, left);
        if (left.count === 0) return i;
      } else i = valueEnd(text, i);
      i = skipSpace(text, i);
      if (text.charCodeAt(i) !== COMMA) break;
      i = skipSpace(text, i + 1);
    }
    if (text.charCodeAt(i) === CLOSE_OBJECT) i++;
  } else {
    const { indexes, nodes } = byIndex(node);
    let next = 0; // the first of `indexes` not passed yet
    i = skipSpace(text, start + 1);
    if (text.charCodeAt(i) !== CLOSE_ARRAY) {
      for (let index = 0; i < text.length; index++) {
        if (indexes[next] === index) {
          i = visit(text, nodes[next++], i, undefined, left);
          if (left.count === 0) return i;
        } else i = valueEnd(text, i);
        i = skipSpace(text, i);
        if (text.charCodeAt(i) !== COMMA) break;
        i = skipSpace(text, i + 1);
      }
    }
    if (text.charCodeAt(i) === CLOSE_ARRAY) i++;
  }
  if (node.wanted) {
    const located: Located = { value: { offset: start, length: i - start } };
    if (key) located.key = key;
    node.located = located;
    left.count--;
  }
  return i;
}
