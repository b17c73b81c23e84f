/**
 * `check-examples`: every example of OpenAPI documents against its schema. The document is read as written to
 * find examples (and report where they are), and converted/sanitized like a user catalog to validate them.
 */
import { resolve } from 'node:path';
import { pointerSegments } from '../../server/src/catalog/openapi';
import { atWrittenPlace, loadSplitSpec, writtenPointer, type BundledSpec } from '../../server/src/catalog/splitSpec';
import { pointerOf, prepareOpenApiDocument, USER_CATALOG_LIMITS } from '../../server/src/catalog/userCatalog';
import { EXIT, UsageError } from '../errors';
import { readText, type Io } from '../io';
import { LineIndex } from '../lineIndex';
import { parseOptions } from '../options';
import { shownSpecFile } from '../paths';
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
  examples: { total: number; media: number; parameter: number; schema: number; default: number };
  checked: ExampleRef[];
  /** Each in the file where the example is written (the entry, or a file it refers to). */
  failures: Array<ExampleFailure & Place>;
  skipped: Array<Collected['skipped'][number] & Place>;
  /** $refs refused and referenced files that could not be used, at their place. */
  notices: Array<Place & { message: string }>;
  /** What converting the document reported, each where the value it names is written, when it names one. */
  warnings: Array<Place & { message: string }>;
  /** How messages name a place of the bundle: where it is written (`#/…`, or `schemas/room.yaml#/…`). */
  writtenAt: (pointer: string) => string;
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
  // Relative $refs to other files are followed (under the document's folder) and bundled into one document.
  const spec = loadSplitSpec(resolve(io.cwd, file), text);
  if ('error' in spec) {
    const at = 'offset' in spec && spec.offset !== undefined ? new LineIndex(text).position(spec.offset) : undefined;
    const where = `${file}${at ? `:${at.line}:${at.column}` : ''}`;
    return { unreadable: `${where}: error: ${spec.error}`, reason: `${where}: ${spec.error}` };
  }
  // Collect from the document as written; validate against a converted copy (same pointers, 2020-12 schemas).
  const collected = collectExamples(spec.value as Record<string, unknown>);
  // A file referred to from several places is in the bundle several times: check each example once.
  const written = new Set<string>();
  collected.examples = collected.examples.filter((e) => {
    const o = spec.origin(pointerSegments(e.pointer) ?? []);
    const key = `${o.file}${pointerOf(o.path)}`;
    return !written.has(key) && written.add(key) !== undefined;
  });
  const prepared = prepareOpenApiDocument(structuredClone(spec.value));
  if ('error' in prepared) return { unreadable: `${file}: error: ${prepared.error}`, reason: prepared.error };
  const failures = validateExamples(prepared.doc, collected.examples);
  const place = specPlacer(spec, file, io.cwd);
  const keys = (pointer: string): string[] => pointerSegments(pointer) ?? [];
  // A file inlined at several places gives the same warning at each: shown once, where it is written.
  const warnings = new Map<string, Place & { message: string }>();
  for (const w of prepared.warnings) {
    const written = atWrittenPlace(spec, w);
    const warning = written ? { message: written.message, ...place(written.path, written.file) } : { file, message: w };
    warnings.set(JSON.stringify([warning.file, warning.offset, warning.message]), warning);
  }
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
      default: count('default'),
    },
    checked: collected.examples,
    failures: failures.map((f) => ({ ...f, ...place(keys(f.example.pointer)) })),
    skipped: collected.skipped.map((s) => ({ ...s, ...place(keys(s.pointer)) })),
    notices: spec.problems.map((p) => ({ message: p.message, ...place(p.path ?? [], p.file, p.offset) })),
    warnings: [...warnings.values()],
    writtenAt: (pointer) => writtenPointer(spec, pointer),
  };
}

type Place = { file: string; line?: number; column?: number; offset?: number };

/**
 * Where a value of the bundled spec is written: its file (as the user named the entry, or relative to the
 * working folder for the files it refers to) and line and column there. Each file's text is indexed once.
 */
