/** The catalog the commands work with: the bundled operations plus any `--catalog name=path` user catalogs. */
import { resolve } from 'node:path';
import { Catalog } from '../server/src/catalog/catalog';
import { addBuiltins, readBuiltinDocuments } from '../server/src/catalog/builtin';
import type { PlacedCatalogProblem } from '../server/src/catalog/userCatalogFile';
import { USER_CATALOG_LIMITS } from '../server/src/catalog/userCatalogLimits';
import { InputError, UsageError } from './errors';
import { readText, type Io } from './io';
import { LineIndex } from './lineIndex';
import { schemasDir, shownSpecFile } from './paths';
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
  const { addUserCatalogFile } = await import('../server/src/catalog/userCatalogFile.js');
  for (const { name, path } of specs) {
    const entry = resolve(io.cwd, path);
    const text = readText(entry, USER_CATALOG_LIMITS.maxTextLength);
    const result = addUserCatalogFile(catalog, name, entry, text);
    const lines = new Map<string, LineIndex>();
    const where = (p: PlacedCatalogProblem) => {
      const shown = shownSpecFile(p.file, entry, path, io.cwd);
      if (p.offset === undefined) return shown;
      let index = lines.get(p.file);
      if (!index) lines.set(p.file, (index = new LineIndex(result.texts.get(p.file) ?? '')));
      const at = index.position(p.offset);
      return `${shown}:${at.line}:${at.column}`;
    };
    for (const p of result.problems) io.err(`${terminalLine(`${where(p)}: ${p.severity}: ${p.message}`)}\n`);
    if (result.error) throw new InputError(`${where(result.error)}: ${result.error.message}`);
  }
  return catalog;
}
