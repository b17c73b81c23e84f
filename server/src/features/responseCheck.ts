/** A response against the documented schema for its status: what is missing, mistyped, or undocumented. */
import type { CheckResponseParams, CheckResponseResult } from '../../../common/protocol';
import type { Catalog } from '../catalog/catalog';
import type { ResponseSpec } from '../catalog/types';
import { pointerToPath } from './ajvProblems';
import { bestBranchErrors } from './bestBranch';
import { jsonType, typePhrase } from './describe';
import type { JsonPath } from './locate';

const LIMIT = 50;

type Kind = 'missing' | 'wrongType' | 'undocumented';

/**
 * The result with, beside each listed difference, the place in the body it is about (the object lacking a
 * member, the mistyped value, the undocumented member), for reports that point at lines; undefined for the
 * "…and N more" line.
 */
export interface PlacedResponseCheck {
  result: CheckResponseResult;
  places: Record<Kind, Array<JsonPath | undefined>>;
}

export function checkResponse(params: CheckResponseParams, catalog: Catalog): CheckResponseResult {
  return checkResponsePlaced(params, catalog).result;
}

export function checkResponsePlaced(params: CheckResponseParams, catalog: Catalog): PlacedResponseCheck {
  const places: PlacedResponseCheck['places'] = { missing: [], wrongType: [], undocumented: [] };
  const r = (result: CheckResponseResult): PlacedResponseCheck => ({ result, places });
  const empty = { missing: [], wrongType: [], undocumented: [] };
  const op = catalog.get(params.operationId);
  if (!op) return r({ ...empty, documentedStatus: undefined, note: `Unknown operation ${params.operationId}.` });
  const spec = responseFor(op.responses, params.status);
  if (!spec) {
    return r({
      ...empty,
      documentedStatus: undefined,
      note: `Status ${params.status} is not documented for ${op.id}.`,
    });
  }
  const result: CheckResponseResult = { ...empty, documentedStatus: spec.status };
  if (params.body.trim() === '') {
    if (spec.schema !== undefined) {
      result.note = `The documented ${spec.status} response has a body; this one is empty.`;
    }
    return r(result);
  }
  if (spec.schema === undefined) {
    result.note = `No body is documented for ${spec.status}; nothing to compare.`;
    return r(result);
  }
  if (params.truncated) {
    result.note = 'The body was cut at the size limit, so it was not checked.';
    return r(result);
  }
  let value: unknown;
  try {
    value = JSON.parse(params.body);
  } catch {
    result.note = 'The body is not JSON, so it was not checked.';
    return r(result);
  }
  const validate = catalog.validatorFor(spec.schema);
  const valid = validate(value);
  // Undocumented members come from what the schema declares, not from ajv (see undocumented.ts).
  const undocumented = catalog.undocumentedKeys(spec.schema, value, LIMIT);
  if (valid && undocumented.count === 0) return r(result);
  const found: Record<Kind, Map<string, JsonPath>> = {
    missing: new Map(),
    wrongType: new Map(),
    undocumented: new Map(),
  };
  // The first place of each distinct text.
  const add = (kind: Kind, text: string, place: JsonPath): void => {
    if (!found[kind].has(text)) found[kind].set(text, place);
  };
  for (const e of bestBranchErrors(valid ? [] : (validate.errors ?? []), catalog)) {
    const path = pointerToPath(e.instancePath);
    const at = jsonPath(path);
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'required') add('missing', jsonPath([...path, String(params.missingProperty)]), path);
    else if (e.keyword === 'unevaluatedProperties' || e.keyword === 'additionalProperties') {
      const key = String(params.unevaluatedProperty ?? params.additionalProperty);
      add('undocumented', jsonPath([...path, key]), [...path, key]);
    } else if (e.keyword === 'type') {
      add(
        'wrongType',
        `${at}: documented as ${typePhrase(String(params.type).split(','))}, got ${typePhrase([jsonType(valueAt(value, path))])}`,
        path,
      );
    } else if (e.keyword !== 'if' && e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'deprecated') {
      add('wrongType', `${at}: ${e.message ?? 'does not match the documentation'}`, path);
    }
  }
  for (const u of undocumented.keys) add('undocumented', jsonPath([...u.path, u.key]), [...u.path, u.key]);
  for (const key of Object.keys(found) as Kind[]) {
    const unique = [...found[key]];
    const total = unique.length + (key === 'undocumented' ? undocumented.count - undocumented.keys.length : 0);
    const shown = total > LIMIT ? unique.slice(0, LIMIT) : unique;
    result[key] = shown.map(([text]) => text);
    places[key] = shown.map(([, place]) => place);
    if (total > LIMIT) {
      result[key].push(`…and ${total - LIMIT} more`);
      places[key].push(undefined);
    }
  }
  return r(result);
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
