/**
 * The output formats of the checking commands (`validate`, `check-examples`, `check-response`). Text and JSON are
 * each command's own; SARIF, JUnit and GitHub annotations are printed from the same reports for all of them.
 */
import { oneOf } from '../options';
import { packageVersion } from '../paths';
import { githubReport } from './github';
import { junitReport } from './junit';
import type { ReportSuite } from './problems';
import { sarifReport } from './sarif';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'junit', 'github'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const reportFormat = (value: string | undefined): ReportFormat => oneOf('format', value, REPORT_FORMATS, 'text');

/** `command` names the run (JUnit's `testsuites`); paths in SARIF are relative to `cwd`. */
export function sharedReport(
  format: Exclude<ReportFormat, 'text' | 'json'>,
  suites: ReportSuite[],
  command: string,
  cwd: string,
): string {
  const reports = suites.flatMap((s) => s.reports);
  if (format === 'sarif') return sarifReport(reports, cwd, packageVersion());
  if (format === 'junit') return junitReport(suites, `meeting-payloads ${command}`);
  return githubReport(reports);
}
