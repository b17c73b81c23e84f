/**
 * `check-examples`: every example of OpenAPI documents against its schema. The document is read as written to
 * find examples (and report where they are), and converted/sanitized like a user catalog to validate them.
 */
import { resolve } from 'node:path';
import { parseOpenApiText, prepareOpenApiDocument, USER_CATALOG_LIMITS } from '../../server/src/catalog/userCatalog';
import { EXIT, UsageError } from '../errors';
import { readText, type Io } from '../io';
import { LineIndex } from '../lineIndex';
import { oneOf, parseOptions } from '../options';
import { collectExamples, type Collected } from '../examples/collect';
import { pointerLocator } from '../examples/locate';
import { validateExamples, type ExampleFailure } from '../examples/validate';
import { terminalJson, terminalLine } from '../terminal';

interface DocumentResult {
  file: string;
  version: string;
  operations: number;
  examples: { total: number; media: number; parameter: number; schema: number };
  failures: Array<ExampleFailure & { line?: number; column?: number }>;
  skipped: Collected['skipped'];
  warnings: string[];
}

export function checkExamplesCommand(args: string[], io: Io): number {
  const { values, positionals } = parseOptions(args, { format: { type: 'string', short: 'f' } });
  const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
  if (positionals.length === 0) throw new UsageError('check-examples needs one or more OpenAPI files.');
  const results: DocumentResult[] = [];
  let unreadable = false;
  for (const file of positionals) {
    const result = checkDocument(file, io);
    if (typeof result === 'string') {
      io.err(`${terminalLine(result)}\n`);
      unreadable = true;
    } else results.push(result);
  }
  if (format === 'json') io.out(terminalJson(results.map(toJson)));
  else io.out(results.map(textReport).join(''));
  if (unreadable) return EXIT.usage;
  return results.some((r) => r.failures.length > 0) ? EXIT.failed : EXIT.ok;
}

/** The result, or an error line when the document cannot be read or is not OpenAPI 3.0/3.1. */
function checkDocument(file: string, io: Io): DocumentResult | string {
  let text: string;
  try {
    text = readText(resolve(io.cwd, file), USER_CATALOG_LIMITS.maxTextLength);
  } catch (err) {
    return `meeting-payloads check-examples: ${(err as Error).message}`;
  }
  const parsed = parseOpenApiText(text, file);
  if ('error' in parsed) {
    const at = parsed.offset !== undefined ? new LineIndex(text).position(parsed.offset) : undefined;
    return `${file}${at ? `:${at.line}:${at.column}` : ''}: error: ${parsed.error}`;
  }
  // Collect from the document as written; validate against a converted copy (same pointers, 2020-12 schemas).
  const collected = collectExamples(parsed.value as Record<string, unknown>);
  const prepared = prepareOpenApiDocument(structuredClone(parsed.value));
  if ('error' in prepared) return `${file}: error: ${prepared.error}`;
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
    failures: failures.map((f) => {
      const offset = locate(f.example.pointer);
      return offset === undefined ? f : { ...f, ...lines.position(offset) };
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
