/**
 * JUnit XML as Jenkins, GitLab, Azure DevOps and the test-report actions read it, valid against the Jenkins xUnit
 * schema (`junit-10.xsd`, which the xUnit plugin enforces): `testsuites` › `testsuite` per suite › `testcase` per
 * checked file or example. A case fails (`failure`) when it has errors; an unreadable file is an `error`; a case not
 * checked is `skipped`. Every problem, warnings and notes included, is listed as `file:line:col: …` in the failure's
 * text (or the case's `system-out` when nothing failed): the schema has no `file` or `line` on a test case.
 */
import type { FileReport, ReportSuite } from './problems';
import { problemLine } from './text';
import { terminalLine, xmlText } from '../terminal';

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

const attrs = (values: Record<string, string | number | undefined>): string =>
  Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlText(String(v))}"`)
    .join('');

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function testCase(r: FileReport, classname: string, counts: Counts): string {
  counts.tests++;
  const open = `    <testcase${attrs({ name: r.name ?? r.file, classname, time: 0 })}`;
  // One line per problem, whatever its message holds (a key with a line break in it).
  const lines = r.problems.map((p) => terminalLine(problemLine(r.file, p))).join('\n');
  const errors = r.problems.filter((p) => p.severity === 'error');
  let inner: string;
  if (r.readError !== undefined) {
    counts.errors++;
    inner = `      <error${attrs({ message: r.readError, type: 'unreadable' })}/>`;
  } else if (r.skipped !== undefined) {
    counts.skipped++;
    inner = `      <skipped${attrs({ message: r.skipped })}/>`;
  } else if (errors.length > 0) {
    counts.failures++;
    const message = `${plural(errors.length, 'error')}: ${errors[0].message}`;
    inner = `      <failure${attrs({ message, type: errors[0].code })}>${xmlText(lines, true)}</failure>`;
  } else if (lines !== '') inner = `      <system-out>${xmlText(lines, true)}</system-out>`;
  else return `${open}/>`;
  return `${open}>\n${inner}\n    </testcase>`;
}

export function junitReport(suites: ReportSuite[], name: string): string {
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const body = suites.map((suite) => {
    const counts: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    const cases = suite.reports.map((r) => testCase(r, suite.name, counts));
    for (const k of Object.keys(total) as Array<keyof Counts>) total[k] += counts[k];
    const head = `  <testsuite${attrs({ name: suite.name, ...counts, time: 0 })}`;
    return cases.length === 0 ? `${head}/>` : `${head}>\n${cases.join('\n')}\n  </testsuite>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    // The schema has no `skipped` on `testsuites`: it is counted on each `testsuite`.
    `<testsuites${attrs({ name, tests: total.tests, failures: total.failures, errors: total.errors, time: 0 })}>`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}
