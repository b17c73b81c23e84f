/**
 * Globs without a dependency (Node 20 has no fs.glob): `*` and `?` within a path segment, `**` for any number
 * of segments, `{a,b}` alternatives (nestable) and `[abc]` / `[!abc]` / `[a-z]` classes. A pattern is split into
 * its literal base directory and the rest; one walk of the base (skipping node_modules and .git, not following
 * symbolic links to directories) collects the files whose relative path matches.
 *
 * Matching is not done with a regular expression: `a*a*a*…b` against a long name backtracks exponentially in
 * one (so it does in picomatch and minimatch). Stars are matched the classic way instead, by going back only to
 * the last star, within a segment and, for `**`, over segments: O(pattern × name) whatever the pattern.
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join, resolve, sep } from 'node:path';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
/** `{a,b}{c,d}…` multiplies: past this many alternatives a pattern is refused. */
const MAX_ALTERNATIVES = 1024;

/** A pattern that cannot be used, in words that point at the culprit. */
export class GlobError extends Error {
  override name = 'GlobError';
}

export function isGlob(pattern: string): boolean {
  return /[*?{[]/.test(pattern);
}

type Token = { kind: 'star' } | { kind: 'any' } | { kind: 'char'; c: string } | ClassToken;
interface ClassToken {
  kind: 'class';
  negated: boolean;
  ranges: Array<[string, string]>;
}
/** A path segment's matcher, or `**` (any number of whole segments). */
type Segment = ((name: string) => boolean) | 'globstar';

/** A matcher for `/`-separated relative paths; throws a {@link GlobError} for a pattern it cannot use. */
export function compileGlob(glob: string): { test: (path: string) => boolean; maxDepth: number } {
  const alternatives = expandBraces(glob).map((alt) =>
    alt.split('/').map((seg): Segment => (seg === '**' ? 'globstar' : segmentMatcher(tokensOf(seg, glob)))),
  );
  const maxDepth = alternatives.some((a) => a.includes('globstar'))
    ? Infinity
    : Math.max(...alternatives.map((a) => a.length));
  return {
    maxDepth,
    test: (path) => {
      const names = path.split('/');
      return alternatives.some((segments) => matchSequence(segments, names, matchSegment));
    },
  };
}

/**
 * Whether `items` match `pattern`, where a star (`*` in a segment, `**` over segments) matches any run and
 * every other element exactly one item. After a mismatch only the last star takes one item more: that is
 * enough (blocks between stars are matched leftmost), and keeps it to O(pattern × items).
 */
function matchSequence<P, I>(pattern: P[], items: I[], one: (p: P, item: I) => boolean): boolean {
  const isStar = (p: P): boolean => p === 'globstar' || (p as Partial<Token>).kind === 'star';
  let p = 0;
  let i = 0;
  let starP = -1;
  let starI = 0;
  while (i < items.length) {
    if (p < pattern.length && isStar(pattern[p])) {
      starP = p++;
      starI = i;
    } else if (p < pattern.length && one(pattern[p], items[i])) {
      p++;
      i++;
    } else if (starP >= 0) {
      p = starP + 1;
      i = ++starI;
    } else return false;
  }
  while (p < pattern.length && isStar(pattern[p])) p++;
  return p === pattern.length;
}

function matchSegment(segment: Segment, name: string): boolean {
  return segment === 'globstar' || segment(name);
}

/**
 * A segment of literal characters and stars (`*.meeting.json`, the usual case) is matched on the string: its
 * first block as a prefix, its last as a suffix, the ones between leftmost in order (the same answer as going
 * back to the last star). Classes, `?` and surrogates (one token per code point) take the general way.
 */
function segmentMatcher(tokens: Token[]): (name: string) => boolean {
  const blocks = [''];
  for (const t of tokens) {
    if (t.kind === 'star') blocks.push('');
    else if (t.kind === 'char' && !/[\uD800-\uDFFF]/.test(t.c)) blocks[blocks.length - 1] += t.c;
    else return (name) => matchSequence(tokens, [...name], matchChar);
  }
  if (blocks.length === 1) return (name) => name === blocks[0];
  const first = blocks[0];
  const last = blocks[blocks.length - 1];
  const middle = blocks.slice(1, -1).filter((b) => b !== '');
  return (name) => {
    if (name.length < first.length + last.length || !name.startsWith(first) || !name.endsWith(last)) return false;
    const end = name.length - last.length;
    let at = first.length;
    for (const block of middle) {
      const found = name.indexOf(block, at);
      if (found < 0 || found + block.length > end) return false;
      at = found + block.length;
    }
    return true;
  };
}

function matchChar(token: Token, c: string): boolean {
  if (token.kind === 'any') return true;
  if (token.kind === 'char') return token.c === c;
  if (token.kind === 'class') return token.ranges.some(([lo, hi]) => lo <= c && c <= hi) !== token.negated;
  return false;
}

/** One segment's tokens (by code point); `**` inside a segment is one star. */
function tokensOf(segment: string, glob: string): Token[] {
  const chars = [...segment];
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '*') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') tokens.push({ kind: 'any' });
    else if (c === '[' && chars.indexOf(']', i + 2) > 0) {
      const close = chars.indexOf(']', i + 2);
      tokens.push(classOf(chars.slice(i + 1, close), glob));
      i = close;
    } else if (c === '\\' && i + 1 < chars.length) tokens.push({ kind: 'char', c: chars[++i] });
    else tokens.push({ kind: 'char', c });
  }
  return tokens;
}

