/**
 * The per-file work of `validate`, the same on the main thread and in its worker threads: read, analyze, place.
 */
import type { Catalog } from '../../server/src/catalog/catalog';
import { analyze } from '../../server/src/features/analyze';
import type { ServerSettings } from '../../common/settings';
import { placeProblems, type FileReport } from '../report/problems';
import { readInput, type Input } from './readInput';

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
  const inProcessCwd = job.cwd === process.cwd();
  const reports: FileReport[] = [];
  for (let i = from; i < to; i++) reports.push(checkInput(files[i], readInput(files[i], job.cwd, inProcessCwd), job));
  return reports;
}

/** The report of a file already read. */
export function checkInput(file: string, input: Input, job: CheckJob): FileReport {
  if (typeof input !== 'string') return { file, problems: [], readError: input.readError };
  return { file, problems: placeProblems(input, analyze(input, job.catalog, job.settings).problems, job.strict) };
}
