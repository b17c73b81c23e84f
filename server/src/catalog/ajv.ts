import Ajv2020, { _, Name } from 'ajv/dist/2020';
import type { RegExpEngine } from 'ajv/dist/types';
import addFormats from 'ajv-formats';
import { EMAIL_FORMAT, failWhereDeprecated, failWhereReached, linearUniqueItems } from './ajvShared';
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

/** How precompiled code (`precompile.ts`) reaches what the runtime passes by reference: see ajvShared.ts. */
export interface StandaloneOptions {
  /** The module specifier of ajvShared.ts as the generated code requires it. */
  shared: string;
}

/**
 * One configured Ajv for JSON Schema 2020-12: all errors, formats. Strict about keywords for our own
 * catalog; user catalogs (third-party specs full of `x-…` extensions) are loaded with `strict: false`.
 * `standalone`: the same Ajv, set up to emit source code (ajv/dist/standalone) that refers to ajvShared.ts for
 * formats and keyword functions and matches patterns with plain RegExps (only for the bundled catalog, whose
 * patterns are all vetted, so `boundedRegExp` would run them as plain RegExps too).
 */
export function createAjv(
  options: {
    strict?: boolean;
    reportDeprecated?: boolean;
    validateSchema?: boolean;
    standalone?: StandaloneOptions;
    /** The pattern engine: the catalog passes its own `boundedRegExp`, whose state its callers read. */
    regExp?: RegExpEngine;
  } = {},
): Ajv2020 {
  const shared = options.standalone ? _`require(${options.standalone.shared})` : undefined;
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
    code: shared ? { source: true, formats: _`${shared}.FORMATS` } : { regExp: options.regExp ?? boundedRegExp },
  });
  if (shared) {
    // ajv names a keyword's function by reference; registered first with the code that reaches it, the
    // generated module requires it from ajvShared.ts instead of failing to emit it.
    for (const [name, ref] of Object.entries(SHARED_FUNCTIONS)) {
      ajv.scope.value('keyword', { ref, code: _`${shared}.${new Name(name)}` });
    }
  }
  addFormats(ajv);
  ajv.addFormat('email', EMAIL_FORMAT);
  ajv.addVocabulary([...ANNOTATION_KEYWORDS]);
  ajv.removeKeyword('uniqueItems');
  ajv.addKeyword({ keyword: 'uniqueItems', type: 'array', schemaType: 'boolean', validate: linearUniqueItems });
  if (options.reportDeprecated) {
    ajv.removeKeyword('deprecated');
    ajv.addKeyword({ keyword: 'deprecated', schemaType: 'boolean', errors: false, validate: failWhereDeprecated });
    ajv.removeKeyword('x-warning');
    ajv.addKeyword({ keyword: 'x-warning', schemaType: 'string', errors: false, validate: failWhereReached });
  }
  return ajv;
}

const SHARED_FUNCTIONS = { failWhereDeprecated, failWhereReached, linearUniqueItems };
