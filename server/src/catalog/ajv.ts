import Ajv2020 from 'ajv/dist/2020';
import type { SchemaValidateFunction } from 'ajv/dist/types';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats';
import { boundedRegExp } from './boundedRegExp';

/**
 * Annotation keywords our catalog schemas may carry besides JSON Schema 2020-12. They are declared so
 * ajv's strict mode keeps rejecting real typos in keyword names.
 */
export const ANNOTATION_KEYWORDS = [
  // OpenAPI 3.1 schema-object extras
  'example',
  'discriminator',
  'xml',
  'externalDocs',
  // VS Code's JSON-schema extras, honoured by our completion and hover
  'markdownDescription',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'defaultSnippets',
  'deprecationMessage',
  'errorMessage',
  // ours
  'x-enumDescriptions',
  'x-deprecationMessage',
  'x-decision',
  'x-secret',
  /** Plain words for the `pattern` beside it, used by messages and hover instead of the regular expression. */
  'x-patternDescription',
  /** Keywords of this schema (e.g. `maxLength`) that are our safety bounds, not limits the vendor documents. */
  'x-safetyBounds',
  /** A warning (not an error) for every value that reaches this schema, e.g. in the `then` of an outdated form. */
  'x-warning',
  /** A mistake of the vendor's documentation about this field (api-research.md), added to every error at it. */
  'x-docErrata',
] as const;

/**
 * One configured Ajv for JSON Schema 2020-12: all errors, formats. Strict about keywords for our own
 * catalog; user catalogs (third-party specs full of `x-…` extensions) are loaded with `strict: false`.
 */
export function createAjv(
  options: { strict?: boolean; reportDeprecated?: boolean; validateSchema?: boolean } = {},
): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    validateSchema: options.validateSchema ?? true,
    strict: options.strict ?? true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    validateFormats: true,
    // Errors carry their schema, so messages can quote enum meanings and limits.
    verbose: true,
    // Never print: on a stdio LSP connection stdout belongs to the protocol.
    logger: false,
    // A time bound per match for every pattern not vetted or proven linear.
    code: { regExp: boundedRegExp },
  });
  addFormats(ajv);
  ajv.addFormat('email', { type: 'string', validate: isEmail });
  ajv.addVocabulary([...ANNOTATION_KEYWORDS]);
  useLinearUniqueItems(ajv);
  if (options.reportDeprecated) {
    // `deprecated` is only an annotation in 2020-12; as a keyword that fails where it is true, ajv reports
    // every use of a deprecated property at its exact path, in the same pass. Callers treat it as a warning.
    ajv.removeKeyword('deprecated');
    ajv.addKeyword({
      keyword: 'deprecated',
      schemaType: 'boolean',
      errors: false,
      validate: (schema: boolean) => !schema,
    });
    // Likewise `x-warning` fails wherever it is reached, so the value is reported (as a warning) at its path.
    ajv.removeKeyword('x-warning');
    ajv.addKeyword({ keyword: 'x-warning', schemaType: 'string', errors: false, validate: () => false });
  }
  return ajv;
}

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

/**
 * ajv's own `uniqueItems` compares every pair of items unless their type is declared scalar: quadratic, so a
 * user catalog's `uniqueItems` without `maxItems` let a 2 MB request file block the server for over a minute.
 * This one keys each item by its canonical JSON (object keys sorted) once: linear in the size of the array.
 * Same error as ajv's: `i` is the last item that repeats an earlier one, `j` the nearest earlier equal one.
 */
function useLinearUniqueItems(ajv: Ajv2020): void {
  ajv.removeKeyword('uniqueItems');
  const validate: SchemaValidateFunction = (unique: boolean, data: unknown[]) => {
    validate.errors = undefined;
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
    validate.errors = [
      {
        keyword: 'uniqueItems',
        message: `must NOT have duplicate items (items ## ${found.j} and ${found.i} are identical)`,
        params: found,
      },
    ];
    return false;
  };
  ajv.addKeyword({ keyword: 'uniqueItems', type: 'array', schemaType: 'boolean', validate });
}

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
