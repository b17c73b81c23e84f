import type { NoRead, ReadLink } from '../../../common/readPlan';
import type { CredentialSlot } from '../../../common/requestSpec';

/** A JSON Schema (2020-12) as found in a catalog: an object, or a boolean schema. */
export type JsonSchema = boolean | SchemaObject;
export interface SchemaObject {
  [keyword: string]: unknown;
}

export type ParamLocation = 'path' | 'query' | 'header';

export interface Parameter {
  name: string;
  in: ParamLocation;
  required: boolean;
  deprecated: boolean;
  description: string;
  schema: JsonSchema;
}

export interface NamedExample {
  name: string;
  summary: string;
  value: unknown;
}

export interface ResponseSpec {
  status: string;
  description: string;
  /** Schema of the JSON body, refs made absolute; undefined when the status documents no body. */
  schema: JsonSchema | undefined;
  examples: NamedExample[];
}

/** One operation of the catalog, flattened from its OpenAPI document with every `$ref` resolved or made absolute. */
export interface Operation {
  id: string;
  family: string;
  /** Id under which the operation's document is registered with ajv. */
  docId: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  docsUrl: string | undefined;
  deprecated: boolean;
  servers: string[];
  params: Parameter[];
  body: { required: boolean; schema: JsonSchema; examples: NamedExample[] } | undefined;
  responses: ResponseSpec[];
  credentials: CredentialSlot[];
  /** Where the operation came from: `builtin` or the user catalog's name. */
  source: string;
  /**
   * A token endpoint (`x-sign-in: true`): documented (hover, its examples, the mock) but never an operation of a
   * request file. Sign In and `meeting-payloads token` call it; see schemas/README.md.
   */
  signIn?: boolean;
  /**
   * `read` (`x-role: read`): the documented read of what a PUT replaces, linked from that PUT's `x-read`; never a
   * request-file operation (the catalog keeps reads apart, see `Catalog.read`).
   */
  role: 'request' | 'read';
  /** `x-read`: the documented read of the same resource, or why there is none; undefined when not stated. */
  read?: ReadLink | NoRead;
}
