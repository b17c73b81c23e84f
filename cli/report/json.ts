/** One JSON document: every file with its problems (valid files too, with none), and the totals. */
import type { FileReport, Summary } from './problems';
import { terminalJson } from '../terminal';

/** `extra` adds a command's own members (check-response: the panel's comparison as it is). */
export function jsonReport(reports: FileReport[], summary: Summary, version: string, extra: object = {}): string {
  return terminalJson({
    tool: { name: 'meeting-payloads', version },
    files: reports.map((r) => ({
      file: r.file,
      ...(r.name !== undefined ? { name: r.name } : {}),
      ...(r.readError !== undefined ? { readError: r.readError } : {}),
      problems: r.problems,
    })),
    ...extra,
    summary,
  });
}
