/**
 * Finds where JSON paths stand in a text that JSON.parse accepted, in one pass that walks only into the
 * containers holding a wanted path and skips the rest by bracket counting. No token values are built
 * (jsonc-parser's scanner builds every string, which made it the main cost with many errors). Used only
 * when there is something to report, so a valid document never pays for it.
 */

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

export const pathKey = (path: JsonPath): string => JSON.stringify(path.map(String));

const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Where each of `paths` stands in `text`. With `noRepeatedKeys` (the caller knows no object repeats a key), the
 * pass ends once every path is found; otherwise it reads on, since a later repeat of a key is the one that counts.
 */
export function locatePaths(
  text: string,
  paths: JsonPath[],
  options: { noRepeatedKeys?: boolean } = {},
): Map<string, Located> {
  const found = new Map<string, Located>();
  if (paths.length === 0) return found;
  const root: TrieNode = { wanted: false, children: new Map() };
  // Paths not found yet; only counted down when the pass may end early.
  let missing = 0;
  for (const path of paths) {
    let node = root;
    for (const seg of path) {
      const k = String(seg);
      let child = node.children.get(k);
      if (!child) node.children.set(k, (child = { wanted: false, children: new Map() }));
      node = child;
    }
    if (!node.wanted) missing++;
    node.wanted = true;
  }
  if (options.noRepeatedKeys !== true) missing = Infinity;
  const n = text.length;
  let i = 0;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };
  /** Index just past the string starting at `i`. */
  const stringEnd = (start: number): number => {
    let j = text.indexOf('"', start + 1);
    while (j > 0) {
      let backslashes = 0;
      for (let k = j - 1; text.charCodeAt(k) === BACKSLASH; k--) backslashes++;
      if (backslashes % 2 === 0) return j + 1;
      j = text.indexOf('"', j + 1);
    }
    return n;
  };
  /** Skips one value without looking inside. */
  const skip = (): void => {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(i);
      return;
    }
    if (c !== 123 && c !== 91) {
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
        i++;
      }
      return;
    }
    let depth = 0;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === QUOTE) {
        i = stringEnd(i);
        continue;
      }
      if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        depth--;
        if (depth === 0) {
          i++;
          return;
        }
      }
      i++;
    }
  };
  const current: string[] = [];
  const value = (node: TrieNode | undefined, key: { offset: number; length: number } | undefined): void => {
    ws();
    const start = i;
    if (!node || (node.children.size === 0 && !node.wanted)) {
      skip();
      return;
    }
    const c = text.charCodeAt(i);
    if (c === 123) {
      i++;
      ws();
      if (text.charCodeAt(i) === 125) i++;
      else {
        while (i < n) {
          ws();
          const keyStart = i;
          i = stringEnd(i);
          const keyRange = { offset: keyStart, length: i - keyStart };
          const raw = text.slice(keyStart + 1, i - 1);
          const name = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
          ws();
          i++; // colon
          current.push(name);
          value(node.children.get(name), keyRange);
          current.pop();
          if (missing === 0) return;
          ws();
          const d = text.charCodeAt(i++);
          if (d !== 44) break; // `}`
        }
      }
    } else if (c === 91) {
      i++;
      ws();
      if (text.charCodeAt(i) === 93) i++;
      else {
        let index = 0;
        while (i < n) {
          const seg = String(index++);
          current.push(seg);
          value(node.children.get(seg), undefined);
          current.pop();
          if (missing === 0) return;
          ws();
          const d = text.charCodeAt(i++);
          if (d !== 44) break; // `]`
        }
      }
    } else skip();
    if (node.wanted) {
      const located: Located = { value: { offset: start, length: i - start } };
      if (key) located.key = key;
      found.set(pathKey(current), located);
      missing--;
    }
  };
  value(root, undefined);
  return found;
}
