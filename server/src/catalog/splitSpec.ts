/**
 * Specs split across files: follows the relative `$ref`s of an OpenAPI document to other local files (JSON or
 * YAML) and bundles everything into one document, which the rest of the catalog code reads as if it had been
 * written in one file. The files are third-party input: only files under the entry document's folder are read
 * (checked on the real path too, so a symbolic link cannot lead out), never a URL, with limits on the number of
 * files, their total size and the size of the bundle. A reference that is refused stays out of the bundle and is
 * reported at its own place. A reference cycle across files becomes a local `$ref` to a copy placed in
 * `components.schemas`, as recursion within one file already is. Pure: the file system is behind {@link SpecReader}.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { pointerSegments, resolvePointer } from './openapi';
import { parseOpenApiText, pointerOf, USER_CATALOG_LIMITS } from './userCatalog';
import { readRegularFile } from '../util/readFile';
import { isObj } from '../../../common/json';

export const SPLIT_SPEC_LIMITS = {
  /** Files read for one spec, the entry document included. */
  maxFiles: 200,
  /** Values (objects, arrays, scalars) in the bundle: inlining the same file at many places copies it each time. */
  maxNodes: 2_000_000,
};

/** Reads a referenced file (throws with a plain reason) and resolves symbolic links. */
export interface SpecReader {
  read(path: string, maxBytes: number): string;
  realpath(path: string): string;
}

export const fileSystemReader: SpecReader = { read: readRegularFile, realpath: (p) => realpathSync(p) };

export interface SpecFile {
  /** As resolved from the entry's path (not the real path), so messages name what the user wrote. */
  path: string;
  text: string;
}

export interface SpecProblem {
  /** The file the problem is in, and where: a path of keys from that file's root, or an offset in its text. */
  file: string;
  path?: string[];
  offset?: number;
  message: string;
}

export interface BundledSpec {
  value: unknown;
  /** Every file read, the entry first: what a watcher must watch. */
  files: SpecFile[];
  /** Files under the folder that references name but that do not exist (yet): a watcher watches for them too. */
  missing: string[];
  /** References refused or files that could not be used; the rest of the spec is bundled. */
  problems: SpecProblem[];
  /** Where a value of the bundle (keys from its root) is written: which file, at which keys. */
  origin(path: readonly (string | number)[]): { file: string; path: string[] };
  /**
   * How a message names that place: `#/…` when it is written in the entry, else the file as a `$ref` in the entry
   * would name it and the pointer in that file (`schemas/room.yaml#/Room/pattern`), never the bundle's pointer.
   */
  writtenAt(path: readonly (string | number)[]): string;
}

/** How a message names the place of the bundle at `pointer`: as it is when in the entry, else by its written place. */
export function writtenPointer(spec: BundledSpec, pointer: string): string {
  const keys = pointerSegments(pointer);
  return keys && spec.origin(keys).file !== spec.files[0].path ? spec.writtenAt(keys) : pointer;
}

/**
 * A message that names its value by the JSON pointer it starts with (`#/components/schemas/Room/pattern: …`, as the
 * catalog conversion words its warnings): the message naming written places instead of the bundle's (that pointer,
 * and the keyword dropped for it: `the "oneOf" at schemas/room.yaml#/Room that holds it`), and where it is written.
 */
export function atWrittenPlace(
  spec: BundledSpec,
  message: string,
): { message: string; file: string; path: string[] } | undefined {
  const m = /^(#\/\S*?): /.exec(message);
  const keys = m ? pointerSegments(m[1]) : undefined;
  if (!m || !keys) return undefined;
  const rest = message
    .slice(m[1].length)
    .replace(
      /( at )(#\/\S*?)( that holds it)/g,
      (_all, at: string, p: string, end: string) => at + writtenPointer(spec, p) + end,
    );
  return { message: writtenPointer(spec, m[1]) + rest, ...spec.origin(keys) };
}

type Obj = Record<string, unknown>;

/** Keys whose object maps names to things: its own keys are names, never keywords or `$ref`. */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'schemas',
  'responses',
  'parameters',
  'examples',
  'requestBodies',
  'headers',
  'securitySchemes',
  'links',
  'callbacks',
  'pathItems',
  'paths',
  'webhooks',
  'content',
  'encoding',
  'variables',
]);
/** Keys whose value is data (an example, a default…), copied as is: a "$ref" key in it is not a reference. */
const isDataKey = (key: string, value: unknown): boolean =>
  key === 'example' ||
  key === 'default' ||
  key === 'enum' ||
  key === 'const' ||
  key === 'value' ||
  key.startsWith('x-') ||
  (key === 'examples' && Array.isArray(value));

