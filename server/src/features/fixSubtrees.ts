/**
 * The nodes quick fixes edit, without a jsonc tree of the whole file (15 bytes of heap per byte of text and several
 * times the time of `JSON.parse`: on a 2.6 MB file it was most of a code-action request). In a text `JSON.parse`
 * accepted, the smallest object or array each fix edits in (the object an add extends, the parent of the member or
 * item otherwise, or the deepest one of those that exists) is found by walking only the containers on its path,
 * skipping every other value by counting brackets; only those containers are parsed, each once per version. The
 * lookup answers what `findNodeAtLocation` on the whole tree answers for every path a fix asks about
 * (test/unit/server/fixEdits.test.ts holds the edits to jsonc-parser's `modify`).
 */
import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { LIMITS } from './analyze';
import type { NodeAt } from './fixEdits';
import { OPEN_ARRAY, OPEN_OBJECT, childrenOf, skipSpace, valueEnd, type Children } from './jsonTokens';
import type { JsonPath } from './locate';
import type { Fix } from './problems';
import { tooDeepAt } from './scan';

/** The path of the container a fix edits in: the object an add extends, the parent of the member or item otherwise. */
export function containerPath(fix: Fix): JsonPath {
  return fix.kind === 'add' ? fix.path : fix.path.slice(0, -1);
}

/** Whether {@link ContainerIndex} may read `text`: `JSON.parse` accepts it, nested within the depth limit. */
export function readsAsJson(text: string): boolean {
  try {
    JSON.parse(text);
  } catch {
    return false;
  }
  return tooDeepAt(text, LIMITS.maxDepth) === undefined;
}

/** A value on a path some fix asked about: where it starts and, once asked, its children and its parsed tree. */
interface Place {
  offset: number;
  depth: number;
  parent: Place | undefined;
  children?: Children;
  /** The places of children asked about, by key or index (`0` and `"0"` differ, as to `findNodeAtLocation`). */
  asked?: Map<string | number, Place>;
  tree?: JsonNode | null;
}

/**
 * The containers of one text, indexed as fixes ask for them and kept (per document version, by the caller): where
 * each child of every container walked starts, and the subtrees parsed. So a request per diagnostic, as the editor
 * sends them, costs a walk of the containers on the way and one small parse, not a scan of the whole text each.
 * Only for text `JSON.parse` accepted ({@link readsAsJson}); its offsets are those of that text.
 */
export class ContainerIndex {
  private readonly root: Place | undefined;

  constructor(private readonly text: string) {
    const offset = skipSpace(text, 0);
    this.root = offset < text.length ? { offset, depth: 0, parent: undefined } : undefined;
  }

  /**
   * {@link NodeAt} for the fixes editing in the containers at `paths`. For a path through a scalar or a missing
   * member, the deepest value that exists on it is parsed instead, which is where `modify` creates what is missing.
   */
  nodeAt(paths: readonly JsonPath[]): NodeAt {
    // Per path, the deepest value on it; one inside another one chosen is served by that one.
    const chosen = new Set<Place>();
    for (const path of paths) {
      const place = this.deepest(path);
      if (place) chosen.add(place);
    }
    const trees = new Set<Place>();
    for (const place of [...chosen].sort((a, b) => a.depth - b.depth)) {
      let inside = false;
      for (let up = place.parent; up && !inside; up = up.parent) inside = trees.has(up);
      if (inside) continue;
      if (place.tree === undefined) {
        const parsed = parseTree(this.text.slice(place.offset, valueEnd(this.text, place.offset)));
        place.tree = parsed ? shifted(parsed, place.offset) : null;
      }
      if (place.tree) trees.add(place);
    }
    return (path) => {
      let served: Place | undefined;
      let at = 0;
      let place = this.root;
      for (let k = 0; place; k++) {
        if (trees.has(place)) {
          served = place;
          at = k;
        }
        if (k === path.length) break;
        place = place.asked?.get(path[k]);
      }
      if (!served?.tree) return undefined;
      return at === path.length ? served.tree : findNodeAtLocation(served.tree, path.slice(at));
    };
  }

  /** The deepest value on `path` that exists. */
  private deepest(path: JsonPath): Place | undefined {
    const text = this.text;
    let place = this.root;
    for (let k = 0; place && k < path.length; k++) {
      const c = text.charCodeAt(place.offset);
      if (c !== OPEN_OBJECT && c !== OPEN_ARRAY) break;
      const children = (place.children ??= childrenOf(text, place.offset));
      const segment = path[k];
      let next = place.asked?.get(segment);
      if (!next) {
        const offset =
          'items' in children
            ? typeof segment === 'number'
              ? children.items[segment]
              : undefined
            : typeof segment === 'string'
              ? children.keys.get(segment)
              : undefined;
        if (offset === undefined) break;
        next = { offset, depth: k + 1, parent: place };
        (place.asked ??= new Map()).set(segment, next);
      }
      place = next;
    }
    return place;
  }
}

/** {@link ContainerIndex.nodeAt} on a fresh index, for a caller that keeps nothing. */
export function containersNodeAt(text: string, paths: readonly JsonPath[]): NodeAt {
  return new ContainerIndex(text).nodeAt(paths);
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
