/**
 * `check-docs`: the request and response examples of Markdown, MDX and HTML pages against the catalog, each
 * problem at its line and column in the page. Blocks that cannot be tied to an operation are listed (errors with
 * --strict, like every warning). Exit 1 when a page has errors, 2 when an input cannot be read.
 */
import { resolve } from 'node:path';
import { LIMITS } from '../../server/src/features/analyze';
import { readRegularFile } from '../../server/src/util/readFile';
import { DEFAULT_SERVER_SETTINGS } from '../../common/settings';
import type { Catalog } from '../../server/src/catalog/catalog';
import { loadCatalog, parseCatalogSpecs } from '../catalogs';
import { checkPage, type CheckedBlock, type PageResult } from '../docs/check';
import { EXIT, UsageError } from '../errors';
import { resolveInputs } from '../inputs';
import type { Io } from '../io';
import { LineIndex } from '../lineIndex';
import { parseOptions } from '../options';
import { packageVersion } from '../paths';
import { reportFormat, sharedReport } from '../report/formats';
import { placeWith, summarize, type FileReport, type Summary } from '../report/problems';
import { problemLine } from '../report/text';
import { terminalJson, terminalLine } from '../terminal';

/** What a directory on the command line stands for. */
export const DOCS_SUFFIXES = ['.md', '.mdx', '.markdown', '.html', '.htm'] as const;

interface Page {
  file: string;
  readError?: string;
  result?: PageResult;
  /** One per example block, in the order of the page. */
  reports: FileReport[];
}

export async function checkDocsCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    format: { type: 'string', short: 'f' },
    strict: { type: 'boolean' },
    catalog: { type: 'string', multiple: true },
  });
  const format = reportFormat(values.format);
  if (positionals.length === 0) {
    throw new UsageError('check-docs needs Markdown, MDX or HTML files, directories or globs.');
  }
  const strict = values.strict === true;
  const catalog = await loadCatalog(parseCatalogSpecs(values.catalog), io);
  const { files, problems: inputProblems } = resolveInputs(positionals, io.cwd, DOCS_SUFFIXES);
  for (const p of inputProblems) io.err(`meeting-payloads: ${terminalLine(p)}\n`);

  const pages: Page[] = [];
  for (const file of files) pages.push(await checkFile(file, io, catalog, strict));

  const reports = pages.flatMap((p) => p.reports);
  const summary = summarize(reports);
  if (format === 'text') io.out(textReport(pages, summary));
  else {
    io.out(
      format === 'json'
        ? jsonReport(pages, summary)
        : sharedReport(
            format,
            pages.map((p) => ({ name: p.file, reports: p.reports })),
            'check-docs',
            io.cwd,
          ),
    );
    io.err(summaryText(pages, summary) + '\n');
  }
  if (inputProblems.length > 0 || summary.unreadable > 0) return EXIT.usage;
  return summary.errors > 0 ? EXIT.failed : EXIT.ok;
}

async function checkFile(file: string, io: Io, catalog: Catalog, strict: boolean): Promise<Page> {
  let text: string;
  try {
    text = readRegularFile(resolve(io.cwd, file), LIMITS.maxTextLength);
  } catch (err) {
    const readError = `cannot read: ${(err as Error).message}`;
    return { file, readError, reports: [{ file, problems: [], readError }] };
  }
  const result = await checkPage(file, text, catalog, DEFAULT_SERVER_SETTINGS);
  const lines = new LineIndex(text);
  const reports = result.blocks.map((b) => blockReport(file, b, lines, strict));
  // A page without examples is a case too (JUnit), marked as not checked, never silently left out.
  if (reports.length === 0) reports.push({ file, problems: [], skipped: 'no request or response examples' });
  return { file, result, reports };
}

function blockName(b: CheckedBlock): string {
  const what = b.status !== undefined ? `${b.status} response` : b.kind === 'curl' ? 'cURL command' : 'request';
  const lang = b.block.lang || (b.block.kind === 'pre' ? '<pre>' : 'code');
  return `line ${b.line}: ${lang} block, ${b.operationId !== undefined ? `${b.operationId} ${what}` : b.via === undefined ? 'not tied to an operation' : what}`;
}

function blockReport(file: string, b: CheckedBlock, lines: LineIndex, strict: boolean): FileReport {
  // The operation is part of the message: a page has examples of many.
  const prefixed = b.problems.map((p) =>
    b.operationId !== undefined && p.code !== 'untied-block' ? { ...p, message: `${b.operationId}: ${p.message}` } : p,
  );
  const problems = placeWith(lines, prefixed, strict);
  return { file, name: blockName(b), line: b.line, problems };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function summaryText(pages: Page[], s: Summary): string {
  const blocks = pages.flatMap((p) => p.result?.blocks ?? []);
  const untied = blocks.filter((b) => b.via === undefined).length;
  const other = pages.reduce((n, p) => n + (p.result?.otherBlocks ?? 0), 0);
  const read = pages.filter((p) => p.result).length;
  const parts = [`${plural(read, 'page')}: ${plural(blocks.length - untied, 'example')} checked`];
  if (untied > 0) parts.push(`${untied} not tied to an operation`);
  if (other > 0) parts.push(`${plural(other, 'other code block')} skipped`);
  const unreadable = s.unreadable > 0 ? `, ${s.unreadable} unreadable` : '';
  const counts =
    s.errors + s.warnings + s.infos === 0
      ? 'no problems'
      : [
          plural(s.errors, 'error'),
          plural(s.warnings, 'warning'),
          ...(s.infos > 0 ? [plural(s.infos, 'note')] : []),
        ].join(', ');
  return `${parts.join(', ')}${unreadable}: ${counts}.`;
}

function textReport(pages: Page[], s: Summary): string {
  const out: string[] = [];
  for (const page of pages) {
    if (page.readError !== undefined) out.push(`${page.file}: error: ${page.readError}`);
    for (const r of page.reports) for (const p of r.problems) out.push(problemLine(page.file, p));
  }
  out.push(summaryText(pages, s));
  // Messages quote the page: one line each, nothing a terminal acts on.
  return out.map(terminalLine).join('\n') + '\n';
}

function jsonReport(pages: Page[], summary: Summary): string {
  return terminalJson({
    tool: { name: 'meeting-payloads', version: packageVersion() },
    pages: pages.map((p) => ({
      file: p.file,
      ...(p.readError !== undefined ? { readError: p.readError } : {}),
      blocks: (p.result?.blocks ?? []).map((b, i) => ({
        line: b.line,
        kind: b.kind,
        block: b.block.kind,
        lang: b.block.lang,
        operation: b.operationId ?? null,
        ...(b.status !== undefined ? { status: b.status } : {}),
        ...(b.statusLine !== undefined ? { statusLine: b.statusLine } : {}),
        tiedBy: b.via ?? null,
        problems: p.reports[i].problems,
      })),
      otherBlocks: p.result?.otherBlocks ?? 0,
    })),
    summary,
  });
}
