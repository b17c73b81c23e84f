/** ajv errors → problems in plain words, with the quick fixes that follow from them. */
import type { ErrorObject } from 'ajv';
import type { Catalog } from '../catalog/catalog';
import type { SchemaObject } from '../catalog/types';
import type { UndocumentedKey } from '../catalog/undocumented';
import { bestBranchErrors } from './bestBranch';
import {
  closest,
  enumWithMeanings,
  jsonType,
  lengthPhrase,
  patternDescription,
  typeList,
  typePhrase,
} from './describe';
import { pathKey, type JsonPath } from './locate';
import type { Fix, Problem } from './problems';
import { placeholderValue, propertiesOf, schemasAt, TAB_STOP } from './schemaNav';
import { unknownKeyHelp } from './unknownKeys';
import type { UnknownFieldSeverity } from '../../../common/settings';
import { isObj } from '../../../common/json';

const hasKey = (v: unknown, key: string): boolean => isObj(v) && Object.prototype.hasOwnProperty.call(v, key);

const VALUE_KEYWORDS = new Set([
  'enum',
  'const',
  'pattern',
  'format',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'not',
]);

export function pointerToPath(pointer: string): JsonPath {
  if (pointer === '') return [];
  const segments = pointer.slice(1).split('/');
  // Most pointers escape nothing: no replacement per segment then.
  return pointer.includes('~') ? segments.map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')) : segments;
}

/** `attendees[0].role` style, for messages; the last key alone when short enough. */
export function label(path: JsonPath, root = 'body'): string {
  if (path.length === 0) return root;
  const last = path[path.length - 1];
  if (!isIndex(last)) return String(last);
  let i = path.length - 1;
  let suffix = '';
  while (i >= 0 && isIndex(path[i])) suffix = `[${path[i--]}]` + suffix;
  return (i >= 0 ? String(path[i]) : root) + suffix;
}

const isIndex = (seg: string | number): boolean => typeof seg === 'number' || /^\d+$/.test(seg);

/**
 * The path of an ajv instance pointer in `data`, array members as numbers (as the data has them), read off the
 * pointer in place: no list of its segments is made first.
 */
function typedPath(data: unknown, pointer: string): JsonPath {
  const out: JsonPath = [];
  if (pointer === '') return out;
  if (pointer.includes('~')) return typedSegments(data, pointerToPath(pointer));
  let cur = data;
  for (let from = 1; from <= pointer.length;) {
    let end = pointer.indexOf('/', from);
    if (end < 0) end = pointer.length;
    const seg = pointer.slice(from, end);
    if (Array.isArray(cur)) {
      const i = Number(seg);
      out.push(i);
      cur = cur[i];
    } else {
      out.push(seg);
      cur = isObj(cur) ? cur[seg] : undefined;
    }
    from = end + 1;
  }
  return out;
}

/** {@link typedPath} of a pointer's decoded segments. */
function typedSegments(data: unknown, path: JsonPath): JsonPath {
  const out: JsonPath = [];
  let cur = data;
  for (const seg of path) {
    if (Array.isArray(cur)) {
      const i = Number(seg);
      out.push(i);
      cur = cur[i];
    } else {
      out.push(seg);
      cur = isObj(cur) ? cur[String(seg)] : undefined;
    }
  }
  return out;
}

function valueAt(data: unknown, path: JsonPath): unknown {
  let cur = data;
  for (const seg of path) {
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isObj(cur)) cur = cur[String(seg)];
    else return undefined;
  }
  return cur;
}

export interface AjvContext {
  catalog: Catalog;
  /** The schema the data was validated against, for quick-fix placeholders. */
  rootSchema: SchemaObject | boolean;
  data: unknown;
  /** Prefix of every path in the document (e.g. `['body']`). */
  prefix: JsonPath;
  unknownFields: UnknownFieldSeverity;
  rootLabel: string;
  /** Keys the schema documents nowhere (`Catalog.undocumentedKeys`), reported as `unknownFields` says. */
  undocumented?: UndocumentedKey[];
}

/**
 * Keywords about a string's shape, most telling first (after a pattern the catalog puts in words): where several
 * fail at one place, only the first is said.
 */
const SHAPE_KEYWORDS = ['format', 'pattern', 'minLength', 'maxLength'];

/**
 * Converts ajv's errors: the best branch of each failed combinator, one problem per mistake, then the
 * undocumented keys.
 */
