/**
 * `check-response`: a captured response body against the schema its operation documents for the status, with the
 * check the response panel runs, so the editor and CI say the same thing. Exit 1 when the body drifts.
 */
import { resolve } from 'node:path';
import { DEFAULT_REQUEST_SETTINGS } from '../../common/settings';
import { loadCatalog, parseCatalogSpecs } from '../catalogs';
import { EXIT, InputError, UsageError } from '../errors';
import { readText, type Io } from '../io';
import { integer, parseOptions } from '../options';
import { packageVersion } from '../paths';
import { reportFormat, sharedReport } from '../report/formats';
import { jsonReport } from '../report/json';
import { summarize, summaryLine } from '../report/problems';
import { checkResponseReport } from '../report/response';
import { textReport } from '../report/text';

/** The largest body `send` keeps by default is the largest one checked. */
const MAX_BODY_BYTES = DEFAULT_REQUEST_SETTINGS.maxResponseBytes;

export async function checkResponseCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    operation: { type: 'string' },
    status: { type: 'string' },
    format: { type: 'string', short: 'f' },
    catalog: { type: 'string', multiple: true },
  });
  const format = reportFormat(values.format);
  if (values.operation === undefined) throw new UsageError('check-response needs --operation <id>.');
  if (values.status === undefined) throw new UsageError('check-response needs --status <code>.');
  const status = integer('status', values.status, 0, 100, 599);
  if (positionals.length !== 1) throw new UsageError('check-response takes one body file, or - for standard input.');
  const file = positionals[0];
  const body = file === '-' ? await io.stdin(MAX_BODY_BYTES) : readText(resolve(io.cwd, file), MAX_BODY_BYTES);
  if (body === undefined) throw new InputError('nothing on standard input (pipe the body, or give its file).');
  const catalog = await loadCatalog(parseCatalogSpecs(values.catalog), io);
  if (!catalog.get(values.operation)) {
    throw new UsageError(`there is no operation "${values.operation}" in the catalog.`);
  }

  const { report, check } = checkResponseReport(
    { file: file === '-' ? '<stdin>' : file, operationId: values.operation, status, body, truncated: false },
    catalog,
  );
  const summary = summarize([report]);
  if (format === 'text') io.out(textReport([report], summary));
  else {
    io.out(
      format === 'json'
        ? jsonReport([report], summary, packageVersion(), { responseCheck: check })
        : sharedReport(format, [{ name: 'check-response', reports: [report] }], 'check-response', io.cwd),
    );
    io.err(summaryLine(summary) + '\n');
  }
  return summary.errors > 0 ? EXIT.failed : EXIT.ok;
}
