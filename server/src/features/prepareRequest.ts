/** A request file → the exact HTTP request it describes (the client or the command line sends it). */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PrepareRequestResult } from '../../../common/protocol';
import { checkHeaders } from '../../../common/headerRules';
import { wireText, type PreparedRequest } from '../../../common/requestSpec';
import type { ServerSettings } from '../../../common/settings';
import type { Catalog } from '../catalog/catalog';
import { secretFieldNames } from '../catalog/secretFields';
import { analyze } from './analyze';
import { fileHeaders, headerContext } from './headerProblems';
import { readSpecFor } from './readSpec';
import { isObj } from '../../../common/json';

export function prepareRequest(doc: TextDocument, catalog: Catalog, settings: ServerSettings): PrepareRequestResult {
  const text = doc.getText();
  const analysis = analyze(text, catalog, settings, { locateBody: true });
  const where = (offset: number) => {
    const p = doc.positionAt(offset);
    return `${p.line + 1}:${p.character + 1}`;
  };
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  const warnings = analysis.problems.filter((p) => p.severity === 'warning');
  if (!analysis.syntaxOk) {
    const first = errors.find((p) => p.code === 'syntax');
    return {
      ok: false,
      reason: `The file is not valid JSON${first ? ` (${where(first.offset)}: ${first.message})` : ''}; fix it before sending.`,
    };
  }
  const value = analysis.value;
  const op = analysis.op;
  if (!isObj(value) || !op) {
    const first = errors[0];
    return {
      ok: false,
      reason: first ? `${where(first.offset)}: ${first.message}` : 'The file names no known operation.',
    };
  }
  const pathParams: Record<string, string> = {};
  if (isObj(value.pathParams)) for (const [k, v] of Object.entries(value.pathParams)) pathParams[k] = wireText(v);
  const query: Array<[string, string]> = [];
  if (isObj(value.query)) {
    for (const [k, v] of Object.entries(value.query)) {
      if (Array.isArray(v)) for (const item of v) query.push([k, wireText(item)]);
      else if (v !== null && v !== undefined) query.push([k, wireText(v)]);
    }
  }
  // Credential headers are dropped here, so their values never reach the client; the sender checks the rest.
  const rules = headerContext(op);
  const { kept: headers, dropped: ignoredHeaders } = checkHeaders(fileHeaders(value), rules);
  const body = analysis.body
    ? text.slice(analysis.body.value.offset, analysis.body.value.offset + analysis.body.value.length)
    : undefined;
  const read = readSpecFor(op, catalog);
  const request: PreparedRequest = {
    operationId: op.id,
    family: op.family,
    method: op.method,
    pathTemplate: op.path,
    serverUrls: op.servers,
    pathParams,
    query,
    headers,
    documentedHeaders: [...(rules.documented ?? [])],
    ignoredHeaders,
    body,
    credentials: op.credentials,
    secretFields: secretFieldNames(op, (ref) => catalog.resolveRef(ref)),
    documentedStatuses: op.responses.map((r) => r.status),
    validation: {
      valid: errors.length === 0,
      errorCount: errors.length,
      warningCount: warnings.length,
      messages: [...errors, ...warnings].slice(0, 30).map((p) => `${where(p.offset)} ${p.severity}: ${p.message}`),
    },
    ...(read ? { read } : {}),
  };
  return { ok: true, request };
}
