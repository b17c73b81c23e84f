/**
 * A response body against the documented schema for its status, as a report: the editor's own check
 * (`checkResponsePlaced`, what the response panel shows), each difference a problem at its place in the body.
 * Anything short of "the body matches" fails: a difference, an undocumented status, a body where none is
 * documented or none where one is, a body that is not JSON or was cut before it could be checked.
 */
import type { Catalog } from '../../server/src/catalog/catalog';
import { locatePaths, pathKey, type JsonPath } from '../../server/src/features/locate';
import { checkResponsePlaced } from '../../server/src/features/responseCheck';
import type { CheckResponseResult } from '../../common/protocol';
import { LineIndex } from '../lineIndex';
import type { FileReport, ReportedProblem } from './problems';

export interface ResponseInput {
  /** Where the body came from, for the report: a file name, `<stdin>` or `<response>` (send). */
  file: string;
  operationId: string;
  status: number;
  body: string;
  truncated: boolean;
}

/** The panel's headings, one per kind of difference. */
const KINDS = [
  { key: 'missing', code: 'missing-member', title: 'Missing required property' },
  { key: 'wrongType', code: 'wrong-type', title: 'Wrong type' },
  { key: 'undocumented', code: 'undocumented-member', title: 'Not documented' },
] as const;

export function checkResponseReport(
  input: ResponseInput,
  catalog: Catalog,
): { report: FileReport; check: CheckResponseResult } {
  const { result, places } = checkResponsePlaced(input, catalog);
  const wanted = KINDS.flatMap(({ key }) => places[key].filter((p): p is JsonPath => p !== undefined));
  const located = locatePaths(input.body, wanted);
  const lines = new LineIndex(input.body);
  const problem = (code: string, message: string, at?: { offset: number; length: number }): ReportedProblem => {
    const { offset, length } = at ?? { offset: 0, length: 0 };
    const start = lines.position(offset);
    const end = lines.position(offset + length);
    return {
      severity: 'error',
      code,
      message,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      offset,
      length,
    };
  };
  const problems: ReportedProblem[] = [];
  if (result.note !== undefined) problems.push(problem('response-not-compared', result.note));
  for (const { key, code, title } of KINDS) {
    result[key].forEach((text, i) => {
      const path = places[key][i];
      const found = path !== undefined ? located.get(pathKey(path)) : undefined;
      // An undocumented member is shown at its key, a mistyped one at its value, a missing one at the opening
      // brace of the object that lacks it (not the whole object: an annotation would cover all its lines).
      const at =
        key === 'undocumented'
          ? (found?.key ?? found?.value)
          : key === 'missing' && found
            ? { offset: found.value.offset, length: 1 }
            : found?.value;
      problems.push(problem(code, `${title}: ${text}`, at));
    });
  }
  const ds = result.documentedStatus;
  const documented = ds !== undefined && ds !== String(input.status) ? ` (documented as ${ds})` : '';
  return {
    report: { file: input.file, name: `${input.operationId} ${input.status} response${documented}`, problems },
    check: result,
  };
}
