/**
 * The limits and pattern checks of user catalogs that the validating code needs too. Kept apart from
 * userCatalog.ts so that validating with the built-in catalog never loads the YAML parser, the OpenAPI converter or
 * recheck (the command line loads those only when a user catalog is configured).
 */

export const USER_CATALOG_LIMITS = {
  /** Characters of the text, and bytes of the file read. Webex's whole Meetings spec is 2.4 MB. */
  maxTextLength: 32 * 1024 * 1024,
  /** Nesting levels of the parsed document. */
  maxDepth: 200,
  /** YAML aliases expanded per document (the "billion laughs" guard). */
  maxAliasCount: 100,
  /** recheck's analysis time for one pattern (back-references take ≈ 1 s), and for all the patterns of one file. */
  patternTimeoutMs: 3000,
  patternBudgetMs: 15_000,
  /** One match of a pattern recheck called safe, before the pattern is given up (see boundedRegExp.ts). */
  matchTimeoutMs: 500,
};

/** A pattern quoted for a message, cut after 80 characters. */
export const quote = (source: string): string =>
  JSON.stringify(source.length > 80 ? `${source.slice(0, 80)}…` : source);

interface Atom {
  source: string;
  min: number;
  max: number;
  /** The character, for a single literal character. */
  literal?: string;
}

/**
 * True for patterns a backtracking engine runs in linear time, recognised syntactically: anchored with `^`, no
 * groups, alternation or back-references, and every variable-length atom directly followed by the end or by a
 * literal character the atom cannot match. Then each atom's extent is forced (it must stop before that
 * character), so no combination of splits is ever retried. Covers `^[0-9]{4,16}$`, `^\d+$`, UUIDs, dates…
 * Unanchored patterns qualify when every atom is optional and there is no `$`: they match at the first position.
 */
export function obviouslyLinear(source: string): boolean {
  const anchored = source.startsWith('^');
  const atoms: Atom[] = [];
  let i = anchored ? 1 : 0;
  while (i < source.length) {
    const c = source[i];
    let atomSource: string;
    let literal: string | undefined;
    if (c === '$' && i === source.length - 1) {
      if (!anchored) return false;
      break;
    }
    if ('()|^$*+?{}'.includes(c)) return false;
    if (c === '[') {
      // JavaScript, unlike POSIX, closes a class at its first unescaped `]`: `[]` matches nothing, `[^]` anything.
      let j = i + 1;
      if (source[j] === '^') j++;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      if (j >= source.length) return false;
      atomSource = source.slice(i, j + 1);
      i = j + 1;
    } else if (c === '\\') {
      const e = source[i + 1] ?? '';
      if (/[dDwWsS.\-/\\^$*+?()[\]{}|]/.test(e)) {
        atomSource = source.slice(i, i + 2);
        if (!/[dDwWsS]/.test(e)) literal = e;
        i += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 2, i + 6))) {
        atomSource = source.slice(i, i + 6);
        literal = String.fromCharCode(parseInt(source.slice(i + 2, i + 6), 16));
        i += 6;
      } else return false; // \b, back-references, \p{…}, \x…: leave them to recheck
    } else {
      const cp = source.codePointAt(i)!;
      atomSource = String.fromCodePoint(cp);
      literal = c === '.' ? undefined : atomSource;
      i += atomSource.length;
    }
    let min = 1;
    let max = 1;
    const q = /^(?:([*+?])|\{(\d+)(?:(,)(\d*))?\})\??/.exec(source.slice(i));
    if (q) {
      if (q[1] === '*') [min, max] = [0, Infinity];
      else if (q[1] === '+') [min, max] = [1, Infinity];
      else if (q[1] === '?') [min, max] = [0, 1];
      else {
        min = Number(q[2]);
        max = q[3] === undefined ? min : q[4] === '' || q[4] === undefined ? Infinity : Number(q[4]);
      }
      i += q[0].length;
    }
    atoms.push({ source: atomSource, min, max, ...(literal !== undefined ? { literal } : {}) });
  }
  if (!anchored && atoms.some((a) => a.min > 0)) return false;
  for (let k = 0; k < atoms.length; k++) {
    const atom = atoms[k];
    if (atom.min === atom.max) continue;
    const next = atoms[k + 1];
    if (!next) continue;
    if (next.literal === undefined || next.min !== next.max || next.min === 0) return false;
    if (new RegExp(`^(?:${atom.source})$`, 'u').test(next.literal)) return false;
  }
  return true;
}
