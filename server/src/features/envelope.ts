/** Checks of the request-file envelope: keys, operation, path, query and header parameters. */
import type { Catalog } from '../catalog/catalog';
import type { Operation, Parameter } from '../catalog/types';
import { closest, editDistance, jsonType, typePhrase } from './describe';
import { problemsFromAjv } from './ajvProblems';
import {
  CREDENTIAL_HEADERS,
  ENVELOPE_KEYS,
  MAX_PROBLEMS,
  TRANSPORT_KEYS,
  tooManyProblems,
  type Problem,
} from './problems';
import { placeholderValue, expand } from './schemaNav';
import { unknownKeyHelp } from './unknownKeys';

export const REQUEST_SCHEMA_ID = 'https://meeting-payloads.dev/schemas/request.schema.json';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkEnvelope(doc: unknown, catalog: Catalog): { problems: Problem[]; op: Operation | undefined } {
  const problems: Problem[] = [];
  if (!isObj(doc)) {
    problems.push({
      severity: 'error',
      code: 'envelope',
      message:
        'A request file is a JSON object: { "operation": "…", "pathParams": {…}, "query": {…}, "headers": {…}, "body": … }.',
      path: [],
      target: 'value',
    });
    return { problems, op: undefined };
  }
  let unknownKeys = 0;
  for (const key of Object.keys(doc)) {
    if ((ENVELOPE_KEYS as readonly string[]).includes(key)) continue;
    if (++unknownKeys > MAX_PROBLEMS) continue; // counted, not examined
    const transport = TRANSPORT_KEYS.some((t) => t.toLowerCase() === key.toLowerCase());
    const { hint, fixes } = unknownKeyHelp(
      key,
      transport ? [] : ENVELOPE_KEYS,
      (k) => Object.prototype.hasOwnProperty.call(doc, k),
      [key],
    );
    problems.push({
      severity: 'error',
      code: 'unknown-envelope-key',
      message: transport
        ? `"${key}" is not part of a request file: where a request goes and how it is authenticated come from the environment and the token store, never from the file.`
        : `"${key}" is not a request-file key (allowed: ${ENVELOPE_KEYS.join(', ')}).${hint}`,
      path: [key],
      target: 'key',
      fixes,
    });
  }
  if (unknownKeys > MAX_PROBLEMS) problems.push(tooManyProblems(unknownKeys, 'unknown keys in the request file', []));
  for (const key of ['pathParams', 'query', 'headers'] as const) {
    if (key in doc && !isObj(doc[key])) {
      problems.push({
        severity: 'error',
        code: 'type',
        message: `${key} must be an object, not ${typePhrase([jsonType(doc[key])])}.`,
        path: [key],
        target: 'value',
      });
    }
  }
  if ('$schema' in doc && typeof doc.$schema !== 'string') {
    problems.push({
      severity: 'error',
      code: 'type',
      message: '$schema must be a string.',
      path: ['$schema'],
      target: 'value',
    });
  } else if (typeof doc.$schema === 'string' && doc.$schema !== REQUEST_SCHEMA_ID) {
    problems.push({
      severity: 'info',
      code: 'schema-ignored',
      message: `$schema is ignored (never fetched): request files are always checked against the bundled catalog (${REQUEST_SCHEMA_ID}).`,
      path: ['$schema'],
      target: 'value',
    });
  }

  const ids = catalog.all().map((o) => o.id);
  if (!('operation' in doc)) {
    problems.push({
      severity: 'error',
      code: 'missing-operation',
      message: 'Missing "operation": the id of a catalog operation, e.g. "huawei.meeting.updateMemberVmr".',
      path: [],
      target: 'open',
      fixes: [{ kind: 'add', title: 'Add "operation"', path: [], properties: [{ name: 'operation', value: '' }] }],
    });
    return { problems, op: undefined };
  }
  if (typeof doc.operation !== 'string') {
    problems.push({
      severity: 'error',
      code: 'type',
      message: 'operation must be a string: the id of a catalog operation.',
      path: ['operation'],
      target: 'value',
    });
    return { problems, op: undefined };
  }
  const op = catalog.get(doc.operation);
  if (!op) {
    const guess = closest(doc.operation, ids);
    problems.push({
      severity: 'error',
      code: 'unknown-operation',
      message: `Unknown operation "${doc.operation}".${guess ? ` Did you mean "${guess}"?` : ` Known operations: ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', …' : ''}.`}`,
      path: ['operation'],
      target: 'value',
      fixes: guess ? [{ kind: 'set', title: `Change to "${guess}"`, path: ['operation'], value: guess }] : [],
    });
    return { problems, op: undefined };
  }
  if (op.deprecated) {
    problems.push({
      severity: 'warning',
      code: 'deprecated-operation',
      message: `${op.id} is deprecated by the vendor.`,
      path: ['operation'],
      target: 'value',
      deprecated: true,
    });
  }
  for (const p of checkParams(doc, op, catalog)) problems.push(p); // unbounded: not push(...)
  return { problems, op };
}

