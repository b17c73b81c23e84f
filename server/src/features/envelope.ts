/** Checks of the request-file envelope: keys, operation, path, query and header parameters. */
import { signInNotSent } from '../catalog/signIn';
import type { Catalog } from '../catalog/catalog';
import type { Operation, Parameter } from '../catalog/types';
import { closest, jsonType, typePhrase } from './describe';
import { problemsFromAjv } from './ajvProblems';
import { nameProblem, type HeaderContext } from '../../../common/headerRules';
import { pathValueProblem } from '../../../common/pathValues';
import { wireText } from '../../../common/requestSpec';
import { headerContext } from './headerProblems';
import { ENVELOPE_KEYS, MAX_PROBLEMS, TRANSPORT_KEYS, tooManyProblems, type Problem } from './problems';
import { placeholderValue, expand, TAB_STOP } from './schemaNav';
import { unknownKeyHelp } from './unknownKeys';
import { isObj } from '../../../common/json';

export const REQUEST_SCHEMA_ID = 'https://meeting-payloads.dev/schemas/request.schema.json';

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

  if (!('operation' in doc)) {
    problems.push({
      severity: 'error',
      code: 'missing-operation',
      message: 'Missing "operation": the id of a catalog operation, e.g. "huawei.meeting.updateMemberVmr".',
      path: [],
      target: 'open',
      fixes: [
        { kind: 'add', title: 'Add "operation"', path: [], properties: [{ name: 'operation', value: TAB_STOP }] },
      ],
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
  const signIn = op ? undefined : catalog.signInOperation(doc.operation);
  if (signIn) {
    problems.push({
      severity: 'error',
      code: 'sign-in-operation',
      message: signInNotSent(signIn),
      path: ['operation'],
      target: 'value',
    });
    return { problems, op: undefined };
  }
  if (!op) {
    const ids = catalog.all().map((o) => o.id);
    const guess = closestOperation(doc.operation, ids);
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

const SECTION: Record<Parameter['in'], 'pathParams' | 'query' | 'headers'> = {
  path: 'pathParams',
  query: 'query',
  header: 'headers',
};

/** What the parameter checks need of one section of an operation, worked out once per operation. */
interface SectionShape {
  where: Parameter['in'];
  section: 'pathParams' | 'query' | 'headers';
  documented: Parameter[];
  /** Documented parameters by name (header names in lower case): the first one of a name, as `find` would. */
  byName: Map<string, Parameter>;
  required: Parameter[];
}

interface ParamShape {
  sections: SectionShape[];
  headers: HeaderContext;
}

const shapes = new WeakMap<Operation, ParamShape>();

function paramShapeOf(op: Operation): ParamShape {
  let shape = shapes.get(op);
  if (!shape) {
    const sections = (['path', 'query', 'header'] as const).map((where) => {
      const documented = op.params.filter((p) => p.in === where);
      const byName = new Map<string, Parameter>();
      for (const p of documented) {
        const name = where === 'header' ? p.name.toLowerCase() : p.name;
        if (!byName.has(name)) byName.set(name, p);
      }
      return { where, section: SECTION[where], documented, byName, required: documented.filter((p) => p.required) };
    });
    shape = { sections, headers: headerContext(op) };
    shapes.set(op, shape);
  }
  return shape;
}

function checkParams(doc: Record<string, unknown>, op: Operation, catalog: Catalog): Problem[] {
  const problems: Problem[] = [];
  const { sections, headers } = paramShapeOf(op);
  for (const { where, section, documented, byName, required } of sections) {
    const given = isObj(doc[section]) ? doc[section] : {};
    const names = Object.keys(given);
    if (names.length === 0 && required.length === 0) continue; // nothing given, nothing asked
    const match = (name: string) => byName.get(where === 'header' ? name.toLowerCase() : name);
    const missingRequired = required.length === 0 ? [] : required.filter((p) => !names.some((k) => match(k) === p));
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
                  properties: [
                    { name: p.name, value: placeholderValue(catalog, expand(catalog, p.schema), { blank: TAB_STOP }) },
                  ],
                }
              : {
                  kind: 'add',
                  title: `Add ${section} with "${p.name}"`,
                  path: [],
                  properties: [
                    {
                      name: section,
                      value: Object.fromEntries(
                        missingRequired.map((m) => [
                          m.name,
                          placeholderValue(catalog, expand(catalog, m.schema), { blank: TAB_STOP }),
                        ]),
                      ),
                    },
                  ],
                },
          ],
        })),
      );
    }
    if (names.length > MAX_PROBLEMS) {
      problems.push(tooManyProblems(names.length, `members in ${section}`, [section]));
    }
    for (let i = 0; i < names.length && i < MAX_PROBLEMS; i++) {
      const name = names[i];
      const value = given[name];
      const path = [section, name];
      if (where === 'header' && nameProblem(name, headers)) continue; // reported by headerProblems
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
          continue; // one of the generic headers any request may set
        }
        const documentedNames = documented.map((p) => p.name);
        const { hint, fixes } = unknownKeyHelp(
          name,
          documentedNames,
          (k) => Object.prototype.hasOwnProperty.call(given, k),
          path,
        );
        problems.push({
          severity: 'error',
          code: 'unknown-parameter',
          message: `"${name}" is not a ${where === 'path' ? 'path' : 'query'} parameter of ${op.id}.${hint || (documented.length ? ` Documented: ${documentedNames.join(', ')}.` : ' It has none.')}`,
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
      for (const p of checkParamValue(param, value, path, catalog)) problems.push(p);
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
  const refused = param.in === 'path' ? pathValueProblem(param.name, value as string) : undefined;
  if (refused !== undefined) {
    return [
      { severity: 'error', code: value === '' ? 'empty' : 'path-value', message: refused, path, target: 'value' },
    ];
  }
  let validate;
  try {
    validate = catalog.validatorFor(param.schema);
  } catch {
    return [];
  }
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  // A query number or boolean goes on the wire as its JSON text (`100`, `true`): where that text is a valid value,
  // the request is the same as with the string, so it is accepted (README, request.schema.json).
  if (param.in === 'query') {
    const sent = asSentText(value);
    if (sent !== value && validate(sent)) return [];
  }
  return problemsFromAjv(errors, {
    catalog,
    rootSchema: param.schema,
    data: value,
    prefix: path,
    unknownFields: 'off',
    rootLabel: param.name,
  }).filter((p) => p.code !== 'deprecated');
}

/** A query value as the text it is sent as: numbers and booleans (also inside a list) become their JSON text. */
function asSentText(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return wireText(value);
  if (Array.isArray(value) && value.some((v) => typeof v === 'number' || typeof v === 'boolean')) {
    return value.map(asSentText);
  }
  return value;
}

export function firstSentence(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  const m = /^(.*?[.!?])(\s|$)/.exec(s);
  return (m ? m[1] : s).replace(/[.!?]$/, '');
}

/**
 * The operation id nearest to what was typed: the whole id first, else the short id after the last dot, so that
 * a typo in `updateMembrVmr` (family left out) still finds `huawei.meeting.updateMemberVmr`.
 */
export function closestOperation(typed: string, ids: readonly string[]): string | undefined {
  const whole = closest(typed, ids);
  if (whole) return whole;
  const shortIds = ids.map((id) => id.slice(id.lastIndexOf('.') + 1));
  const guess = closest(typed.slice(typed.lastIndexOf('.') + 1), shortIds);
  // Two families may share a short id: a guess that does not name one operation is no guess.
  return guess !== undefined && shortIds.filter((s) => s === guess).length === 1
    ? ids[shortIds.indexOf(guess)]
    : undefined;
}
