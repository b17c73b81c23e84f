/**
 * Globs without a dependency (Node 20 has no fs.glob): `*` and `?` within a path segment, `**` for any number
 * of segments, `{a,b}` alternatives (nestable) and `[abc]` / `[!abc]` classes. A pattern is split into its
 * literal base directory and the rest; one walk of the base (skipping node_modules and .git, not following
 * symbolic links to directories) collects the files whose relative path matches.
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join, resolve, sep } from 'node:path';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

export function isGlob(pattern: string): boolean {
  return /[*?{[]/.test(pattern);
}

/** The RegExp for a glob over `/`-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const segmentStart = i === 0 || glob[i - 1] === '/';
      const segmentEnd = i + 2 === glob.length || glob[i + 2] === '/';
      if (segmentStart && segmentEnd) {
        // `**/` matches zero or more whole segments; a final `**` matches everything below.
        out += i + 2 === glob.length ? '.*' : '(?:[^/]*/)*';
        i += 2; // also skips the slash
        continue;
      }
      out += '[^/]*';
      i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      out += '(?:';
      depth++;
    } else if (c === '}' && depth > 0) {
      out += ')';
      depth--;
    } else if (c === ',' && depth > 0) out += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        out += `[${body.replace(/\\/g, '\\\\').replace(/\//g, '')}]`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < glob.length) out += escapeRegExp(glob[++i]);
    else out += escapeRegExp(c);
  }
  while (depth-- > 0) out += ')';
  return new RegExp(`^${out}$`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The literal directory a pattern starts from and the glob below it, both `/`-separated. */
export function splitGlob(pattern: string): { base: string; rest: string } {
  const parts = (process.platform === 'win32' ? pattern.replace(/\\/g, '/') : pattern).split('/');
  let k = 0;
  while (k < parts.length - 1 && !isGlob(parts[k])) k++;
  const base = parts.slice(0, k).join('/');
  return { base: base === '' && pattern.startsWith('/') ? '/' : base, rest: parts.slice(k).join('/') };
}

/** Files under `cwd` matching `pattern`, sorted, as paths in the pattern's own style (relative or absolute). */
export function expandGlob(pattern: string, cwd: string): string[] {
  const { base, rest } = splitGlob(pattern);
  const re = globToRegExp(rest);
  const maxDepth = rest.includes('**') ? Infinity : rest.split('/').length;
  const root = base === '' ? cwd : resolve(cwd, base);
  const found: string[] = [];
  walk(root, '', 1, maxDepth, (rel) => {
    if (re.test(rel)) found.push(base === '' ? rel : base === '/' ? `/${rel}` : `${base}/${rel}`);
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