export function problemsFromAjv(errors: ErrorObject[], ctx: AjvContext): Problem[] {
  const problems = problemsFromErrors(bestBranchErrors(errors, ctx.catalog), ctx);
  if (ctx.undocumented && ctx.unknownFields !== 'off') {
    // A key the schema forbids is already an error ("not allowed").
    const forbidden = new Set(problems.filter((p) => p.code === 'additional-property').map((p) => pathKey(p.path!)));
    for (const u of ctx.undocumented) {
      const p = undocumentedProblem(u, ctx);
      if (!forbidden.has(pathKey(p.path!))) problems.push(p);
    }
  }
  return problems;
}

function problemsFromErrors(errors: ErrorObject[], ctx: AjvContext): Problem[] {
  const kept = errors.filter((e) => {
    if (e.keyword === 'if') return false;
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      // Keep the combinator's message only when no branch error explains anything more precise.
      return !errors.some(
        (o) => o !== e && o.schemaPath.startsWith(e.schemaPath + '/') && o.instancePath.length > e.instancePath.length,
      );
    }
    return true;
  });
  // Type errors from several branches at one place become one "must be a boolean or a string".
  const typeByPath = new Map<string, Set<string>>();
  for (const e of kept) {
    if (e.keyword !== 'type') continue;
    const set = typeByPath.get(e.instancePath) ?? new Set<string>();
    for (const t of String((e.params as { type: string | string[] }).type).split(',')) set.add(t);
    typeByPath.set(e.instancePath, set);
  }
  // Where the type is wrong, the value's other constraints (enum, pattern…) only repeat the problem.
  const typeWrongAt = new Set(typeByPath.keys());
  const describedPatternAt = new Set(
    kept
      .filter((e) => e.keyword === 'pattern' && isObj(e.parentSchema) && patternDescription(e.parentSchema))
      .map((e) => e.instancePath),
  );
  // "a date like 2026-09-01" says more than a format, a format more than a pattern, a pattern more than a
  // length: one problem per value.
  const shapeRank = (e: ErrorObject): number | undefined => {
    if (e.keyword === 'pattern' && describedPatternAt.has(e.instancePath)) return 0;
    const i = SHAPE_KEYWORDS.indexOf(e.keyword);
    return i < 0 ? undefined : i + 1;
  };
  const shapeAt = new Map<string, number>();
  for (const e of kept) {
    const rank = shapeRank(e);
    if (rank !== undefined) shapeAt.set(e.instancePath, Math.min(rank, shapeAt.get(e.instancePath) ?? rank));
  }
  const anyOfAt = new Set(
    kept.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath),
  );
  const out: Problem[] = [];
  const seen = new Set<string>();
  // The problems said so far, by the place of the error they come from: a repeat of one (same code, path and
  // message) is dropped. Keyed by ajv's own strings, so no key is built per problem.
  const said = new Map<string, Problem[]>();
  const missingByObject = new Map<string, { path: JsonPath; names: string[] }>();
  for (const e of kept) {
    if (e.keyword === 'type' && typeByPath.has(e.instancePath)) {
      if (seen.has('type' + e.instancePath)) continue;
      seen.add('type' + e.instancePath);
    }
    if ((e.keyword === 'anyOf' || e.keyword === 'oneOf') && typeByPath.has(e.instancePath)) continue;
    if (VALUE_KEYWORDS.has(e.keyword) && typeWrongAt.has(e.instancePath)) continue;
    const rank = shapeRank(e);
    if (rank !== undefined && rank > shapeAt.get(e.instancePath)!) continue;
    if (e.keyword === 'required') {
      const path = typedPath(ctx.data, e.instancePath);
      const entry = missingByObject.get(e.instancePath) ?? { path, names: [] };
      entry.names.push((e.params as { missingProperty: string }).missingProperty);
      missingByObject.set(e.instancePath, entry);
      continue;
    }
    const p = convert(e, ctx, typeByPath.get(e.instancePath), anyOfAt.has(e.instancePath));
    if (p) {
      const before = said.get(e.instancePath);
      if (!before) said.set(e.instancePath, [p]);
      else if (before.some((q) => sameProblem(p, q))) continue;
      else before.push(p);
      out.push(p);
    }
  }
  for (const { path, names } of missingByObject.values()) out.push(...missing(path, [...new Set(names)], ctx));
  return out;
}

const sameProblem = (a: Problem, b: Problem): boolean =>
  a.code === b.code &&
  a.message === b.message &&
  a.path!.length === b.path!.length &&
  a.path!.every((seg, i) => seg === b.path![i]);

