/**
 * `check-examples`: every example of OpenAPI documents against its schema. The document is read as written to
 * find examples (and report where they are), and converted/sanitized like a user catalog to validate them.
 */
import { resolve } from 'node:path';
import { parseOpenApiText, prepareOpenApiDocument, USER_CATALOG_LIMITS } from '../../server/src/catalog/userCatalog';
import { EXIT, UsageError } from '../errors';
import { readText, type Io } from '../io';
import { LineIndex } from '../lineIndex';
import { parseOptions } from '../options';
import { collectExamples, type Collected, type ExampleRef } from '../examples/collect';
import { pointerLocator } from '../examples/locate';
import { validateExamples, type ExampleFailure } from '../examples/validate';
import { reportFormat, sharedReport } from '../report/formats';
import type { ReportSuite } from '../report/problems';
import { terminalJson, terminalLine } from '../terminal';

interface DocumentResult {
  file: string;
  version: string;
  operations: number;
  examples: { total: number; media: number; parameter: number; schema: number };
  checked: ExampleRef[];
  failures: Array<ExampleFailure & { line?: number; column?: number; offset?: number }>;
  skipped: Collected['skipped'];
  warnings: string[];
}

export function checkExamplesCommand(args: string[], io: Io): number {
  const { values, positionals } = parseOptions(args, { format: { type: 'string', short: 'f' } });
  const format = reportFormat(values.format);
  if (positionals.length === 0) throw new UsageError('check-examples needs one or more OpenAPI files.');
  const results: DocumentResult[] = [];
  const suites: ReportSuite[] = [];
  let unreadable = false;
  for (const file of positionals) {
    const result = checkDocument(file, io);
    if ('unreadable' in result) {
      io.err(`${terminalLine(result.unreadable)}\n`);
      unreadable = true;
      suites.push({ name: file, reports: [{ file, problems: [], readError: result.reason }] });
    } else {
      results.push(result);
      suites.push(toSuite(result));
    }
  }
  if (format === 'json') io.out(terminalJson(results.map(toJson)));
  else if (format === 'text') io.out(results.map(textReport).join(''));
  else io.out(sharedReport(format, suites, 'check-examples', io.cwd));
  if (unreadable) return EXIT.usage;
  return results.some((r) => r.failures.length > 0) ? EXIT.failed : EXIT.ok;
}

/** The result, or an error line and its reason when the document cannot be read or is not OpenAPI 3.0/3.1. */
function checkDocument(file: string, io: Io): DocumentResult | { unreadable: string; reason: string } {
  let text: string;
  try {
    text = readText(resolve(io.cwd, file), USER_CATALOG_LIMITS.maxTextLength);
  } catch (err) {
    const reason = (err as Error).message;
    return { unreadable: `meeting-payloads check-examples: ${reason}`, reason };
  }
  const parsed = parseOpenApiText(text, file);
  if ('error' in parsed) {
    const at = parsed.offset !== undefined ? new LineIndex(text).position(parsed.offset) : undefined;
    const where = `${file}${at ? `:${at.line}:${at.column}` : ''}`;
    return { unreadable: `${where}: error: ${parsed.error}`, reason: `${where}: ${parsed.error}` };
  }
  // Collect from the document as written; validate against a converted copy (same pointers, 2020-12 schemas).
  const collected = collectExamples(parsed.value as Record<string, unknown>);
  const prepared = prepareOpenApiDocument(structuredClone(parsed.value));
  if ('error' in prepared) return { unreadable: `${file}: error: ${prepared.error}`, reason: prepared.error };
  const failures = validateExamples(prepared.doc, collected.examples);
  const yaml = /\.ya?ml$/i.test(file) || !/^\s*[{[]/.test(text.replace(/^\uFEFF/, ''));
  const locate = pointerLocator(text, yaml);
  const lines = new LineIndex(text);
  const count = (kind: string): number => collected.examples.filter((e) => e.kind === kind).length;
  return {
    file,
    version: prepared.version,
    operations: collected.operations,
    examples: {
      total: collected.examples.length,
      media: count('media'),
      parameter: count('parameter'),
      schema: count('schema'),
    },
    checked: collected.examples,
    failures: failures.map((f) => {
      const offset = locate(f.example.pointer);
      return offset === undefined ? f : { ...f, ...lines.position(offset), offset };
    }),
    skipped: collected.skipped,
    warnings: prepared.warnings,
  };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function textReport(r: DocumentResult): string {
  const out: string[] = [];
  for (const w of r.warnings) out.push(`${r.file}: warning: ${w}`);
  for (const f of r.failures) {
    const where = f.line !== undefined ? `${r.file}:${f.line}:${f.column}` : r.file;
    const head = `${where}: error: ${f.example.owner}, ${f.example.what} (${f.example.pointer})`;
    for (const e of f.errors) out.push(`${head}: ${e.path}: ${e.message}`);
  }
  for (const s of r.skipped) out.push(`${r.file}: note: not checked (${s.reason}): ${s.pointer}`);
  const e = r.examples;
  const failed = r.failures.length === 0 ? 'all valid' : `${plural(r.failures.length, 'example')} failed`;
  out.push(
    `${r.file}: OpenAPI ${r.version}, ${plural(r.operations, 'operation')}: ${plural(e.total, 'example')} checked ` +
      `(${e.media} request/response, ${e.parameter} parameter/header, ${e.schema} in schemas), ${failed}` +
      `${r.skipped.length > 0 ? `, ${r.skipped.length} not checked` : ''}.`,
  );
  // Pointers, paths and messages come from the document: one line each, nothing a terminal acts on.
  return out.map(terminalLine).join('\n') + '\n';
}

/**
 * One case per example (each error of a failing one a problem at the example), one per example not checked, and
 * one for the document when converting it gave warnings.
 */
function toSuite(r: DocumentResult): ReportSuite {
  const failed = new Map(r.failures.map((f) => [f.example, f]));
  const caseName = (e: ExampleRef): string => `${e.owner}, ${e.what} (${e.pointer})`;
  const reports: ReportSuite['reports'] = r.checked.map((example) => {
    const f = failed.get(example);
    if (!f) return { file: r.file, name: caseName(example), problems: [] };
    const at = { line: f.line ?? 1, column: f.column ?? 1 };
    return {
      file: r.file,
      name: caseName(example),
      line: at.line,
      problems: f.errors.map((e) => ({
        severity: 'error' as const,
        code: e.keyword,
        message: `${e.path}: ${e.message}`,
        ...at,
        endLine: at.line,
        endColumn: at.column,
        offset: f.offset ?? 0,
        length: 0,
      })),
    };
  });
  for (const s of r.skipped) reports.push({ file: r.file, name: s.pointer, problems: [], skipped: s.reason });
  if (r.warnings.length > 0) {
    reports.unshift({
      file: r.file,
      problems: r.warnings.map((message) => ({
        severity: 'warning' as const,
        code: 'document',
        message,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        offset: 0,
        length: 0,
      })),
    });
  }
  return { name: r.file, reports };
}

function toJson(r: DocumentResult): unknown {
  return {
    file: r.file,
    openapi: r.version,
    operations: r.operations,
    examples: r.examples,
    failed: r.failures.length,
    failures: r.failures.map((f) => ({
      operation: f.example.owner,
      example: f.example.what,
      pointer: f.example.pointer,
      schema: f.example.schemaPointer,
      ...(f.line !== undefined ? { line: f.line, column: f.column } : {}),
      errors: f.errors,
    })),
    skipped: r.skipped,
    warnings: r.warnings,
  };
}