/** Credential headers in a file are flagged whatever the operation: they are never sent from a file. */
export function credentialHeaderProblems(doc: unknown, op: Operation | undefined): Problem[] {
  if (!isObj(doc) || !isObj(doc.headers)) return [];
  const credentialHeaders = new Set([
    ...CREDENTIAL_HEADERS,
    ...(op?.credentials ?? []).map((c) => c.header.toLowerCase()),
  ]);
  return Object.keys(doc.headers)
    .filter((name) => credentialHeaders.has(name.toLowerCase()))
    .map((name) => ({
      severity: 'warning' as const,
      code: 'credential-header',
      message: `The "${name}" header is never sent from a file: tokens live in VS Code's secret storage (Meeting Payloads: Set Token). Remove it, so no credential stays in the file.`,
      path: ['headers', name],
      target: 'key' as const,
      fixes: [{ kind: 'remove' as const, title: `Remove the "${name}" header`, path: ['headers', name] }],
    }));
}

const SECTION: Record<Parameter['in'], 'pathParams' | 'query' | 'headers'> = {
  path: 'pathParams',
  query: 'query',
  header: 'headers',
};

function checkParams(doc: Record<string, unknown>, op: Operation, catalog: Catalog): Problem[] {
  const problems: Problem[] = [];
  const credentialHeaders = new Set([...CREDENTIAL_HEADERS, ...op.credentials.map((c) => c.header.toLowerCase())]);
  for (const where of ['path', 'query', 'header'] as const) {
    const section = SECTION[where];
    const given = isObj(doc[section]) ? doc[section] : {};
    const documented = op.params.filter((p) => p.in === where);
    const match = (name: string) =>
      documented.find((p) => (where === 'header' ? p.name.toLowerCase() === name.toLowerCase() : p.name === name));
    const missingRequired = documented.filter((p) => p.required && !Object.keys(given).some((k) => match(k) === p));
    if (missingRequired.length > 0) {
      const hasSection = section in doc;
      problems.push(
        ...missingRequired.map<Problem>((p) => ({
          severity: 'error',
          code: 'missing-parameter',
          message: `Missing required ${where === 'path' ? 'path parameter' : where === 'query' ? 'query parameter' : 'header'} "${p.name}"${p.description ? `: ${firstSentence(p.description)}` : ''}.`,
          path: hasSection ? [section] : ['operation'],
          target: hasSection ? 'key' : 'value',
          fixes: [
            hasSection
              ? {
                  kind: 'add',
                  title: `Add "${p.name}"`,
                  path: [section],
                  properties: [{ name: p.name, value: placeholderValue(expand(catalog, p.schema)) }],
                }
              : {
                  kind: 'add',
                  title: `Add ${section} with "${p.name}"`,
                  path: [],
                  properties: [
                    {
                      name: section,
                      value: Object.fromEntries(
                        missingRequired.map((m) => [m.name, placeholderValue(expand(catalog, m.schema))]),
                      ),
                    },
                  ],
                },
          ],
        })),
      );
    }
    const entries = Object.entries(given);
    if (entries.length > MAX_PROBLEMS) {
      problems.push(tooManyProblems(entries.length, `members in ${section}`, [section]));
    }
    let givenLower: Set<string> | undefined;
    for (const [name, value] of entries.slice(0, MAX_PROBLEMS)) {
      const path = [section, name];
      if (where === 'header' && credentialHeaders.has(name.toLowerCase())) continue; // reported by credentialHeaderProblems
      const param = match(name);
      if (!param) {
        if (where === 'header') {
          if (typeof value !== 'string') {
            problems.push({
              severity: 'error',
              code: 'type',
              message: `Header "${name}" must be a string.`,
              path,
              target: 'value',
            });
          }
          // Custom headers are allowed; one a typo away from a documented header is pointed out.
          const near = documented
            .map((p) => p.name)
            .filter((doc) => editDistance(name.toLowerCase(), doc.toLowerCase(), 2) <= 2);
          if (near.length > 0) {
            givenLower ??= new Set(Object.keys(given).map((k) => k.toLowerCase()));
            const taken = givenLower;
            const { hint, fixes } = unknownKeyHelp(name, near, (k) => taken.has(k.toLowerCase()), path);
            problems.push({
              severity: 'info',
              code: 'unknown-header',
              message: `"${name}" is not a documented header of ${op.id}; it is sent as a custom header.${hint}`,
              path,
              target: 'key',
              fixes,
            });
          }
          continue;
        }
        const names = documented.map((p) => p.name);
        const { hint, fixes } = unknownKeyHelp(
          name,
          names,
          (k) => Object.prototype.hasOwnProperty.call(given, k),
          path,
        );
        problems.push({
          severity: 'error',
          code: 'unknown-parameter',
          message: `"${name}" is not a ${where === 'path' ? 'path' : 'query'} parameter of ${op.id}.${hint || (documented.length ? ` Documented: ${names.join(', ')}.` : ' It has none.')}`,
          path,
          target: 'key',
          fixes,
        });
        continue;
      }
      if (param.deprecated) {
        problems.push({
          severity: 'warning',
          code: 'deprecated',
          message: `"${name}" is deprecated.`,
          path,
          target: 'key',
          deprecated: true,
          fixes: [{ kind: 'remove', title: `Remove deprecated "${name}"`, path }],
        });
      }
      problems.push(...checkParamValue(param, value, path, catalog));
    }
  }
  return problems;
}

