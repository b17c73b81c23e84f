/** One JSON document: every file with its problems (valid files too, with none), and the totals. */
import type { FileReport, Summary } from './problems';

export function jsonReport(reports: FileReport[], summary: Summary, version: string): string {
  return (
    JSON.stringify(
      {
        tool: { name: 'meeting-payloads', version },
        files: reports.map((r) => ({
          file: r.file,
          ...(r.readError !== undefined ? { readError: r.readError } : {}),
          problems: r.problems,
        })),
        summary,
      },
      null,
      2,
    ) + '\n'
  );
}