type Kind = 'node' | 'names';
const childKind = (kind: Kind, key: string): Kind => (kind === 'names' || !NAME_MAPS.has(key) ? 'node' : 'names');

interface LoadedFile {
  path: string;
  real: string;
  value: unknown;
}

class BundleLimit extends Error {}

/** Parses the entry document (JSON or YAML, with the user-catalog limits) and bundles it. */
export function loadSplitSpec(
  entryPath: string,
  entryText: string,
  reader: SpecReader = fileSystemReader,
): BundledSpec | { error: string; file: string; offset?: number } {
  const parsed = parseOpenApiText(entryText, entryPath);
  if ('error' in parsed) return { ...parsed, file: entryPath };
  return bundleSpec(entryPath, entryText, parsed.value, reader);
}

/** Bundles `entryText` (read from `entryPath`) with the files its relative `$ref`s name. Never throws on input. */
export function bundleSpec(
  entryPath: string,
  entryText: string,
  entryValue: unknown,
  reader: SpecReader = fileSystemReader,
): BundledSpec | { error: string; file: string } {
  const bundler = new Bundler(entryPath, entryText, entryValue, reader);
  try {
    return bundler.run();
  } catch (err) {
    if (err instanceof BundleLimit) return { error: err.message, file: entryPath };
    throw err;
  }
}

class Bundler {
  private readonly root: string;
  private realRoot: string | undefined;
  private entryReal: string | undefined;
  private readonly entry: LoadedFile;
  private readonly byReal = new Map<string, LoadedFile | { error: string }>();
  private readonly files: SpecFile[];
  private readonly missing = new Set<string>();
  private readonly problems: SpecProblem[] = [];
  private readonly reported = new Set<string>();
  private readonly origins = new Map<string, { file: string; path: string[] }>();
  private readonly onStack = new Set<string>();
  private readonly hoisted = new Map<string, string>();
  private readonly pending: Array<{ key: string; name: string; file: LoadedFile; path: string[] }> = [];
  private readonly usedNames = new Set<string>();
  private bytes: number;
  private nodes = 0;

  constructor(
    entryPath: string,
    entryText: string,
    entryValue: unknown,
    private readonly reader: SpecReader,
  ) {
    this.root = dirname(resolve(entryPath));
    this.entry = { path: entryPath, real: resolve(entryPath), value: entryValue };
    this.files = [{ path: entryPath, text: entryText }];
    this.bytes = entryText.length;
  }

  run(): BundledSpec {
    const value = this.walk(this.entry.value, this.entry, [], [], 'node', 0);
    if (this.pending.length > 0) this.hoist(value);
    const origins = this.origins;
    const entry = this.entry.path;
    const origin = (path: readonly (string | number)[]): { file: string; path: string[] } => {
      const parts = path.map(String);
      for (let i = parts.length; i >= 0; i--) {
        const o = origins.size > 0 ? origins.get(pointerOf(parts.slice(0, i))) : undefined;
        if (o) return { file: o.file, path: [...o.path, ...parts.slice(i)] };
      }
      return { file: entry, path: parts };
    };
    return {
      value,
      files: this.files,
      missing: [...this.missing],
      problems: this.problems,
      origin,
      writtenAt: (path) => {
        const o = origin(path);
        const pointer = pointerOf(o.path);
        return o.file === entry ? pointer : `${this.shown(o.file).split(sep).join('/')}${pointer}`;
      },
    };
  }

  /** A copy of `src` with every reference to another file replaced by what it points to. */
  private walk(
    src: unknown,
    file: LoadedFile,
    srcPath: string[],
    outPath: string[],
    kind: Kind,
    depth: number,
  ): unknown {
    this.count();
    if (typeof src !== 'object' || src === null) return src;
    if (depth > USER_CATALOG_LIMITS.maxDepth) {
      throw new BundleLimit(
        `Once its $refs to other files are followed, the spec is nested more than ${USER_CATALOG_LIMITS.maxDepth} levels deep; it is not loaded.`,
      );
    }
    if (Array.isArray(src)) {
      return src.map((item, i) =>
        this.walk(item, file, [...srcPath, String(i)], [...outPath, String(i)], 'node', depth + 1),
      );
    }
    const obj = src as Obj;
    if (kind === 'node' && typeof obj.$ref === 'string') {
      return this.reference(obj, file, srcPath, outPath, depth);
    }
    return this.copyKeys(obj, Object.keys(obj), file, srcPath, outPath, kind, depth);
  }

