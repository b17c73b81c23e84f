/**
 * The catalog: every operation the server knows (built-in and user catalogs), their schema documents,
 * ajv validators compiled once, on first use, and cached, and what each schema documents.
 */
import type Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import type * as AjvSetup from './ajv';
import { boundedRegExp } from './boundedRegExp';
import { BUILTIN_SOURCE } from './builtin';
import type { PrecompiledValidators } from './builtinValidators';
import { resolvePointer, type LoadedDocument } from './openapi';
import type { JsonSchema, Operation, SchemaObject } from './types';
import { UndocumentedIndex, type UndocumentedKey } from './undocumented';

export interface CatalogProblem {
  source: string;
  message: string;
  /** Default `warning`: something was cut or is worth knowing; `error`: a part of the document was refused. */
  severity?: 'error' | 'warning';
  /** Where in the source document, as a path of keys (e.g. to an `operationId`), when known. */
  at?: string[];
}

/** The file a document of the catalog was read from, for Go to Definition (built-in `schemas/` or a user catalog). */
export interface CatalogSource {
  uri: string;
  /** The file's text as read (JSON or YAML). */
  text: string;
  fileName: string;
  /**
   * A user catalog split across files: the bundle as written (before conversion), where each of its values is
   * written (file and keys there, see splitSpec.ts), and each file by path.
   */
  split?: {
    value: unknown;
    origin(path: ReadonlyArray<string | number>): { file: string; path: string[] };
    files: ReadonlyMap<string, CatalogSource>;
  };
}

/**
 * The catalog's ajv: lenient about unknown keywords (user catalogs), `deprecated` and `x-warning` reported, and
 * documents checked against the meta-schema once, when added (below), not again for every validator compiled
 * from their parts: compiling the 2020-12 meta-schema is most of a command line's start-up.
 */
export const CATALOG_AJV_OPTIONS = { strict: false, reportDeprecated: true, validateSchema: false } as const;

export class Catalog {
  private readonly ops = new Map<string, Operation>();
  /** Token endpoints (`x-sign-in`): known by id, never request-file operations. */
  private readonly signInOps = new Map<string, Operation>();
  /** Documented reads (`x-role: read`): looked up by a PUT's `x-read`, never request-file operations. */
  private readonly reads = new Map<string, Operation>();
  private readonly sources = new Map<string, CatalogSource>();
  private readonly docs = new Map<string, SchemaObject>();
  /** Created on first need: with precompiled validators for the bundled catalog, a start never needs it. */
  private ajvInstance: Ajv2020 | undefined;
  /** Documents known valid (`checked`), registered with ajv once it exists. */
  private readonly pending: SchemaObject[] = [];
  private readonly strict: boolean;
  /** Precompiled validators: which group and name a schema text has, and the groups evaluated so far. */
  private precompiled:
    { index: Map<string, { group: number; name: string }>; source: PrecompiledValidators } | undefined;
  private readonly precompiledGroups = new Map<number, Record<string, ValidateFunction>>();
  private readonly validators = new WeakMap<Operation, ValidateFunction>();
  private readonly schemaValidators = new WeakMap<object, ValidateFunction>();
  private readonly undocumentedIndex = new UndocumentedIndex((ref) => this.resolveRef(ref));
  readonly problems: CatalogProblem[] = [];

  constructor(options: { strict?: boolean } = {}) {
    this.strict = options.strict ?? CATALOG_AJV_OPTIONS.strict;
  }

  private get ajv(): Ajv2020 {
    if (!this.ajvInstance) {
      // Loaded on first use: with the bundled catalog precompiled, a start never loads ajv itself (the command
      // line's bundle keeps it in a file of its own, scripts/cliBuild.mjs). Patterns run in this module's engine.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createAjv } = require('./ajv') as typeof AjvSetup;
      this.ajvInstance = createAjv({ ...CATALOG_AJV_OPTIONS, strict: this.strict, regExp: boundedRegExp });
      for (const doc of this.pending.splice(0)) this.ajvInstance.addSchema(doc);
    }
    return this.ajvInstance;
  }

  /**
   * Validators generated at build time for the bundled catalog (precompile.ts), used instead of compiling the
   * same schemas. Only for a catalog with the options they were generated with.
   */
  usePrecompiled(source: PrecompiledValidators): void {
    if (this.strict !== CATALOG_AJV_OPTIONS.strict) return;
    const index = new Map<string, { group: number; name: string }>();
    source.groups.forEach((g, group) => g.keys.forEach((key, i) => index.set(key, { group, name: `v${i}` })));
    this.precompiled = { index, source };
    this.precompiledGroups.clear();
  }

  /** A validator of `schema`: precompiled when generated for this very schema text, else compiled now. */
  private compile(schema: JsonSchema): ValidateFunction {
    const copy = typeof schema === 'boolean' ? schema : { ...schema };
    const at = this.precompiled?.index.get(JSON.stringify(copy));
    if (this.precompiled && at) {
      let group = this.precompiledGroups.get(at.group);
      if (!group) this.precompiledGroups.set(at.group, (group = this.precompiled.source.groups[at.group].create()));
      return group[at.name];
    }
    return this.ajv.compile(copy);
  }