function specPlacer(
  spec: BundledSpec,
  entryName: string,
  cwd: string,
): (path: readonly string[], inFile?: string, offset?: number) => Place {
  const entry = spec.files[0].path;
  const texts = new Map(spec.files.map((f) => [f.path, f.text]));
  const locators = new Map<string, { locate: (pointer: string) => number | undefined; lines: LineIndex }>();
  return (path, inFile, offset) => {
    const origin = inFile ? { file: inFile, path: [...path] } : spec.origin(path);
    const name = shownSpecFile(origin.file, entry, entryName, cwd);
    const text = texts.get(origin.file);
    if (text === undefined) return { file: name };
    let l = locators.get(origin.file);
    if (!l) {
      const yaml = /\.ya?ml$/i.test(origin.file) || !/^\s*[{[]/.test(text.replace(/^\uFEFF/, ''));
      l = { locate: pointerLocator(text, yaml), lines: new LineIndex(text) };
      locators.set(origin.file, l);
    }
    const at = offset ?? l.locate(pointerOf(origin.path));
    return at === undefined ? { file: name } : { file: name, ...l.lines.position(at), offset: at };
  };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function textReport(r: DocumentResult): string {
  const out: string[] = [];
  const where = (p: Place): string => (p.line !== undefined ? `${p.file}:${p.line}:${p.column}` : p.file);
  for (const n of r.notices) out.push(`${where(n)}: warning: ${n.message}`);
  for (const w of r.warnings) out.push(`${where(w)}: warning: ${w.message}`);
  for (const f of r.failures) {
    const head = `${where(f)}: error: ${f.example.owner}, ${f.example.what} (${r.writtenAt(f.example.pointer)})`;
    for (const e of f.errors) out.push(`${head}: ${e.path}: ${e.message}`);
  }
  for (const s of r.skipped) out.push(`${where(s)}: note: not checked (${s.reason}): ${r.writtenAt(s.pointer)}`);
  const e = r.examples;
  const failed = r.failures.length === 0 ? 'all valid' : `${r.failures.length} failed`;
  const defaults = e.default > 0 ? ` and ${plural(e.default, 'schema default')}` : '';
  out.push(
    `${r.file}: OpenAPI ${r.version}, ${plural(r.operations, 'operation')}: ` +
      `${plural(e.total - e.default, 'example')}${defaults} checked ` +
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
  const caseName = (e: ExampleRef): string => `${e.owner}, ${e.what} (${r.writtenAt(e.pointer)})`;
  const reports: ReportSuite['reports'] = r.checked.map((example) => {
    const f = failed.get(example);
    if (!f) return { file: r.file, name: caseName(example), problems: [] };
    const at = { line: f.line ?? 1, column: f.column ?? 1 };
    return {
      file: f.file,
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
  for (const s of r.skipped) {
    reports.push({ file: s.file, name: r.writtenAt(s.pointer), line: s.line, problems: [], skipped: s.reason });
  }
  for (const n of r.notices) {
    const at = { line: n.line ?? 1, column: n.column ?? 1 };
    reports.unshift({
      file: n.file,
      problems: [
        {
          severity: 'warning' as const,
          code: 'ref',
          message: n.message,
          ...at,
          endLine: at.line,
          endColumn: at.column,
          offset: n.offset ?? 0,
          length: 0,
        },
      ],
    });
  }
  // One case per file the warnings are in, the document's own first.
  const byFile = new Map<string, ReportSuite['reports'][number]>([[r.file, { file: r.file, problems: [] }]]);
  for (const w of r.warnings) {
    const report = byFile.get(w.file) ?? { file: w.file, problems: [] };
    byFile.set(w.file, report);
    const at = { line: w.line ?? 1, column: w.column ?? 1 };
    report.problems.push({
      severity: 'warning' as const,
      code: 'document',
      message: w.message,
      ...at,
      endLine: at.line,
      endColumn: at.column,
      offset: w.offset ?? 0,
      length: 0,
    });
  }
  reports.unshift(...[...byFile.values()].filter((report) => report.problems.length > 0));
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
      pointer: r.writtenAt(f.example.pointer),
      schema: r.writtenAt(f.example.schemaPointer),
      ...(f.file !== r.file ? { file: f.file } : {}),
      ...(f.line !== undefined ? { line: f.line, column: f.column } : {}),
      errors: f.errors,
    })),
    skipped: r.skipped.map((s) => ({ pointer: r.writtenAt(s.pointer), reason: s.reason })),
    ...(r.notices.length > 0 ? { refs: r.notices } : {}),
    warnings: r.warnings.map((w) => w.message),
  };
}
