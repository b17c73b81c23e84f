/** Compiler-style lines, `file:line:col: severity: message [code]`, understood by editors and CI log parsers. */
import type { FileReport, Summary } from './problems';
import { summaryLine } from './problems';
import { terminalLine } from '../terminal';

export function textReport(reports: FileReport[], summary: Summary): string {
  const lines: string[] = [];
  for (const r of reports) {
    if (r.readError !== undefined) lines.push(`${r.file}: error: ${r.readError}`);
    for (const p of r.problems) lines.push(`${r.file}:${p.line}:${p.column}: ${p.severity}: ${p.message} [${p.code}]`);
  }
  lines.push(summaryLine(summary));
  // File names and messages quote the file's keys and values: each problem stays one line, with nothing in it
  // that a terminal or a CI log would act on.
  return lines.map(terminalLine).join('\n') + '\n';
}