/** `[…]`'s body: `!` or `^` negates, `a-z` is a range (refused when reversed), `\` escapes. */
function classOf(body: string[], glob: string): ClassToken {
  let i = 0;
  const negated = body[0] === '!' || body[0] === '^';
  if (negated) i++;
  const ranges: Array<[string, string]> = [];
  while (i < body.length) {
    let lo = body[i++];
    if (lo === '\\' && i < body.length) lo = body[i++];
    let hi = lo;
    if (body[i] === '-' && i + 1 < body.length) {
      hi = body[i + 1] === '\\' && i + 2 < body.length ? body[i + 2] : body[i + 1];
      i += body[i + 1] === '\\' && i + 2 < body.length ? 3 : 2;
      if (hi < lo) {
        throw new GlobError(
          `the pattern ${JSON.stringify(glob)} has the range ${lo}-${hi}, which is reversed: write ${hi}-${lo}`,
        );
      }
    }
    ranges.push([lo, hi]);
  }
  return { kind: 'class', negated, ranges };
}

/** `{a,b}` alternatives, nested ones included; a `{` without its `}` is literal. */
function expandBraces(glob: string): string[] {
  const open = findBrace(glob);
  if (!open) return [glob.replace(/\\([{}])/g, '$1')];
  const { start, end, options } = open;
  const out: string[] = [];
  for (const option of options) {
    for (const alt of expandBraces(glob.slice(0, start) + option + glob.slice(end + 1))) {
      out.push(alt);
      if (out.length > MAX_ALTERNATIVES) {
        throw new GlobError(`the pattern ${JSON.stringify(glob)} has more than ${MAX_ALTERNATIVES} {…} alternatives`);
      }
    }
  }
  return out;
}

/** The first unescaped `{` with its matching `}`, and the options between them (split at top-level commas). */
function findBrace(glob: string): { start: number; end: number; options: string[] } | undefined {
  for (let start = 0; start < glob.length; start++) {
    if (glob[start] === '\\') {
      start++;
      continue;
    }
    if (glob[start] !== '{') continue;
    const options: string[] = [];
    let depth = 0;
    let from = start + 1;
    for (let i = start + 1; i < glob.length; i++) {
      const c = glob[i];
      if (c === '\\') i++;
      else if (c === '{') depth++;
      else if (c === '}' && depth > 0) depth--;
      else if (c === ',' && depth === 0) {
        options.push(glob.slice(from, i));
        from = i + 1;
      } else if (c === '}') {
        options.push(glob.slice(from, i));
        return { start, end: i, options };
      }
    }
  }
  return undefined;
}

/** The literal directory a pattern starts from and the glob below it, both `/`-separated. */
export function splitGlob(pattern: string): { base: string; rest: string } {
  const parts = (process.platform === 'win32' ? pattern.replace(/\\/g, '/') : pattern).split('/');
  let k = 0;
  while (k < parts.length - 1 && !isGlob(parts[k])) k++;
  const base = parts.slice(0, k).join('/');
  return { base: base === '' && pattern.startsWith('/') ? '/' : base, rest: parts.slice(k).join('/') };
}

/**
 * Files under `cwd` matching `pattern`, sorted, as paths in the pattern's own style (relative or absolute).
 * Throws a {@link GlobError} for a pattern that cannot be used.
 */
export function expandGlob(pattern: string, cwd: string): string[] {
  const { base, rest } = splitGlob(pattern);
  const { test, maxDepth } = compileGlob(rest);
  const root = base === '' ? cwd : resolve(cwd, base);
  const found: string[] = [];
  walk(root, '', 1, maxDepth, (rel) => {
    if (test(rel)) found.push(base === '' ? rel : base === '/' ? `/${rel}` : `${base}/${rel}`);
  });
  return found.sort().map((p) => p.split('/').join(sep));
}

/** Every file below a directory whose name ends with `suffix`, sorted. */
export function filesUnder(dir: string, suffix: string): string[] {
  const found: string[] = [];
  walk(dir, '', 1, Infinity, (rel) => {
    if (rel.endsWith(suffix)) found.push(join(dir, rel));
  });
  return found.sort();
}

function walk(dir: string, rel: string, depth: number, maxDepth: number, onFile: (rel: string) => void): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // an unreadable directory holds no matches
  }
  for (const entry of entries) {
    const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      // Linked files count; linked directories are not followed (no cycles, no escaping the tree).
      try {
        const target = statSync(join(dir, entry.name));
        isFile = target.isFile();
      } catch {
        isFile = false;
      }
      isDir = false;
    }
    if (isDir) {
      if (!SKIPPED_DIRECTORIES.has(entry.name) && depth < maxDepth) {
        walk(join(dir, entry.name), childRel, depth + 1, maxDepth, onFile);
      }
    } else if (isFile) onFile(childRel);
  }
}