function missing(path: JsonPath, names: string[], ctx: AjvContext): Problem[] {
  const props = propertiesOf(ctx.catalog, schemasAt(ctx.catalog, ctx.rootSchema, ctx.data, path));
  const valueFor = (name: string) =>
    placeholderValue(ctx.catalog, props.find((p) => p.name === name)?.schemas ?? [], { blank: TAB_STOP });
  const full: JsonPath = [...ctx.prefix, ...path];
  const all: Fix = {
    kind: 'add',
    title: `Add missing properties: ${names.join(', ')}`,
    path: full,
    properties: names.map((name) => ({ name, value: valueFor(name) })),
  };
  return names.map((name) => ({
    severity: 'error',
    code: 'required',
    message: `Missing required property "${name}"${path.length > 0 ? ` in ${label(path, ctx.rootLabel)}` : ''}.`,
    path: full,
    target: 'open' as const,
    fixes: [
      { kind: 'add' as const, title: `Add "${name}"`, path: full, properties: [{ name, value: valueFor(name) }] },
      ...(names.length > 1 ? [all] : []),
    ],
  }));
}

function undocumentedProblem(u: UndocumentedKey, ctx: AjvContext): Problem {
  const path: JsonPath = [...ctx.prefix, ...u.path, u.key];
  const holder = valueAt(ctx.data, u.path);
  const { hint, fixes } = unknownKeyHelp(u.key, u.documented, (k) => hasKey(holder, k), path);
  return {
    severity: ctx.unknownFields === 'error' ? 'error' : 'warning',
    code: 'unknown-property',
    message: `"${u.key}" is not documented for this operation${u.path.length > 0 ? ` in ${label(u.path, ctx.rootLabel)}` : ''}.${hint}`,
    path,
    target: 'key',
    fixes,
  };
}

