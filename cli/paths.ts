/**
 * Where the package's files are. The same expression works for the bundle (its banner sets `__dirname` to
 * `dist/`, see scripts/cliBuild.mjs → `..`) and for the sources run with tsx (`cli/*.ts` → `..`), which is why
 * this file sits at the root of `cli/`.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';

export const packageRoot = (): string => join(__dirname, '..');

/** A file of the bundle's ESM part, `dist/cli/<name>` (a worker's entry); run from the sources there is none. */
export const bundleFile = (name: string): string => join(__dirname, 'cli', name);

/** The bundled catalog; `MEETING_PAYLOADS_SCHEMAS` overrides it (as for the server). */
export function schemasDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MEETING_PAYLOADS_SCHEMAS ?? join(packageRoot(), 'schemas');
}

let version: string | undefined;
export function packageVersion(): string {
  if (version === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
      version = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
    } catch {
      version = '0.0.0';
    }
  }
  return version;
}

/**
 * A file of a spec split across files, named as the user named the spec (`entryName`, resolved to `entry`): the
 * entry as given, the files its `$ref`s name relative to the working folder (absolute when the entry was).
 */
export function shownSpecFile(file: string, entry: string, entryName: string, cwd: string): string {
  return file === entry ? entryName : isAbsolute(entryName) ? file : relative(cwd, file);
}
