/** Placed problems → LSP diagnostics, capped with an "…and N more" summary. */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PlacedProblem } from './analyze';
import { packFixes } from './fixData';

export const SOURCE = 'meeting-payloads';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostics(doc: TextDocument, problems: PlacedProblem[], max: number): Diagnostic[] {
  const shown = problems.length > max ? problems.slice(0, max) : problems;
  const out = shown.map((p): Diagnostic => {
    const d: Diagnostic = {
      range: { start: doc.positionAt(p.offset), end: doc.positionAt(p.offset + p.length) },
      severity: SEVERITY[p.severity],
      source: SOURCE,
      code: p.code,
      message: p.message,
    };
    if (p.deprecated || p.unnecessary) {
      const tags: DiagnosticTag[] = [];
      if (p.deprecated) tags.push(DiagnosticTag.Deprecated);
      if (p.unnecessary) tags.push(DiagnosticTag.Unnecessary);
      d.tags = tags;
    }
    if (p.fixes?.length) d.data = packFixes(p.fixes);
    return d;
  });
  if (problems.length > max) {
    const rest = problems.slice(max);
    const errors = rest.filter((p) => p.severity === 'error').length;
    const last = shown[shown.length - 1];
    out.push({
      range: { start: doc.positionAt(last.offset), end: doc.positionAt(last.offset + last.length) },
      severity: errors > 0 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      source: SOURCE,
      code: 'more',
      message: `…and ${rest.length} more problem${rest.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}) not shown; the limit is meetingPayloads.validation.maxDiagnostics = ${max}.`,
    });
  }
  return out;
}
