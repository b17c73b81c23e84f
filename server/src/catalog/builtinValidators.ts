/**
 * The bundled catalog's validators, precompiled. In the bundles (server, command line) esbuild puts in place of
 * this file the module server/src/catalog/precompile.ts generates from schemas/ (scripts/builtinValidators.mjs);
 * run from the sources (tests, tsx) there is none and the catalog compiles every schema when first used.
 */
import type { ValidateFunction } from 'ajv';

export interface PrecompiledValidators {
  /** `documentsFingerprint` of the documents the code was generated from: used only for the same documents. */
  fingerprint: string;
  /** Each document's family (`familyOfBuiltin`), in the documents' order. */
  families: readonly string[];
  /** Each document as `loadOpenApi` loads it (JSON, see `loadedDocumentFromJson`), in the documents' order. */
  loaded: readonly string[];
  /** Every pattern source of the documents (`patternsOf`), to trust as `addBuiltins` would. */
  patterns: readonly string[];
  /** Groups of validators, each evaluated on first use of one of them (precompile.ts says which). */
  groups: ReadonlyArray<{
    /** The JSON text of each schema of the group: validator `v<i>` of `create()` validates `keys[i]`. */
    keys: readonly string[];
    /** Evaluates the group's code; called once. */
    create(): Record<string, ValidateFunction>;
  }>;
}

export const BUILTIN_VALIDATORS: PrecompiledValidators | undefined = undefined;
