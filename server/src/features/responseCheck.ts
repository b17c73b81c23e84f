/** A response against the documented schema for its status: what is missing, mistyped, or undocumented. */
import type { CheckResponseParams, CheckResponseResult } from '../../../common/protocol';
import type { Catalog } from '../catalog/catalog';
import type { ResponseSpec } from '../catalog/types';
import { pointerToPath } from './ajvProblems';
import { bestBranchErrors } from './bestBranch';
import { jsonType, typePhrase } from './describe';

const LIMIT = 50;

export function checkResponse(params: CheckResponseParams, catalog: Catalog): CheckResponseResult {
  const empty = { missing: [], wrongType: [], undocumented: [] };
  const op = catalog.get(params.operationId);
  if (!op) return { ...empty, documentedStatus: undefined, note: `Unknown operation ${params.operationId}.` };
  const spec = responseFor(op.responses, params.status);
  if (!spec) {
    return { ...empty, documentedStatus: undefined, note: `Status ${params.status} is not documented for ${op.id}.` };
  }
  const result: CheckResponseResult = { ...empty, documentedStatus: spec.status };
  if (params.body.trim() === '') {
    if (spec.schema !== undefined) {
      result.note = `The documented ${spec.status} response has a body; this one is empty.`;
    }
    return result;
  }
  if (spec.schema === undefined) {
    result.note = `No body is documented for ${spec.status}; nothing to compare.`;
    return result;
  }
  if (params.truncated) {
    result.note = 'The body was cut at the size limit, so it was not checked.';
    return result;
  }
  let value: unknown;
  try {
    value = JSON.parse(params.body);
  } catch {
    result.note = 'The body is not JSON, so it was not checked.';
    return result;
  }
  const validate = catalog.validatorFor(spec.schema);
  const valid = validate(value);
  // Undocumented members come from what the schema declares, not from ajv (see undocumented.ts).
  const undocumented = catalog.undocumentedKeys(spec.schema, value, LIMIT);
  if (valid && undocumented.count === 0) return result;
  for (const e of bestBranchErrors(valid ? [] : (validate.errors ?? []), catalog)) {
    const path = pointerToPath(e.instancePath);
    const at = jsonPath(path);
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'required') result.missing.push(jsonPath([...path, String(params.missingProperty)]));
    else if (e.keyword === 'unevaluatedProperties' || e.keyword === 'additionalProperties') {
      result.undocumented.push(jsonPath([...path, String(params.unevaluatedProperty ?? params.additionalProperty)]));
    } else if (e.keyword === 'type') {
      result.wrongType.push(
        `${at}: documented as ${typePhrase(String(params.type).split(','))}, got ${typePhrase([jsonType(valueAt(value, path))])}`,
      );
    } else if (e.keyword !== 'if' && e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'deprecated') {
      result.wrongType.push(`${at}: ${e.message ?? 'does not match the documentation'}`);
    }
  }
  for (const u of undocumented.keys) result.undocumented.push(jsonPath([...u.path, u.key]));
  for (const key of ['missing', 'wrongType', 'undocumented'] as const) {
    const unique = [...new Set(result[key])];
    const total = unique.length + (key === 'undocumented' ? undocumented.count - undocumented.keys.length : 0);
    result[key] = total > LIMIT ? [...unique.slice(0, LIMIT), `…and ${total - LIMIT} more`] : unique;
  }
  return result;
}

/** The exact status, then its class (`4XX`), then `default`. */
function responseFor(responses: ResponseSpec[], status: number): ResponseSpec | undefined {
  const s = String(status);
  return (
    responses.find((r) => r.status === s) ??
    responses.find((r) => r.status.toUpperCase() === `${s[0]}XX`) ??
    responses.find((r) => r.status === 'default')
  );
}

function jsonPath(path: Array<string | number>): string {
  return (
    '$' +
    path
      .map((seg) =>
        /^\d+$/.test(String(seg))
          ? `[${seg}]`
          : /^[A-Za-z_$][\w$]*$/.test(String(seg))
            ? `.${seg}`
            : `[${JSON.stringify(seg)}]`,
      )
      .join('')
  );
}

function valueAt(value: unknown, path: Array<string | number>): unknown {
  let cur = value;
  for (const seg of path) {
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (typeof cur === 'object' && cur !== null) cur = (cur as Record<string, unknown>)[String(seg)];
    else return undefined;
  }
  return cur;
}
