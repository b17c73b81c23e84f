/**
 * One fast, tolerant pass over the raw text: nesting depth (checked before any recursive parser sees the
 * text, so a 100,000-deep document can never overflow a stack) and duplicate object keys (JSON.parse
 * silently keeps the last one). Cheap enough to run on every change: a char-code loop with no tokens built
 * except object keys.
 */

export interface DuplicateKey {
  key: string;
  /** Offset and length of the later occurrence's key, quotes included. */
  offset: number;
  length: number;
  firstOffset: number;
}

export interface ScanResult {
  maxDepth: number;
  /** Offset of the bracket that first went past the depth limit, if any. */
  tooDeepAt: number | undefined;
  duplicates: DuplicateKey[];
  /** Keys spelled with escapes that decode to `__proto__`, `constructor` or `prototype`; absent when none. */
  escapedReserved?: Array<{ key: string; offset: number; length: number }>;
}

const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

const QUOTE = 34;
const BACKSLASH = 92;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const COLON = 58;
const NEWLINE = 10;

export function scanStructure(text: string, depthLimit: number, maxDuplicates = 1000): ScanResult {
  // Per open container: a Map of keys (objects) or null (arrays). Maps are created lazily.
  const stack: Array<Map<string, number> | null | undefined> = [];
  const isObject: boolean[] = [];
  const duplicates: DuplicateKey[] = [];
  const escapedReserved: NonNullable<ScanResult['escapedReserved']> = [];
  let maxDepth = 0;
  let tooDeepAt: number | undefined;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i += 2;
        else if (d === QUOTE || d === NEWLINE) break;
        else i++;
      }
      const end = i < n && text.charCodeAt(i) === QUOTE ? i + 1 : i;
      i = end;
      const depth = stack.length;
      if (depth > 0 && isObject[depth - 1]) {
        let j = end;
        while (j < n) {
          const w = text.charCodeAt(j);
          if (w === 32 || w === 9 || w === 13 || w === NEWLINE) j++;
          else break;
        }
        if (j < n && text.charCodeAt(j) === COLON) {
          let keys = stack[depth - 1];
          if (!keys) stack[depth - 1] = keys = new Map();
          const raw = text.slice(start, end);
          // Keys compare as JSON.parse reads them: "\u0061" and "a" are the same key (the last one wins).
          let key = raw;
          if (raw.includes('\\')) {
            const decoded = safeKey(raw);
            key = `"${decoded}"`;
            if (RESERVED.has(decoded) && escapedReserved.length < maxDuplicates) {
              escapedReserved.push({ key: decoded, offset: start, length: end - start });
            }
          }
          const first = keys.get(key);
          if (first === undefined) keys.set(key, start);
          else if (duplicates.length < maxDuplicates) {
            duplicates.push({ key: safeKey(key), offset: start, length: end - start, firstOffset: first });
          }
        }
      }
      continue;
    }
    if (c === LBRACE || c === LBRACKET) {
      stack.push(undefined);
      isObject.push(c === LBRACE);
      if (stack.length > maxDepth) {
        maxDepth = stack.length;
        if (maxDepth > depthLimit && tooDeepAt === undefined) {
          tooDeepAt = i;
          // Past the limit nothing else will be validated: stop early on hostile input.
          return { maxDepth, tooDeepAt, duplicates, ...(escapedReserved.length ? { escapedReserved } : {}) };
        }
      }
    } else if (c === RBRACE || c === RBRACKET) {
      if (stack.length > 0) {
        stack.pop();
        isObject.pop();
      }
    }
    i++;
  }
  return { maxDepth, tooDeepAt, duplicates, ...(escapedReserved.length ? { escapedReserved } : {}) };
}

/**
 * `scanStructure(text, depthLimit).tooDeepAt` alone, without collecting keys: the depth guard of the features
 * that only need to know a recursive parser is safe (outline, formatting, the cursor's document value). Strings
 * end where `scanStructure` ends them (a closing quote or a line break), so both always agree (tested).
 */
export function tooDeepAt(text: string, depthLimit: number): number | undefined {
  const n = text.length;
  let depth = 0;
  let i = 0;
  // A line break past the current string's opening quote (n when none), kept so a one-line file stays linear.
  let lineBreak = -1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      if (lineBreak <= i) lineBreak = nextLineBreak(text, i + 1);
      i = stringEndFrom(text, i + 1, lineBreak);
      continue;
    }
    if (c === LBRACE || c === LBRACKET) {
      if (++depth > depthLimit) return i;
    } else if ((c === RBRACE || c === RBRACKET) && depth > 0) {
      depth--;
    }
    i++;
  }
  return undefined;
}

function nextLineBreak(text: string, from: number): number {
  const at = text.indexOf('\n', from);
  return at < 0 ? text.length : at;
}

/**
 * Where the string whose body starts at `from` ends, as `scanStructure` reads it: just past the first quote, or at
 * the first line break, that an even run of backslashes precedes (an odd run escapes it). Found with `indexOf`.
 */
