/**
 * Validates collected examples against their schemas. The prepared (converted, sanitized) document is
 * registered with ajv once, as a whole; each schema is then reached by its JSON pointer, so `$ref`s between
 * components resolve exactly as written and every schema compiles once however many examples use it.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv } from '../../server/src/catalog/ajv';
import type { ExampleRef } from './collect';

const DOC_ID = 'urn:meeting-payloads:check-examples';
const MAX_ERRORS_PER_EXAMPLE = 8;

export interface ExampleError {
  /** Where inside the example, e.g. `$.telephony.links[0].href`. */
  path: string;
  message: string;
  keyword: string;
}

export interface ExampleFailure {
  example: ExampleRef;
  errors: ExampleError[];
}

export function validateExamples(prepared: object, examples: ExampleRef[]): ExampleFailure[] {
  const ajv = createAjv({ strict: false });
  // The document is not a schema; it only holds them: no meta-schema check at the root.
  ajv.addSchema(prepared, DOC_ID, undefined, false);
  const validators = new Map<string, ValidateFunction | string>();
  const failures: ExampleFailure[] = [];
  for (const example of examples) {
    let v = validators.get(example.schemaPointer);
    if (v === undefined) {
      try {
        v = ajv.getSchema(DOC_ID + uriFragment(example.schemaPointer)) ?? 'the schema is not in the prepared document';
      } catch (err) {
        v = `the schema could not be compiled: ${(err as Error).message}`;
      }
      validators.set(example.schemaPointer, v);
    }
    if (typeof v === 'string') {
      failures.push({ example, errors: [{ path: '$', message: v, keyword: 'schema' }] });
      continue;
    }
    if (v(example.value)) continue;
    failures.push({ example, errors: describeErrors(v.errors ?? []) });
  }
  return failures;
}

/** `#/paths/~1a/{b}` → `#/paths/~1a/%7Bb%7D`: ajv reads fragments as URI-encoded JSON pointers. */
function uriFragment(pointer: string): string {
  return (
    '#' +
    pointer
      .slice(1)
      .split('/')
      .map((s) => encodeURIComponent(s))
      .join('/')
  );
}

/**
 * Readable errors: `if` noise dropped; for an anyOf/oneOf that nothing matched, the errors of its closest
 * alternative (the one with the fewest) instead of every alternative's; duplicates merged; capped.
 */
export function describeErrors(errors: ErrorObject[]): ExampleError[] {
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const inBranch = (e: ErrorObject): boolean => combinators.some((c) => e.schemaPath.startsWith(c.schemaPath + '/'));
  const out: ExampleError[] = [];
  const seen = new Set<string>();
  const push = (item: ExampleError): void => {
    const key = `${item.path} ${item.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(item);
    }
  };
  for (const e of errors) {
    if (e.keyword === 'if' || inBranch(e)) continue;
    push({ path: jsonPath(e.instancePath), message: message(e), keyword: e.keyword });
    if (
      (e.keyword === 'anyOf' || e.keyword === 'oneOf') &&
      !Array.isArray((e.params as { passingSchemas?: unknown }).passingSchemas)
    ) {
      const branches = new Map<string, ErrorObject[]>();
      for (const b of errors) {
        const m = b.schemaPath.startsWith(e.schemaPath + '/')
          ? /^\d+/.exec(b.schemaPath.slice(e.schemaPath.length + 1))
          : null;
        if (m && b.keyword !== 'if') branches.set(m[0], [...(branches.get(m[0]) ?? []), b]);
      }
      const closest = [...branches.entries()].sort((a, b) => a[1].length - b[1].length)[0];
      if (!closest) continue;
      for (const b of closest[1]) {
        if (b.keyword === 'anyOf' || b.keyword === 'oneOf') continue;
        push({
          path: jsonPath(b.instancePath),
          message: `${message(b)} (in the closest alternative, ${e.keyword} #${Number(closest[0]) + 1})`,
          keyword: b.keyword,
        });
      }
    }
  }
  if (out.length > MAX_ERRORS_PER_EXAMPLE) {
    const rest = out.length - MAX_ERRORS_PER_EXAMPLE;
    out.length = MAX_ERRORS_PER_EXAMPLE;
    out.push({ path: '$', message: `…and ${rest} more`, keyword: 'more' });
  }
  return out;
}

/** A JSON pointer inside the example → `$.a.b[0]['odd key']`. */
export function jsonPath(instancePath: string): string {
  if (instancePath === '') return '$';
  return (
    '$' +
    instancePath
      .slice(1)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((s) => (/^\d+$/.test(s) ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`))
      .join('')
  );
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function preview(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function message(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return `must be ${String(p.type).replace(/,/g, ' or ')}, not ${typeOf(e.data)}`;
    case 'enum': {
      const allowed = (p.allowedValues as unknown[] | undefined) ?? [];
      const list = allowed.slice(0, 8).map((a) => JSON.stringify(a));
      return `must be one of ${list.join(', ')}${allowed.length > 8 ? ', …' : ''}, not ${preview(e.data)}`;
    }
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}, not ${preview(e.data)}`;
    case 'required':
      return `is missing the required property "${String(p.missingProperty)}"`;
    case 'additionalProperties':
      return `has the property "${String(p.additionalProperty)}", which the schema does not allow`;
    case 'unevaluatedProperties':
      return `has the property "${String(p.unevaluatedProperty)}", which the schema does not allow`;
    case 'format':
      return `must be a valid ${String(p.format)}, not ${preview(e.data)}`;
    case 'pattern':
      return `must match the pattern ${String(p.pattern)}, not ${preview(e.data)}`;
    case 'anyOf':
      return 'matches none of the alternatives (anyOf)';
    case 'oneOf':
      return Array.isArray(p.passingSchemas)
        ? 'matches more than one of the alternatives (oneOf)'
        : 'matches none of the alternatives (oneOf)';
    default:
      return `${e.message ?? e.keyword}${e.data !== undefined && typeof e.data !== 'object' ? `, not ${preview(e.data)}` : ''}`;
  }
}
