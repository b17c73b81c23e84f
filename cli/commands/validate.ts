/**
 * `validate`: request files checked by the same analyze() as the language server, against a catalog loaded and
 * compiled once for the whole run. Exit 1 when a file has errors (or warnings with --strict).
 */
import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from '../../common/settings';
import { loadCatalog, parseCatalogSpecs } from '../catalogs';
import { EXIT, UsageError } from '../errors';
import { resolveInputs } from '../inputs';
import type { Io } from '../io';
import { integer, oneOf, parseOptions } from '../options';
import { packageVersion } from '../paths';
import { reportFormat, sharedReport } from '../report/formats';
import { jsonReport } from '../report/json';
import { summarize, summaryLine } from '../report/problems';
import { textReport } from '../report/text';
import { terminalLine } from '../terminal';
import { checkFiles, type CheckJob } from '../validate/checkFiles';
import { checkInParallel, MAX_JOBS, threadCount } from '../validate/parallel';
import { checkWithReader, readAhead } from '../validate/readAhead';

export async function validateCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    format: { type: 'string', short: 'f' },
    strict: { type: 'boolean' },
    catalog: { type: 'string', multiple: true },
    'unknown-fields': { type: 'string' },
    jobs: { type: 'string', short: 'j' },
  });
  const format = reportFormat(values.format);
  if (positionals.length === 0) throw new UsageError('validate needs files, directories or globs.');
  const settings: ServerSettings = {
    ...DEFAULT_SERVER_SETTINGS,
    unknownBodyFields: oneOf(
      'unknown-fields',
      values['unknown-fields'],
      ['error', 'warning', 'off'] as const,
      DEFAULT_SERVER_SETTINGS.unknownBodyFields,
    ),
  };
  const strict = values.strict === true;
  const jobs = values.jobs === undefined ? undefined : integer('jobs', values.jobs, 1, 1, MAX_JOBS);
  const catalogs = parseCatalogSpecs(values.catalog);
  const catalog = await loadCatalog(catalogs, io);
  const { files, problems: inputProblems } = resolveInputs(positionals, io.cwd);
  for (const p of inputProblems) io.err(`meeting-payloads: ${terminalLine(p)}\n`);

  const job: CheckJob = { catalog, settings, strict, cwd: io.cwd };
  const threads = threadCount(files.length, jobs, catalogs);
  // Several checking threads, or one with a reader thread reading ahead (not with --jobs 1), or just this one.
  const reports =
    threads > 1
      ? await checkInParallel(files, job, { catalogs, env: io.env }, threads)
      : jobs === undefined && readAhead(files.length)
        ? await checkWithReader(files, job)
        : checkFiles(files, 0, files.length, job);

  const summary = summarize(reports);
  if (format === 'text') io.out(textReport(reports, summary));
  else {
    io.out(
      format === 'json'
        ? jsonReport(reports, summary, packageVersion())
        : sharedReport(format, [{ name: 'validate', reports }], 'validate', io.cwd),
    );
    io.err(summaryLine(summary) + '\n');
  }
  if (inputProblems.length > 0 || summary.unreadable > 0) return EXIT.usage;
  return summary.errors > 0 || (strict && summary.warnings > 0) ? EXIT.failed : EXIT.ok;
}
