/** Compiler-style lines, `file:line:col: severity: message [code]`, understood by editors and CI log parsers. */
import type { FileReport, ReportedProblem, Summary } from './problems';
import { summaryLine } from './problems';
import { terminalLine } from '../terminal';

/** One problem as a line (not yet made terminal-safe): the text report's and the JUnit failure's. */
export function problemLine(file: string, p: ReportedProblem): string {
  return `${file}:${p.line}:${p.column}: ${p.severity}: ${p.message} [${p.code}]`;
}

export function textReport(reports: FileReport[], summary: Summary): string {
  const lines: string[] = [];
  for (const r of reports) {
    if (r.readError !== undefined) lines.push(`${r.file}: error: ${r.readError}`);
    for (const p of r.problems) lines.push(problemLine(r.file, p));
  }
  lines.push(summaryLine(summary));
  // File names and messages quote the file's keys and values: each problem stays one line, with nothing in it
  // that a terminal or a CI log would act on.
  return lines.map(terminalLine).join('\n') + '\n';
}