  /** The `$id`s of the schema documents, in the order added. */
  documentIds(): string[] {
    return [...this.docs.keys()];
  }

  /**
   * Adds a loaded OpenAPI document. An operation whose id is already taken is refused with an error: the first
   * definition (the built-ins come first) always stands, so a user catalog can never swap the method, path,
   * servers or security of an operation a request file names. `checked`: the document is known to be valid
   * against the meta-schema (the bundled catalog, held to it by test/unit/catalog.test.ts), so it is not checked
   * again at start-up.
   */
  add(loaded: LoadedDocument, source: string, options: { checked?: boolean } = {}): void {
    const id = String(loaded.schemaDoc.$id);
    const duplicate = this.docs.has(id);
    this.docs.set(id, loaded.schemaDoc);
    try {
      // ajv's own message for the same mistake, also for documents whose registration waits for ajv.
      if (duplicate) throw new Error(`schema with key or id "${id}" already exists`);
      if (options.checked === true && !this.ajvInstance) this.pending.push(loaded.schemaDoc);
      else {
        // Throws, with ajv's "schema is invalid: …", when it is not valid (no $async schemas: a boolean).
        if (options.checked !== true) void this.ajv.validateSchema(loaded.schemaDoc, true);
        this.ajv.addSchema(loaded.schemaDoc);
      }
    } catch (err) {
      this.problems.push({ source, message: `Its schemas could not be loaded: ${(err as Error).message}` });
      return;
    }
    for (const w of loaded.warnings) this.problems.push({ source, message: w });
    for (const op of loaded.operations) {
      const map = op.signIn === true ? this.signInOps : op.role === 'read' ? this.reads : this.ops;
      const taken = this.ops.get(op.id) ?? this.reads.get(op.id) ?? this.signInOps.get(op.id);
      if (!taken) {
        map.set(op.id, op);
        continue;
      }
      const owner = taken.source === BUILTIN_SOURCE ? 'a built-in operation' : `already defined by "${taken.source}"`;
      this.problems.push({
        source,
        severity: 'error',
        at: ['paths', op.path, op.method.toLowerCase(), 'operationId'],
        message: `${op.method} ${op.path} is refused: its id ${op.id} is ${owner} (${taken.method} ${taken.path}), which cannot be replaced. Rename its operationId or the catalog.`,
      });
    }
  }

  /** Records the file a document (by its `docId`) was read from. */
  setSource(docId: string, source: CatalogSource): void {
    this.sources.set(docId, source);
  }

  /** The file an operation's document was read from, when known. */
  sourceOf(op: Operation): CatalogSource | undefined {
    return this.sources.get(op.docId);
  }

  get(id: string): Operation | undefined {
    return this.ops.get(id);
  }

  all(): Operation[] {
    return [...this.ops.values()];
  }

  /** A token endpoint by id (`webex.auth.deviceToken`…): for hover and the message that it is not sent from files. */
  signInOperation(id: string): Operation | undefined {
    return this.signInOps.get(id);
  }

  signInOperations(): Operation[] {
    return [...this.signInOps.values()];
  }

  /** A documented read (`x-role: read`) by id; reads are not in `get` or `all`. */
  read(id: string): Operation | undefined {
    return this.reads.get(id);
  }

  allReads(): Operation[] {
    return [...this.reads.values()];
  }

  /** Resolves an absolute `<docId>#/pointer` reference to the schema it names. */
  resolveRef(ref: string): JsonSchema | undefined {
    const hash = ref.indexOf('#');
    const doc = this.docs.get(hash < 0 ? ref : ref.slice(0, hash));
    if (!doc) return undefined;
    return resolvePointer(doc, hash < 0 ? '' : ref.slice(hash)) as JsonSchema | undefined;
  }

  /** The body validator of an operation. Throws when the schema cannot be compiled. */
  bodyValidator(op: Operation): ValidateFunction | undefined {
    if (!op.body) return undefined;
    let v = this.validators.get(op);
    if (!v) {
      v = this.compile(op.body.schema);
      this.validators.set(op, v);
    }
    return v;
  }

  /** A validator for any schema of the catalog (parameters, responses), cached per schema object. */
  validatorFor(schema: JsonSchema): ValidateFunction {
    if (typeof schema === 'boolean') return this.compile(schema);
    let v = this.schemaValidators.get(schema);
    if (!v) {
      v = this.compile(schema);
      this.schemaValidators.set(schema, v);
    }
    return v;
  }

  /** Keys of `value` that `schema` documents nowhere (see `undocumented.ts`): the first `limit`, and the count. */
  undocumentedKeys(schema: JsonSchema, value: unknown, limit: number): { keys: UndocumentedKey[]; count: number } {
    return this.undocumentedIndex.find(schema, value, limit);
  }

  /** The property names `schema` documents for the value it describes, in any of its branches. */
  documentedNames(schema: JsonSchema): ReadonlySet<string> {
    return this.undocumentedIndex.documentedNames(schema);
  }
}