function convert(
  e: ErrorObject,
  ctx: AjvContext,
  mergedTypes: Set<string> | undefined,
  underCombinator: boolean,
): Problem | undefined {
  const rel = typedPath(ctx.data, e.instancePath);
  const path: JsonPath = ctx.prefix.slice();
  for (const seg of rel) path.push(seg);
  const name = label(rel, ctx.rootLabel);
  const value = valueAt(ctx.data, rel);
  const schema = isObj(e.parentSchema) ? e.parentSchema : {};
  const params = e.params as Record<string, unknown>;
  // A documented mistake of the vendor's docs about this field: the user may have copied it, so the error says so.
  const errata = typeof schema['x-docErrata'] === 'string' ? ` ${schema['x-docErrata']}` : '';
  const err = (message: string, code: string, extra?: Partial<Problem>): Problem => {
    const problem: Problem = { severity: 'error', code, message: message + errata, path, target: 'value' };
    return extra ? Object.assign(problem, extra) : problem;
  };
  switch (e.keyword) {
    case 'type': {
      const types = mergedTypes ? [...mergedTypes] : String(params.type).split(',');
      const fix = coercion(value, types, path);
      return err(
        `${name} must be ${typePhrase(types)}, not ${typePhrase([jsonType(value)])}.`,
        'type',
        fix ? { fixes: [fix] } : undefined,
      );
    }
    case 'enum': {
      const allowed = Array.isArray(schema.enum) ? schema.enum : [];
      const fix = closestEnum(value, allowed, path);
      return err(enumMessage(name, schema), 'enum', fix ? { fixes: [fix] } : undefined);
    }
    case 'const':
      return err(`${name} must be ${JSON.stringify(params.allowedValue)}.`, 'const', {
        fixes: [
          { kind: 'set', title: `Change to ${JSON.stringify(params.allowedValue)}`, path, value: params.allowedValue },
        ],
      });
    case 'pattern':
      return err(patternMessage(name, schema, String(params.pattern)), 'pattern');
    case 'x-warning':
      return { ...err(`${name}: ${String(e.schema)}`, 'outdated-form'), severity: 'warning' };
    case 'format': {
      const format = String(params.format);
      const form = FORMAT_FORMS[format];
      return err(`${name} must be a valid ${format}${form ? ` (${form})` : ''}.`, 'format');
    }
    case 'minLength':
    case 'maxLength': {
      const min = typeof schema.minLength === 'number' ? schema.minLength : undefined;
      const max = typeof schema.maxLength === 'number' ? schema.maxLength : undefined;
      return err(`${name} must be ${lengthPhrase(min, max)} long.`, e.keyword);
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const min: unknown = schema.minimum;
      const max: unknown = schema.maximum;
      const words =
        typeof min === 'number' && typeof max === 'number'
          ? `from ${min} to ${max}`
          : `${String(params.comparison)} ${String(params.limit)}`;
      return err(`${name} must be ${words}.`, 'range');
    }
    case 'multipleOf':
      return err(`${name} must be a multiple of ${String(params.multipleOf)}.`, 'multipleOf');
    case 'minItems':
    case 'maxItems':
      return err(
        `${name} must have ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${String(params.limit)} item${params.limit === 1 ? '' : 's'}.`,
        e.keyword,
      );
    case 'uniqueItems':
      return err(
        `${name} must not repeat items (items ${String(params.j)} and ${String(params.i)} are the same).`,
        'uniqueItems',
      );
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      // Only schemas that forbid extra keys say so; undocumented keys are found apart (`ctx.undocumented`).
      const prop = String(params.additionalProperty ?? params.unevaluatedProperty);
      const objectSchemas = schemasAt(ctx.catalog, ctx.rootSchema, ctx.data, rel);
      const names = objectSchemas.flatMap((s) => (isObj(s.properties) ? Object.keys(s.properties) : []));
      const { hint, fixes } = unknownKeyHelp(prop, names, (k) => hasKey(value, k), [...path, prop]);
      return {
        severity: 'error',
        code: 'additional-property',
        message: `"${prop}" is not allowed${rel.length > 0 ? ` in ${name}` : ''}.${hint}`,
        path: [...path, prop],
        target: 'key',
        fixes,
      };
    }
    case 'deprecated': {
      const note = typeof schema['x-deprecationMessage'] === 'string' ? ` ${schema['x-deprecationMessage']}` : '';
      return {
        severity: 'warning',
        code: 'deprecated',
        message: `"${name}" is deprecated.${note}`,
        path,
        target: 'key',
        deprecated: true,
        fixes: [{ kind: 'remove', title: `Remove deprecated "${name}"`, path }],
      };
    }
    case 'dependentRequired':
      return err(
        `${name} needs "${String(params.missingProperty)}" when "${String(params.property)}" is present.`,
        'dependentRequired',
        { target: 'open' },
      );
    case 'false schema':
      return err(`${name} is not allowed here.`, 'false-schema', { target: 'key' });
    case 'not': {
      const what =
        isObj(e.schema) && typeof e.schema.description === 'string'
          ? e.schema.description.replace(/\.$/, '')
          : undefined;
      return err(
        what
          ? `${name} must not be ${what.charAt(0).toLowerCase()}${what.slice(1)}.`
          : `${name} has a value that is not allowed here.`,
        'not',
      );
    }
    case 'anyOf':
    case 'oneOf':
      return err(
        underCombinator && e.keyword === 'oneOf' && params.passingSchemas
          ? `${name} matches more than one of the allowed forms.`
          : `${name} does not match any of the allowed forms.`,
        e.keyword,
      );
    default:
      return err(`${name} ${e.message ?? 'is not valid'}.`, e.keyword);
  }
}

/** How a value of a common format is written, for messages. */
const FORMAT_FORMS: Record<string, string> = {
  date: 'YYYY-MM-DD',
  'date-time': 'YYYY-MM-DDThh:mm:ssZ',
  time: 'hh:mm:ssZ',
  email: 'name@example.com',
  uri: 'an absolute URI such as https://example.com/a',
  uuid: 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
};

/** The catalog's words for the pattern; for a user catalog without them, what is expected and the pattern itself. */
function patternMessage(name: string, schema: SchemaObject, pattern: string): string {
  const words = patternDescription(schema);
  if (words) return `${name} must be ${words}.`;
  const example = Array.isArray(schema.examples) ? schema.examples.find((x) => typeof x === 'string') : undefined;
  const like = typeof example === 'string' ? ` (like ${JSON.stringify(example)})` : '';
  return `${name} is not in the expected format${like}: it must match the pattern ${pattern}.`;
}

/**
 * "role must be one of: 0 (Ordinary participant), 1 (Host (chair))." by schema and name: a file with many errors
 * repeats it, and one string said many times is built (and flattened when first written to the wire) once.
 */
