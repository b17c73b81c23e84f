/**
 * The catalog: every operation the server knows (built-in and user catalogs), their schema documents,
 * and ajv validators compiled once, on first use, and cached.
 */
import type Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import { createAjv } from './ajv';
import { closeSchemaDocument } from './closeSchema';
import { BUILTIN_SOURCE } from './builtin';
import { resolvePointer, type LoadedDocument } from './openapi';
import type { JsonSchema, Operation, SchemaObject } from './types';

const CLOSED_SUFFIX = ':closed';

export interface CatalogProblem {
  source: string;
  message: string;
  /** Default `warning`: something was cut or is worth knowing; `error`: a part of the document was refused. */
  severity?: 'error' | 'warning';
  /** Where in the source document, as a path of keys (e.g. to an `operationId`), when known. */
  at?: string[];
}

export class Catalog {
  private readonly ops = new Map<string, Operation>();
  private readonly docs = new Map<string, SchemaObject>();
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly schemaValidators = new WeakMap<object, ValidateFunction>();
  private readonly closedValidators = new WeakMap<object, ValidateFunction>();
  readonly problems: CatalogProblem[] = [];

  constructor(options: { strict?: boolean } = {}) {
    this.ajv = createAjv({ strict: options.strict ?? false, reportDeprecated: true });
  }

  /**
   * Adds a loaded OpenAPI document. An operation whose id is already taken is refused with an error: the first
   * definition (the built-ins come first) always stands, so a user catalog can never swap the method, path,
   * servers or security of an operation a request file names.
   */
  add(loaded: LoadedDocument, source: string): void {
    const id = String(loaded.schemaDoc.$id);
    this.docs.set(id, loaded.schemaDoc);
    const closedId = id + CLOSED_SUFFIX;
    const closed = closeSchemaDocument(loaded.schemaDoc, id, closedId, (ref) => this.resolveRef(ref));
    this.docs.set(closedId, closed);
    try {
      this.ajv.addSchema(loaded.schemaDoc);
      this.ajv.addSchema(closed);
    } catch (err) {
      this.problems.push({ source, message: `Its schemas could not be loaded: ${(err as Error).message}` });
      return;
    }
    for (const w of loaded.warnings) this.problems.push({ source, message: w });
    for (const op of loaded.operations) {
      const taken = this.ops.get(op.id);
      if (!taken) {
        this.ops.set(op.id, op);
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

  get(id: string): Operation | undefined {
    return this.ops.get(id);
  }

  all(): Operation[] {
    return [...this.ops.values()];
  }

  /** Resolves an absolute `<docId>#/pointer` reference to the schema it names. */
  resolveRef(ref: string): JsonSchema | undefined {
    const hash = ref.indexOf('#');
    const doc = this.docs.get(hash < 0 ? ref : ref.slice(0, hash));
    if (!doc) return undefined;
    return resolvePointer(doc, hash < 0 ? '' : ref.slice(hash)) as JsonSchema | undefined;
  }

  /**
   * The body validator of an operation. `closed` also reports properties the schema does not document
   * (keyword `unevaluatedProperties`). Throws when the schema cannot be compiled.
   */
  bodyValidator(op: Operation, closed: boolean): ValidateFunction | undefined {
    if (!op.body) return undefined;
    const key = `${op.id}\u0000${closed}`;
    let v = this.validators.get(key);
    if (!v) {
      const schema = closed ? this.closedCopy(op.body.schema, op.docId) : op.body.schema;
      v = this.ajv.compile(typeof schema === 'boolean' ? schema : { ...schema });
      this.validators.set(key, v);
    }
    return v;
  }

  /** A validator for any schema of the catalog (parameters, responses), cached per schema object. */
  validatorFor(schema: JsonSchema): ValidateFunction {
    if (typeof schema === 'boolean') return this.ajv.compile(schema);
    let v = this.schemaValidators.get(schema);
    if (!v) {
      v = this.ajv.compile({ ...schema });
      this.schemaValidators.set(schema, v);
    }
    return v;
  }

  /** A validator that also reports undocumented properties, for any schema of a document (responses). */
  closedValidatorFor(schema: JsonSchema, docId: string): ValidateFunction {
    if (typeof schema === 'boolean') return this.ajv.compile(schema);
    let v = this.closedValidators.get(schema);
    if (!v) {
      const closed = this.closedCopy(schema, docId);
      v = this.ajv.compile(typeof closed === 'boolean' ? closed : { ...closed });
      this.closedValidators.set(schema, v);
    }
    return v;
  }

  private closedCopy(schema: JsonSchema, docId: string): JsonSchema {
    if (typeof schema === 'boolean') return schema;
    // The root is a value position of its own: wrap it so it gets closed like any property.
    const wrapper = closeSchemaDocument(
      { $id: 'urn:meeting-payloads:root', properties: { root: schema } },
      docId,
      docId + CLOSED_SUFFIX,
      (ref) => this.resolveRef(ref),
    );
    return (wrapper.properties as Record<string, JsonSchema>).root;
  }
}
