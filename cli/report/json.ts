/** One JSON document: every file with its problems (valid files too, with none), and the totals. */
import type { FileReport, Summary } from './problems';
import { terminalJson } from '../terminal';

export function jsonReport(reports: FileReport[], summary: Summary, version: string): string {
  return terminalJson({
    tool: { name: 'meeting-payloads', version },
    files: reports.map((r) => ({
      file: r.file,
      ...(r.readError !== undefined ? { readError: r.readError } : {}),
      problems: r.problems,
    })),
    summary,
  });
}
