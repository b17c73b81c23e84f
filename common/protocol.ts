/**
 * Custom LSP messages between the client (and other editors) and the Meeting Payloads server.
 * Imports only the protocol package so the client, the server and the command line can share it.
 */
import { RequestType, NotificationType } from 'vscode-languageserver-protocol';
import type { PreparedRequest } from './requestSpec';
import type { SchemaCheck } from './webviewMessages';

export interface PrepareRequestParams {
  uri: string;
  /** When given, the server prepares from this text instead of its copy of the document (what is sent is what was validated). */
  text?: string;
}

export type PrepareRequestResult = { ok: true; request: PreparedRequest } | { ok: false; reason: string };

/** Client → server: turn a document into the HTTP request it describes. */
export namespace PrepareRequest {
  export const method = 'meeting/prepareRequest' as const;
  export const type = new RequestType<PrepareRequestParams, PrepareRequestResult, void>(method);
}

export interface CatalogOperationInfo {
  id: string;
  family: string;
  method: string;
  path: string;
  summary: string;
  deprecated: boolean;
}

/** Client → server: list the operations of the catalog (built-in and user catalogs). */
export namespace ListOperations {
  export const method = 'meeting/listOperations' as const;
  export const type = new RequestType<void, CatalogOperationInfo[], void>(method);
}

export interface CatalogStatusParams {
  /** Catalog files that failed to load, with the reason; empty when all loaded. */
  problems: Array<{ uri: string; message: string }>;
  operationCount: number;
}

/** Server → client: the catalog was (re)loaded. */
export namespace CatalogStatus {
  export const method = 'meeting/catalogStatus' as const;
  export const type = new NotificationType<CatalogStatusParams>(method);
}

export interface OutlineLimitParams {
  uri: string;
  /** The limit the outline was cut at (`meetingPayloads.outline.maxItems`); null: the outline is whole again. */
  maxItems: number | null;
}

/**
 * Server → client: a document's outline was cut at its item limit, or is whole again. Sent only when that changes
 * for the document (a document whose outline was never cut gets none).
 */
export namespace OutlineLimit {
  export const method = 'meeting/outlineLimit' as const;
  export const type = new NotificationType<OutlineLimitParams>(method);
}

export interface CheckResponseParams {
  operationId: string;
  status: number;
  /** The decoded response body (possibly cut at the size cap). */
  body: string;
  truncated: boolean;
}

export interface CheckResponseResult extends SchemaCheck {
  /** The documented status the response was checked against (`200`, `4XX`, `default`), if any. */
  documentedStatus: string | undefined;
  /** A sentence for the panel when the body could not be checked (undocumented status, not JSON…). */
  note?: string;
}

/** Client → server: compare a response with what the catalog documents for its status. */
export namespace CheckResponse {
  export const method = 'meeting/checkResponse' as const;
  export const type = new RequestType<CheckResponseParams, CheckResponseResult, void>(method);
}

export interface ImportCurlParams {
  /** The cURL command as pasted (bash or cmd quoting, line continuations). */
  command: string;
}

export type ImportCurlResult =
  | {
      ok: true;
      fileText: string;
      operationId: string;
      notes: string[];
      /** Problems of the imported file that Fix All would still fix (string booleans and numbers are already fixed). */
      fixable?: number;
    }
  | { ok: false; reason: string };

/** Client → server: turn a cURL command into a request file (credentials dropped, problems noted). */
export namespace ImportCurl {
  export const method = 'meeting/importCurl' as const;
  export const type = new RequestType<ImportCurlParams, ImportCurlResult, void>(method);
}
