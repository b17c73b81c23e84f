/**
 * A user catalog read from its file, for the editor and the command line alike: the entry document and the local
 * files its relative `$ref`s name are bundled (splitSpec.ts: under the entry's folder only, never a URL, with its
 * limits and cycle handling), loaded like a single-file catalog and added to the catalog. Every problem comes back
 * at its place (file and offset there), so each caller only has to show it; and the files read (and those named
 * but missing) come back so the server can watch them. Pure apart from the reader.
 */
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Catalog, CatalogSource } from './catalog';
import { atWrittenPlace, bundleSpec, fileSystemReader, type BundledSpec, type SpecReader } from './splitSpec';
import { catalogLocator, loadUserCatalogValue, nameProblem, parseOpenApiText } from './userCatalog';

export interface PlacedCatalogProblem {
  /** The file it is in (the entry or a file it refers to), its offset and length in that file's text. */
  file: string;
  /** Undefined when the place is not known (a warning about the document as a whole, say). */
  offset?: number;
  length: number;
  severity: 'error' | 'warning';
  message: string;
}

export interface UserCatalogFileResult {
  /** Set when the catalog could not be added at all (it is then not in the catalog). */
  error?: PlacedCatalogProblem;
  /** Refused `$ref`s, then what adding the catalog reported (warnings, refused operations). */
  problems: PlacedCatalogProblem[];
  /** The text of every file read, by path: where the offsets count. */
  texts: ReadonlyMap<string, string>;
  /** The entry, every file it refers to and every file a reference names that does not exist: what to watch. */
  watch: string[];
}

/**
 * Adds the user catalog `name` read from `file` (its text `text`) to `catalog`; refused `$ref`s and problems are
 * also pushed to `catalog.problems`, as a single-file catalog's warnings are. Never throws on input.
 */
export function addUserCatalogFile(
  catalog: Catalog,
  name: string,
  file: string,
  text: string,
  reader: SpecReader = fileSystemReader,
): UserCatalogFileResult {
  const texts = new Map([[file, text]]);
  const at = (message: string, offset?: number, where = file): PlacedCatalogProblem => ({
    file: where,
    ...(offset !== undefined ? { offset } : {}),
    length: 1,
    severity: 'error',
    message,
  });
  const bad = nameProblem(name);
  if (bad) return { error: at(bad), problems: [], texts, watch: [file] };
  const fileName = basename(file);
  const parsed = parseOpenApiText(text, fileName);
  if ('error' in parsed) return { error: at(parsed.error, parsed.offset), problems: [], texts, watch: [file] };
  let spec: ReturnType<typeof bundleSpec>;
  try {
    spec = bundleSpec(file, text, parsed.value, reader);
  } catch (err) {
    // Defence in depth, as in loadUserCatalog: a bug must become a message on the catalog, not a crashed server.
    return {
      error: at(`${fileName} could not be loaded: ${(err as Error).message}`),
      problems: [],
      texts,
      watch: [file],
    };
  }
  if ('error' in spec) return { error: at(spec.error), problems: [], texts, watch: [file] };
  for (const f of spec.files) texts.set(f.path, f.text);
  const watch = [...spec.files.map((f) => f.path), ...spec.missing];
  const place = placer(texts);
  const problems: PlacedCatalogProblem[] = spec.problems.map((p) => {
    catalog.problems.push({ source: name, severity: 'error', message: p.message });
    const found = p.path ? place(p.file, p.path) : undefined;
    return { ...(found ?? at(p.message, p.offset, p.file)), severity: 'error', message: p.message };
  });
  const split = spec.files.length > 1;
  // Conversion changes the document in place; Go to Definition walks the bundle as written.
  const written = split ? structuredClone(spec.value) : undefined;
  const result = loadUserCatalogValue(name, spec.value, fileName);
  if ('error' in result) return { error: at(result.error, result.offset), problems, texts, watch };
  const before = catalog.problems.length;
  catalog.add(result.loaded, name);
  catalog.setSource(String(result.loaded.schemaDoc.$id), {
    ...sourceOf(file, text),
    ...(split ? { split: { value: written, origin: (path) => spec.origin(path), files: sources(spec) } } : {}),
  });
  // A warning that names its value by a pointer is shown where that value is written and names that place, once:
  // a file inlined at several places of the bundle (or hoisted for a cycle) gives the same warning for each.
  const shownOnce = new Set<string>();
  for (const p of catalog.problems.splice(before)) {
    const written = atWrittenPlace(spec, p.message);
    const message = written?.message ?? p.message;
    const origin = written ?? (p.at ? spec.origin(p.at) : undefined);
    const found = origin && place(origin.file, origin.path);
    const key = JSON.stringify([found?.file, found?.offset, p.severity, message]);
    if (shownOnce.has(key)) continue;
    shownOnce.add(key);
    catalog.problems.push({ ...p, message });
    problems.push({ ...(found ?? at(message)), severity: p.severity ?? 'warning', message });
  }
  return { problems, texts, watch };
}

const sourceOf = (file: string, text: string): CatalogSource => ({
  uri: pathToFileURL(file).toString(),
  text,
  fileName: basename(file),
});

function sources(spec: BundledSpec): Map<string, CatalogSource> {
  return new Map(spec.files.map((f) => [f.path, sourceOf(f.path, f.text)]));
}

/** Where keys of a file stand in its text; each file is parsed once, on first use. */
function placer(texts: ReadonlyMap<string, string>) {
  const locators = new Map<string, ReturnType<typeof catalogLocator>>();
  return (file: string, path: readonly string[]) => {
    const text = texts.get(file);
    if (text === undefined) return undefined;
    let locate = locators.get(file);
    if (!locate) locators.set(file, (locate = catalogLocator(text, file)));
    const found = locate(path);
    return found && { file, ...found };
  };
}
