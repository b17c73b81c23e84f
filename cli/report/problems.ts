/** Validation results as the reporters see them: placed problems with 1-based positions. */
import type { PlacedProblem } from '../../server/src/features/analyze';
import { LineIndex } from '../lineIndex';

export type Severity = 'error' | 'warning' | 'info';

export interface ReportedProblem {
  severity: Severity;
  code: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  offset: number;
  length: number;
}

/**
 * One thing checked: a request file, an example inside an OpenAPI document, a response body. Every printer works
 * from these (one JUnit test case, one SARIF artifact, annotations on its lines).
 */
export interface FileReport {
  /** As given on the command line, or as found by a glob. */
  file: string;
  /** What was checked inside the file when it is not the whole file (an example: its operation and pointer). */
  name?: string;
  /** Where that is in the file (1-based), when known. */
  line?: number;
  problems: ReportedProblem[];
  /** Set when the file could not be read; it then has no problems. */
  readError?: string;
  /** Why it was not checked (an example in a media type other than JSON). */
  skipped?: string;
}

/** The reports of one run over one input (a JUnit test suite): `validate`, or one OpenAPI document. */
export interface ReportSuite {
  name: string;
  reports: FileReport[];
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
  filesWithProblems: number;
  unreadable: number;
}

/** Positions are computed only for files that have problems: a valid file never pays for a line index. */
export function placeProblems(text: string, problems: PlacedProblem[], strict: boolean): ReportedProblem[] {
  if (problems.length === 0) return [];
  return placeWith(new LineIndex(text), problems, strict);
}

/** {@link placeProblems} with a line index the caller already has (a docs page's, shared by its blocks). */
export function placeWith(index: LineIndex, problems: readonly PlacedProblem[], strict: boolean): ReportedProblem[] {
  return problems.map((p) => {
    const start = index.position(p.offset);
    const end = index.position(p.offset + p.length);
    return {
      severity: strict && p.severity === 'warning' ? 'error' : p.severity,
      code: p.code,
      message: p.message,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      offset: p.offset,
      length: p.length,
    };
  });
}

export function summarize(reports: FileReport[]): Summary {
  const s: Summary = { files: reports.length, errors: 0, warnings: 0, infos: 0, filesWithProblems: 0, unreadable: 0 };
  for (const r of reports) {
    if (r.readError !== undefined) s.unreadable++;
    if (r.problems.length > 0) s.filesWithProblems++;
    for (const p of r.problems) {
      if (p.severity === 'error') s.errors++;
      else if (p.severity === 'warning') s.warnings++;
      else s.infos++;
    }
  }
  return s;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function summaryLine(s: Summary): string {
  const checked = `${plural(s.files - s.unreadable, 'file')} checked`;
  const unreadable = s.unreadable > 0 ? `, ${s.unreadable} unreadable` : '';
  if (s.errors + s.warnings + s.infos === 0) return `${checked}${unreadable}: no problems.`;
  const counts = [plural(s.errors, 'error'), plural(s.warnings, 'warning')];
  if (s.infos > 0) counts.push(plural(s.infos, 'note'));
  return `${checked}${unreadable}: ${counts.join(', ')} in ${plural(s.filesWithProblems, 'file')}.`;
}