const enumMessages = new WeakMap<object, Map<string, string>>();
const MAX_MESSAGES_PER_ENUM = 256;
function enumMessage(name: string, schema: SchemaObject): string {
  let byName = enumMessages.get(schema);
  if (!byName) enumMessages.set(schema, (byName = new Map<string, string>()));
  let message = byName.get(name);
  if (message === undefined) {
    // Names with indexes ("point[7]") are many: kept within bounds.
    if (byName.size >= MAX_MESSAGES_PER_ENUM) byName.clear();
    byName.set(name, (message = `${name} must be one of: ${enumWithMeanings(schema)}.`));
  }
  return message;
}

/** `"false"` → false, `"10"` → 10 where the schema wants a boolean or a number; a number or boolean → string. */
function coercion(value: unknown, types: string[], path: JsonPath): Fix | undefined {
  if (typeof value === 'string') {
    const t = value.trim();
    const lower = t.toLowerCase();
    if (types.includes('boolean') && (lower === 'true' || lower === 'false')) {
      return { kind: 'set', title: `Change to ${lower}`, path, value: lower === 'true', fixAll: true };
    }
    if ((types.includes('number') || types.includes('integer')) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(t)) {
      const n = Number(t);
      if (Number.isFinite(n) && (types.includes('number') || Number.isInteger(n))) {
        const fix: Fix = { kind: 'set', title: `Change to ${n}`, path, value: n };
        // "12345678901234567890" → 12345678901234567000 would change the request: only exact numbers are mechanical.
        return String(n) === t ? { ...fix, fixAll: true } : fix;
      }
    }
  }
  if ((typeof value === 'number' || typeof value === 'boolean') && types.includes('string')) {
    return { kind: 'set', title: `Change to "${String(value)}"`, path, value: String(value) };
  }
  return undefined;
}

/**
 * How a nearest value was found. A spelling (`"Wek"` → `"Week"`, `"True"` → `true`) has one right answer, so Fix
 * all may take it; the nearest number (`300` → `1`, "Lock the meeting") or an enum's only value changes what is
 * asked for, so the user chooses it (Fix all also runs on save).
 */
interface Pick {
  value: unknown;
  spelling: boolean;
  /** "Change to 1", made once per pick. */
  title?: string;
}

/** Picks are memoized per enum: a document with many errors tends to repeat the same wrong value. */
const picks = new WeakMap<unknown[], Map<string, Pick | undefined>>();

function closestEnum(value: unknown, allowed: unknown[], path: JsonPath): Fix | undefined {
  if (allowed.length === 0) return undefined;
  let memo = picks.get(allowed);
  if (!memo) picks.set(allowed, (memo = new Map<string, Pick | undefined>()));
  const memoKey = typeof value + ':' + String(value);
  const pick = memo.has(memoKey) ? memo.get(memoKey) : pickClosest(value, allowed);
  memo.set(memoKey, pick);
  if (pick === undefined) return undefined;
  const title = (pick.title ??= `Change to ${JSON.stringify(pick.value)}`);
  return pick.spelling
    ? { kind: 'set', title, path, value: pick.value, fixAll: true }
    : { kind: 'set', title, path, value: pick.value };
}

function pickClosest(value: unknown, allowed: unknown[]): Pick | undefined {
  // Numbers as numbers: 7 is nearest to 5, though "7" and "0" are as far apart as "7" and "5".
  if (typeof value === 'number') {
    const nums = allowed.filter((a): a is number => typeof a === 'number');
    if (nums.length > 0) {
      return { value: nums.reduce((a, b) => (Math.abs(b - value) < Math.abs(a - value) ? b : a)), spelling: false };
    }
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    const pick = sameWords(String(value), allowed) ?? closestText(String(value), allowed);
    if (pick !== undefined) return { value: pick, spelling: true };
  }
  return allowed.length === 1 ? { value: allowed[0], spelling: false } : undefined;
}

/** Letters and digits only, lower case: "en_us", "EN-US" and "en-US" are one word. */
const normal = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** The allowed value that differs only in case or separators, or the only one that starts like it ("en" → "en-US"). */
function sameWords(text: string, allowed: unknown[]): unknown {
  const n = normal(text);
  if (n === '') return undefined;
  const same = allowed.find((a) => normal(String(a)) === n);
  if (same !== undefined) return same;
  const starting = allowed.filter((a) => normal(String(a)).startsWith(n));
  return n.length >= 2 && starting.length === 1 ? starting[0] : undefined;
}

function closestText(text: string, allowed: unknown[]): unknown {
  const asText = allowed.map((a) => String(a));
  const guess = closest(text, asText);
  return guess === undefined ? undefined : allowed[asText.indexOf(guess)];
}

export { typeList };