function stringEndFrom(text: string, from: number, firstLineBreak: number): number {
  const n = text.length;
  let lineBreak = firstLineBreak;
  let quote = text.indexOf('"', from);
  if (quote < 0) quote = n;
  for (;;) {
    const at = Math.min(quote, lineBreak);
    if (at >= n) return n;
    let backslashes = 0;
    while (at - 1 - backslashes >= from && text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at === quote ? at + 1 : at;
    if (at === quote) {
      quote = text.indexOf('"', at + 1);
      if (quote < 0) quote = n;
    } else {
      lineBreak = nextLineBreak(text, at + 1);
    }
  }
}

function safeKey(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted.slice(1, -1);
  }
}

export interface QuickStructure {
  keysMatch: boolean;
  maxDepth: number;
  /**
   * Some key of the value is `__proto__`, `constructor` or `prototype`. When none is, the text names none as a key
   * (however spelled), so a search of the text for them can be skipped.
   */
  reservedKey: boolean;
}

/**
 * The cheap check for a document JSON.parse accepted: `keysMatch` true only when no object repeats a key, and the
 * nesting depth. Only when either says there is something to report does the caller pay for `scanStructure`.
 *
 * Every key of the text ends with an unescaped quote, then whitespace, then a colon; inside a valid string every
 * quote is escaped, so the only other colons that look like that are those of a string that starts with spaces
 * and a colon (`" :x"`, its opening quote). So the text holds at most that many keys, and at least as many as the
 * objects JSON.parse made: when the two counts are equal, no key was repeated (a repeated one is dropped). When
 * they differ, the colons are counted inside every string ({@link colonsMatch}), and if that cannot tell either,
 * `keysMatch` is false and the exact scan decides. Escaped spellings (`\u003a`) are no colons to the quote check.
 */
export function quickStructure(text: string, value: unknown): QuickStructure {
  let textKeys = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
    let j = i - 1;
    let w = text.charCodeAt(j);
    while (w === 32 || w === 9 || w === 13 || w === NEWLINE) w = text.charCodeAt(--j);
    if (w !== QUOTE) continue;
    let backslashes = 0;
    while (text.charCodeAt(j - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) textKeys++;
  }
  let parsedKeys = 0;
  let maxDepth = 0;
  let reservedKey = false;
  // Iterative, with parallel stacks (no tuple per node): a hostile depth must not overflow here either. Only
  // containers are visited: strings and numbers say nothing about keys. An array's leaf objects (see leafKeys) are
  // counted where they are met, not pushed: the usual item of a long array costs no stack slot.
  const nodes: object[] = [];
  const depths: number[] = [];
  if (typeof value === 'object' && value !== null) {
    nodes.push(value);
    depths.push(1);
  }
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > maxDepth) maxDepth = depth;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (typeof item !== 'object' || item === null) continue;
        const leaf = leafKeys(item);
        if (leaf < 0) {
          nodes.push(item);
          depths.push(depth + 1);
        } else {
          parsedKeys += leaf;
          if (depth + 1 > maxDepth) maxDepth = depth + 1;
        }
      }
    } else {
      for (const key in node) {
        parsedKeys++;
        if ((key.length === 9 || key.length === 11) && RESERVED.has(key)) reservedKey = true;
        const item = (node as Record<string, unknown>)[key];
        if (typeof item === 'object' && item !== null) {
          nodes.push(item);
          depths.push(depth + 1);
        }
      }
    }
  }
  return { keysMatch: textKeys === parsedKeys || colonsMatch(text, value), maxDepth, reservedKey };
}

/**
 * The keys of an object none of whose values is an object or array and none of whose keys is reserved, which
 * {@link quickStructure} can count without visiting it; -1 for any other container (an array, or an object to visit).
 */
function leafKeys(o: object): number {
  if (Array.isArray(o)) return -1;
  let keys = 0;
  for (const key in o) {
    const item = (o as Record<string, unknown>)[key];
    if ((typeof item === 'object' && item !== null) || ((key.length === 9 || key.length === 11) && RESERVED.has(key))) {
      return -1;
    }
    keys++;
  }
  return keys;
}

/**
 * The counting check: every key in the text is followed by one colon, and the only other colons are inside
 * strings. So the colons of the text equal the keys JSON.parse kept plus the colons inside the strings it kept
 * exactly when no object repeats a key. An escaped colon (`\u003a`) would count on one side only, so its presence
 * says "maybe". It reads every string, so it runs only where the quote check cannot tell.
 */
function colonsMatch(text: string, value: unknown): boolean {
  let textColons = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) textColons++;
  const escapedColon = /\\u003[aA]/.test(text);
  let parsedColons = 0;
  const colonsIn = (s: string) => {
    for (let i = s.indexOf(':'); i >= 0; i = s.indexOf(':', i + 1)) parsedColons++;
  };
  // Iterative: a hostile depth must not overflow here either.
  const nodes: unknown[] = [value];
  while (nodes.length > 0) {
    const node = nodes.pop();
    if (typeof node === 'string') {
      colonsIn(node);
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      for (const item of node) {
        if (typeof item === 'string') colonsIn(item);
        else if (typeof item === 'object' && item !== null) {
          nodes.push(item);
        }
      }
    } else {
      for (const key in node) {
        parsedColons++;
        colonsIn(key);
        const item = (node as Record<string, unknown>)[key];
        if (typeof item === 'string') colonsIn(item);
        else if (typeof item === 'object' && item !== null) {
          nodes.push(item);
        }
      }
    }
  }
  return !escapedColon && textColons === parsedColons;
}
