import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats';

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
] as const;

/**
 * One configured Ajv for JSON Schema 2020-12: all errors, formats. Strict about keywords for our own
 * catalog; user catalogs (third-party specs full of `x-…` extensions) are loaded with `strict: false`.
 */
export function createAjv(options: { strict?: boolean; reportDeprecated?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
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
  });
  addFormats(ajv);
  ajv.addFormat('email', { type: 'string', validate: isEmail });
  ajv.addVocabulary([...ANNOTATION_KEYWORDS]);
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
