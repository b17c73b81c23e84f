/** The catalog the commands work with: the bundled operations plus any `--catalog name=path` user catalogs. */
import { resolve } from 'node:path';
import { Catalog } from '../server/src/catalog/catalog';
import { addBuiltins, readBuiltinDocuments } from '../server/src/catalog/builtin';
import { USER_CATALOG_LIMITS } from '../server/src/catalog/userCatalogLimits';
import { InputError, UsageError } from './errors';
import { readText, type Io } from './io';
import { LineIndex } from './lineIndex';
import { schemasDir } from './paths';
import { terminalLine } from './terminal';

export interface UserCatalogSpec {
  name: string;
  path: string;
}

/** `--catalog webex=./webex-meeting.openapi.json` → name and path. */
export function parseCatalogSpecs(values: string[] | undefined): UserCatalogSpec[] {
  return (values ?? []).map((value) => {
    const m = /^([A-Za-z][\w-]{0,39})=(.+)$/.exec(value);
    if (!m) throw new UsageError(`--catalog takes name=path (a name of letters, digits, _ and -), not "${value}".`);
    return { name: m[1], path: m[2] };
  });
}

/**
 * Built-ins, then user catalogs, whose problems go to stderr (an operation that would replace a built-in one is
 * refused there, the rest of its catalog kept); a user catalog that cannot load at all is an error. The user-catalog
 * loader (YAML parser, OpenAPI conversion, ReDoS checker: most of the command's code) is imported only when a user
 * catalog is given, so validating against the bundled catalog does not pay for loading it.
 */
export async function loadCatalog(specs: UserCatalogSpec[], io: Io): Promise<Catalog> {
  const catalog = new Catalog();
  try {
    addBuiltins(catalog, readBuiltinDocuments(schemasDir(io.env)));
  } catch (err) {
    throw new InputError(`The bundled catalog in ${schemasDir(io.env)} could not be read: ${(err as Error).message}`);
  }
  if (specs.length === 0) return catalog;
  const { catalogLocator, loadUserCatalog } = await import('../server/src/catalog/userCatalog.js');
  for (const { name, path } of specs) {
    const text = readText(resolve(io.cwd, path), USER_CATALOG_LIMITS.maxTextLength);
    const result = loadUserCatalog(name, text, path);
    if ('error' in result) {
      const at = result.offset !== undefined ? new LineIndex(text).position(result.offset) : undefined;
      throw new InputError(`${path}${at ? `:${at.line}:${at.column}` : ''}: ${result.error}`);
    }
    const before = catalog.problems.length;
    catalog.add(result.loaded, name);
    const lines = new LineIndex(text);
    const locate = catalogLocator(text, path);
    for (const p of catalog.problems.slice(before)) {
      const place = p.at ? locate(p.at) : undefined;
      const at = place ? lines.position(place.offset) : undefined;
      io.err(
        `${terminalLine(`${path}${at ? `:${at.line}:${at.column}` : ''}: ${p.severity ?? 'warning'}: ${p.message}`)}\n`,
      );
    }
  }
  return catalog;
}
