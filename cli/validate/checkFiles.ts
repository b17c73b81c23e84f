/**
 * The per-file work of `validate`, the same on the main thread and in its worker threads: read, analyze, place.
 */
import { resolve } from 'node:path';
import type { Catalog } from '../../server/src/catalog/catalog';
import { analyze, LIMITS } from '../../server/src/features/analyze';
import { readRegularFile } from '../../server/src/util/readFile';
import type { ServerSettings } from '../../common/settings';
import { placeProblems, type FileReport } from '../report/problems';

/** What checking a file depends on besides the file: the same for every thread of a run. */
export interface CheckJob {
  catalog: Catalog;
  settings: ServerSettings;
  strict: boolean;
  /** The folder relative paths are relative to. */
  cwd: string;
}

/** Reports of `files[from, to)`, in their order. */
export function checkFiles(files: readonly string[], from: number, to: number, job: CheckJob): FileReport[] {
  const { catalog, settings, strict, cwd } = job;
  // Paths relative to the process's own directory are opened as they are (no resolving per file).
  const inProcessCwd = cwd === process.cwd();
  const reports: FileReport[] = [];
  for (let i = from; i < to; i++) {
    const file = files[i];
    let text: string;
    try {
      // The editor's limit for validating a file; past it the editor validates nothing either.
      text = readRegularFile(inProcessCwd ? file : resolve(cwd, file), LIMITS.maxTextLength);
    } catch (err) {
      reports.push({ file, problems: [], readError: `cannot read: ${(err as Error).message}` });
      continue;
    }
    reports.push({ file, problems: placeProblems(text, analyze(text, catalog, settings).problems, strict) });
  }
  return reports;
}
