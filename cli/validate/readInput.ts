/** How `validate` reads a file it checks, on whichever thread reads it. */
import { resolve } from 'node:path';
import { LIMITS } from '../../server/src/features/analyze';
import { readRegularFile } from '../../server/src/util/readFile';

/** A file's text, or why it could not be read. */
export type Input = string | { readError: string };

/** `inProcessCwd`: `cwd` is the process's own directory, so a relative path is opened as it is (no resolving). */
export function readInput(file: string, cwd: string, inProcessCwd: boolean): Input {
  try {
    // The editor's limit for validating a file; past it the editor validates nothing either.
    return readRegularFile(inProcessCwd ? file : resolve(cwd, file), LIMITS.maxTextLength);
  } catch (err) {
    return { readError: `cannot read: ${(err as Error).message}` };
  }
}
