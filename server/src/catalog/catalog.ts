/**
 * The catalog: every operation the server knows (built-in and user catalogs), their schema documents,
 * and ajv validators compiled once, on first use, and cached.
 */
import type Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import { createAjv } from './ajv';
import { closeSchemaDocument } from './closeSchema';
import { resolvePointer, type LoadedDocument } from './openapi';
import type { JsonSchema, Operation, SchemaObject } from './types';

const CLOSED_SUFFIX = ':closed';

export interface CatalogProblem {
  source: string;
  message: string;
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

  /** Adds a loaded OpenAPI document; its operations replace any with the same id. */
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
    for (const op of loaded.operations) this.ops.set(op.id, op);
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
