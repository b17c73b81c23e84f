/**
 * What the catalog's ajv and the validators precompiled from the bundled catalog (`precompile.ts`) share: the
 * formats and the functions of our keywords. Precompiled code refers to these by `require("./ajvShared")`, so
 * both run the very same functions; this file must therefore never import ajv itself (the point of precompiling
 * is not to load it at start-up).
 */
import type { FormatDefinition, SchemaValidateFunction } from 'ajv/dist/types';
import { fullFormats } from 'ajv-formats/dist/formats';

const EMAIL_SHAPE = fullFormats.email as RegExp;

/**
 * ajv-formats' email pattern, plus the lengths RFC 5321 and RFC 1034 set and its pattern does not check: a
 * local part of at most 64 characters, domain labels of at most 63 and a domain of at most 253.
 */
export function isEmail(s: string): boolean {
  if (!EMAIL_SHAPE.test(s)) return false;
  const at = s.lastIndexOf('@');
  const domain = s.slice(at + 1);
  return at <= 64 && domain.length <= 253 && domain.split('.').every((label) => label.length <= 63);
}

export const EMAIL_FORMAT: FormatDefinition<string> = { type: 'string', validate: isEmail };

/** Every format the catalog's ajv knows, by name, exactly as `createAjv` registers them. */
export const FORMATS: Readonly<Record<string, unknown>> = { ...fullFormats, email: EMAIL_FORMAT };

/**
 * `deprecated` as a keyword that fails where it is true (2020-12 makes it only an annotation): ajv then reports
 * every use of a deprecated property at its exact path, in the same pass. Callers treat it as a warning.
 */
export const failWhereDeprecated = (schema: boolean): boolean => !schema;

/** `x-warning` fails wherever it is reached, so the value is reported (as a warning) at its path. */
export const failWhereReached = (): boolean => false;

/**
 * ajv's own `uniqueItems` compares every pair of items unless their type is declared scalar: quadratic, so a
 * user catalog's `uniqueItems` without `maxItems` let a 2 MB request file block the server for over a minute.
 * This one keys each item by its canonical JSON (object keys sorted) once: linear in the size of the array.
 * Same error as ajv's: `i` is the last item that repeats an earlier one, `j` the nearest earlier equal one.
 */
export const linearUniqueItems: SchemaValidateFunction = (unique: boolean, data: unknown[]) => {
  linearUniqueItems.errors = undefined;
  if (!unique || data.length < 2) return true;
  const seen = new Map<string, number>();
  let found: { i: number; j: number } | undefined;
  data.forEach((item, i) => {
    const key = canonicalJson(item);
    const j = seen.get(key);
    if (j !== undefined) found = { i, j };
    seen.set(key, i);
  });
  if (!found) return true;
  linearUniqueItems.errors = [
    {
      keyword: 'uniqueItems',
      message: `must NOT have duplicate items (items ## ${found.j} and ${found.i} are identical)`,
      params: found,
    },
  ];
  return false;
};

/** JSON text that is equal for equal JSON values: object keys sorted, numbers as JavaScript prints them. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    const members = Object.keys(obj)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
