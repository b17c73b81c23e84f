/**
 * SARIF 2.1.0 for code-scanning services (GitHub, Azure DevOps): one run, the tool's rules (one per problem code
 * met), one result per problem with its region. URIs are relative to %SRCROOT% (the working directory), so the
 * log is portable between machines; columns are UTF-16 code units, SARIF's default.
 */
import { pathToFileURL } from 'node:url';
import { isAbsolute, relative, sep } from 'node:path';
import type { FileReport, Severity } from './problems';
import { ruleDescription } from './rules';
import { terminalJson } from '../terminal';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function sarifReport(reports: FileReport[], cwd: string, version: string): string {
  const codes = [...new Set(reports.flatMap((r) => r.problems.map((p) => p.code)))].sort();
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const artifact = (file: string): { uri: string; uriBaseId?: string } => {
    const rel = isAbsolute(file) ? relative(cwd, file) : file;
    if (rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(file).href };
    return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  };
  const results = reports.flatMap((r) =>
    r.problems.map((p) => ({
      ruleId: p.code,
      ruleIndex: ruleIndex.get(p.code)!,
      level: LEVEL[p.severity],
      message: { text: p.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifact(r.file),
            region: {
              startLine: p.line,
              startColumn: p.column,
              endLine: p.endLine,
              endColumn: p.endColumn,
              charOffset: p.offset,
              charLength: p.length,
            },
          },
        },
      ],
    })),
  );
  const unreadable = reports.filter((r) => r.readError !== undefined);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'meeting-payloads',
            version,
            semanticVersion: version,
            informationUri: 'https://meeting-payloads.dev',
            rules: codes.map((code) => ({
              id: code,
              shortDescription: { text: ruleDescription(code) },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd + sep).href } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: unreadable.length === 0,
            toolExecutionNotifications: unreadable.map((r) => ({
              level: 'error',
              message: { text: `${r.file}: ${r.readError}` },
              locations: [{ physicalLocation: { artifactLocation: artifact(r.file) } }],
            })),
          },
        ],
        results,
      },
    ],
  };
  return terminalJson(log);
}