function checkParamValue(param: Parameter, value: unknown, path: Array<string | number>, catalog: Catalog): Problem[] {
  if (param.in !== 'query' && typeof value !== 'string') {
    return [
      {
        severity: 'error',
        code: 'type',
        message: `${param.name} must be a string, not ${typePhrase([jsonType(value)])}.`,
        path,
        target: 'value',
        fixes:
          typeof value === 'number' || typeof value === 'boolean'
            ? [{ kind: 'set', title: `Change to "${String(value)}"`, path, value: String(value) }]
            : [],
      },
    ];
  }
  if (param.in === 'path' && value === '') {
    return [{ severity: 'error', code: 'empty', message: `${param.name} must not be empty.`, path, target: 'value' }];
  }
  let validate;
  try {
    validate = catalog.validatorFor(param.schema);
  } catch {
    return [];
  }
  if (validate(value)) return [];
  return problemsFromAjv(validate.errors ?? [], {
    catalog,
    rootSchema: param.schema,
    data: value,
    prefix: path,
    unknownFields: 'off',
    rootLabel: param.name,
  }).filter((p) => p.code !== 'deprecated');
}

export function firstSentence(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  const m = /^(.*?[.!?])(\s|$)/.exec(s);
  return (m ? m[1] : s).replace(/[.!?]$/, '');
}
