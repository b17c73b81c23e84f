/**
 * `validate`: request files checked by the same analyze() as the language server, against a catalog loaded and
 * compiled once for the whole run. Exit 1 when a file has errors (or warnings with --strict).
 */
import { resolve } from 'node:path';
import { analyze, LIMITS } from '../../server/src/features/analyze';
import { readRegularFile } from '../../server/src/util/readFile';
import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from '../../common/settings';
import { loadCatalog, parseCatalogSpecs } from '../catalogs';
import { EXIT, UsageError } from '../errors';
import { resolveInputs } from '../inputs';
import type { Io } from '../io';
import { oneOf, parseOptions } from '../options';
import { packageVersion } from '../paths';
import { reportFormat, sharedReport } from '../report/formats';
import { jsonReport } from '../report/json';
import { placeProblems, summarize, summaryLine, type FileReport } from '../report/problems';
import { textReport } from '../report/text';
import { terminalLine } from '../terminal';

export async function validateCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    format: { type: 'string', short: 'f' },
    strict: { type: 'boolean' },
    catalog: { type: 'string', multiple: true },
    'unknown-fields': { type: 'string' },
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
  const catalog = await loadCatalog(parseCatalogSpecs(values.catalog), io);
  const { files, problems: inputProblems } = resolveInputs(positionals, io.cwd);
  for (const p of inputProblems) io.err(`meeting-payloads: ${terminalLine(p)}\n`);

  const reports: FileReport[] = [];
  // Paths relative to the process's own directory are opened as they are (no resolving per file).
  const inProcessCwd = io.cwd === process.cwd();
  for (const file of files) {
    let text: string;
    try {
      // The editor's limit for validating a file; past it the editor validates nothing either.
      text = readRegularFile(inProcessCwd ? file : resolve(io.cwd, file), LIMITS.maxTextLength);
    } catch (err) {
      reports.push({ file, problems: [], readError: `cannot read: ${(err as Error).message}` });
      continue;
    }
    reports.push({ file, problems: placeProblems(text, analyze(text, catalog, settings).problems, strict) });
  }

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
