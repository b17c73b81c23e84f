/**
 * GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` per problem, on its file, line and
 * columns, so the run's summary and the pull request's diff show it in place. Paths are printed as given: run the
 * command from the repository root (as workflow steps do) and they are the repository paths GitHub expects.
 */
import type { FileReport, ReportedProblem, Severity } from './problems';
import { githubMessage, githubProperty } from '../terminal';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

function annotation(command: string, props: Record<string, string | number | undefined>, message: string): string {
  const list = Object.entries(props)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${githubProperty(String(v))}`)
    .join(',');
  return `::${command} ${list}::${githubMessage(message)}`;
}

const place = (p: ReportedProblem) => ({ line: p.line, col: p.column, endLine: p.endLine, endColumn: p.endColumn });

export function githubReport(reports: FileReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    const file = r.file;
    if (r.readError !== undefined) lines.push(annotation('error', { file, title: r.name }, r.readError));
    if (r.skipped !== undefined) {
      lines.push(annotation('notice', { file, line: r.line, title: r.name }, `Not checked: ${r.skipped}`));
    }
    for (const p of r.problems) {
      lines.push(annotation(COMMAND[p.severity], { file, ...place(p), title: r.name }, `${p.message} [${p.code}]`));
    }
  }
  return lines.map((l) => l + '\n').join('');
}