  private copyKeys(
    obj: Obj,
    keys: string[],
    file: LoadedFile,
    srcPath: string[],
    outPath: string[],
    kind: Kind,
    depth: number,
  ): Obj {
    const out: Obj = {};
    for (const key of keys) {
      const v = obj[key];
      const copy =
        kind === 'node' && isDataKey(key, v)
          ? this.copyData(v)
          : this.walk(v, file, [...srcPath, key], [...outPath, key], childKind(kind, key), depth + 1);
      // A "__proto__" key is data: define it, never assign it.
      Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  private count(): void {
    if (++this.nodes > SPLIT_SPEC_LIMITS.maxNodes) {
      throw new BundleLimit(
        `Once its $refs to other files are followed, the spec has more than ${SPLIT_SPEC_LIMITS.maxNodes.toLocaleString('en')} values; it is not loaded.`,
      );
    }
  }

  /** Data is copied too: the same file may be inlined at several places, and later steps change the bundle. */
  private copyData(v: unknown): unknown {
    this.count();
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.map((x) => this.copyData(x));
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      Object.defineProperty(out, k, { value: this.copyData(x), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  private reference(obj: Obj, file: LoadedFile, srcPath: string[], outPath: string[], depth: number): unknown {
    const ref = obj.$ref as string;
    const siblingKeys = Object.keys(obj).filter((k) => k !== '$ref');
    const siblings = () => this.copyKeys(obj, siblingKeys, file, srcPath, outPath, 'node', depth);
    if (ref.startsWith('#') && file === this.entry) return { $ref: ref, ...siblings() };
    const target = this.target(ref, file, new Set());
    if ('problem' in target) {
      this.report({
        file: file.path,
        path: [...srcPath, '$ref'],
        message: `The $ref ${JSON.stringify(ref)} ${target.problem}; it is not followed.`,
      });
      return siblings();
    }
    if (target.file === this.entry) return { $ref: pointerOf(target.path), ...siblings() };
    const key = `${target.file.real}${pointerOf(target.path)}`;
    if (this.onStack.has(key)) return { $ref: `#/components/schemas/${this.hoistName(key, target)}`, ...siblings() };
    // Annotations beside a reference merge into the copy; anything else must hold beside it (allOf).
    const wrap = siblingKeys.some((k) => !ANNOTATIONS.has(k) && !k.startsWith('x-')) || !isObj(target.value);
    const at = wrap && siblingKeys.length > 0 ? [...outPath, 'allOf', '0'] : outPath;
    this.origins.set(pointerOf(at), { file: target.file.path, path: target.path });
    this.onStack.add(key);
    const kind = targetKind(target.path);
    const copy = this.walk(target.value, target.file, target.path, at, kind, depth + 1);
    this.onStack.delete(key);
    if (siblingKeys.length === 0) return copy;
    return wrap ? { ...siblings(), allOf: [copy] } : { ...(copy as Obj), ...siblings() };
  }

  /** The file and keys a reference leads to (through references that are nothing else), or why not. */
  private target(
    ref: string,
    from: LoadedFile,
    chain: Set<string>,
  ): { file: LoadedFile; path: string[]; value: unknown } | { problem: string } {
    if (/^[A-Za-z][A-Za-z\d+.-]*:/.test(ref) || ref.startsWith('//')) {
      return { problem: 'is a URL; only files in the folder of the spec are read' };
    }
    const hash = ref.indexOf('#');
    const filePart = hash < 0 ? ref : ref.slice(0, hash);
    const fragment = hash < 0 ? '' : ref.slice(hash + 1);
    if (fragment !== '' && !fragment.startsWith('/')) {
      return { problem: 'has a fragment that is not a JSON pointer (#/…)' };
    }
    const path = pointerSegments(`#${fragment}`);
    if (!path) return { problem: 'has a malformed % escape' };
    const segments = fragment === '' ? [] : path;
    let file = from;
    if (filePart !== '') {
      const loaded = this.load(filePart, from);
      if ('problem' in loaded) return loaded;
      file = loaded;
    }
    const value = resolvePointer(file.value, pointerOf(segments));
    if (value === undefined) {
      return { problem: `points to nothing${file === from ? '' : ` in ${this.shown(file.path)}`}` };
    }
    const key = `${file.real}${pointerOf(segments)}`;
    if (file !== this.entry && isObj(value) && typeof value.$ref === 'string' && Object.keys(value).length === 1) {
      if (chain.has(key)) return { problem: 'is part of a cycle of $refs that never reaches a value' };
      chain.add(key);
      return this.target(value.$ref, file, chain);
    }
    return { file, path: segments, value };
  }

  /** The file a relative reference names, read and parsed once, or why it cannot be used. */
  private load(filePart: string, from: LoadedFile): LoadedFile | { problem: string } {
    let name: string;
    try {
      name = decodeURIComponent(filePart);
    } catch {
      return { problem: 'has a malformed % escape' };
    }
    if (isAbsolute(name) || name.startsWith('/') || name.startsWith('\\')) {
      return { problem: `is an absolute path; only relative references to files under ${this.root} are followed` };
    }
    const path = resolve(dirname(from.path), name);
    const rel = relative(this.root, path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
      return { problem: `leads outside the folder of the spec (${this.root})` };
    }
    let real: string;
    try {
      this.realRoot ??= this.reader.realpath(this.root);
      real = this.reader.realpath(path);
      this.entryReal ??= this.realOrSelf(this.entry.real);
    } catch {
      this.missing.add(path);
      return { problem: `names ${this.shown(path)}, which does not exist or cannot be read` };
    }
    if (!real.startsWith(this.realRoot.endsWith(sep) ? this.realRoot : this.realRoot + sep)) {
      return { problem: `leads outside the folder of the spec (${this.root}) through a symbolic link` };
    }
    if (real === this.entryReal) return this.entry;
    const known = this.byReal.get(real);
    if (known) return 'error' in known ? { problem: known.error } : known;
    const refuse = (error: string) => {
      this.byReal.set(real, { error });
      return { problem: error };
    };
    if (this.files.length >= SPLIT_SPEC_LIMITS.maxFiles) {
      return refuse(`would make the spec read more than ${SPLIT_SPEC_LIMITS.maxFiles} files`);
    }
    let text: string;
    try {
      text = this.reader.read(real, USER_CATALOG_LIMITS.maxTextLength - this.bytes);
    } catch (err) {
      return refuse(`names ${this.shown(path)}, which ${(err as Error).message}`);
    }
    this.bytes += text.length;
    this.files.push({ path, text });
    const parsed = parseOpenApiText(text, path);
    if ('error' in parsed) {
      this.report({ file: path, offset: parsed.offset ?? 0, message: parsed.error });
      return refuse(`names ${this.shown(path)}, which cannot be parsed`);
    }
    const loaded: LoadedFile = { path, real, value: parsed.value };
    this.byReal.set(real, loaded);
    return loaded;
  }

  /** Once per place: a file inlined at several places (or also hoisted) is walked more than once. */
  private report(problem: SpecProblem): void {
    const key = JSON.stringify([problem.file, problem.path, problem.offset, problem.message]);
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.problems.push(problem);
  }

  private realOrSelf(path: string): string {
    try {
      return this.reader.realpath(path);
    } catch {
      return path;
    }
  }

  private shown(path: string): string {
    return relative(this.root, path) || basename(path);
  }

  private hoistName(key: string, target: { file: LoadedFile; path: string[] }): string {
    const known = this.hoisted.get(key);
    if (known) return known;
    const base = basename(target.file.path, extname(target.file.path));
    const stem = [base, ...target.path].join('_').replace(/[^A-Za-z0-9._-]/g, '_') || 'bundled';
    let name = stem;
    for (let n = 2; this.usedNames.has(name) || this.existingSchema(name); n++) name = `${stem}_${n}`;
    this.usedNames.add(name);
    this.hoisted.set(key, name);
    this.pending.push({ key, name, file: target.file, path: target.path });
    return name;
  }

  private existingSchema(name: string): boolean {
    const c = isObj(this.entry.value) ? this.entry.value.components : undefined;
    return isObj(c) && isObj(c.schemas) && Object.prototype.hasOwnProperty.call(c.schemas, name);
  }

  /** Places a copy of every target reached again from inside itself in components.schemas. */
  private hoist(bundle: unknown): void {
    if (!isObj(bundle)) return;
    if (bundle.components === undefined) bundle.components = {};
    const components = bundle.components;
    if (!isObj(components)) return;
    if (components.schemas === undefined) components.schemas = {};
    const schemas = components.schemas;
    if (!isObj(schemas)) return;
    for (let i = 0; i < this.pending.length; i++) {
      const { key, name, file, path } = this.pending[i];
      const out = ['components', 'schemas', name];
      this.origins.set(pointerOf(out), { file: file.path, path });
      this.onStack.add(key);
      const value = this.walk(resolvePointer(file.value, pointerOf(path)), file, path, out, targetKind(path), 3);
      this.onStack.delete(key);
      schemas[name] = value;
    }
  }
}

const ANNOTATIONS = new Set(['description', 'summary', 'title', 'deprecated', 'readOnly', 'writeOnly', 'example']);

/** Whether the value at `path` of a file maps names (e.g. a whole `properties`) or is a node. */
function targetKind(path: string[]): Kind {
  let kind: Kind = 'node';
  for (const seg of path) kind = childKind(kind, seg);
  return kind;
}
