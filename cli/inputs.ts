/** Command-line inputs → files: literal files, directories (their `*.meeting.json` files) and globs. */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { expandGlob, filesUnder, GlobError, isGlob } from './glob';
import { describeFsError } from '../server/src/util/readFile';

export const REQUEST_FILE_SUFFIX = '.meeting.json';

/** `suffixes`: the files a directory stands for (request files unless told). */
export function resolveInputs(
  args: string[],
  cwd: string,
  suffixes: readonly string[] = [REQUEST_FILE_SUFFIX],
): { files: string[]; problems: string[] } {
  const files: string[] = [];
  const problems: string[] = [];
  for (const arg of args) {
    let kind: 'file' | 'dir' | undefined;
    let why = '';
    try {
      const stat = statSync(resolve(cwd, arg));
      kind = stat.isDirectory() ? 'dir' : 'file';
    } catch (err) {
      why = describeFsError(err);
    }
    if (kind === 'file') files.push(arg);
    else if (kind === 'dir') {
      const found = suffixes.flatMap((suffix) => filesUnder(arg, suffix)).sort();
      if (found.length === 0) problems.push(`${arg}: no ${suffixes.join(', ')} files in this directory`);
      files.push(...found);
    } else if (isGlob(arg)) {
      let found: string[];
      try {
        found = expandGlob(arg, cwd);
      } catch (err) {
        if (!(err instanceof GlobError)) throw err;
        problems.push(`${arg}: ${err.message}`);
        continue;
      }
      if (found.length === 0) problems.push(`${arg}: no files match`);
      files.push(...found);
    } else problems.push(`${arg}: ${why}`);
  }
  return { files: [...new Set(files)], problems };
}
