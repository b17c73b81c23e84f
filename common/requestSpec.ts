/**
 * The normalized HTTP request a `.meeting.json` document describes. Built by the language server
 * (which owns parsing and the catalog), executed by the client or the command line (which own the network).
 */
import type { ReadPlanSpec } from './readPlan';

/** Request files larger than this are not sent, by the extension or the command line (these APIs take small JSON bodies). */
export const MAX_SEND_DOCUMENT_BYTES = 1024 * 1024;

/**
 * Why a request file is not sent for its size, if it is not: the sender's refusal and the editor's diagnostic (an
 * information at the file's start), in the same words.
 */
export function sendSizeProblem(text: string): string | undefined {
  // UTF-8 takes at most 3 bytes per UTF-16 unit: shorter texts need no count.
  if (text.length * 3 <= MAX_SEND_DOCUMENT_BYTES) return undefined;
  // Before the first non-ASCII unit each is one byte: a regular expression finds it several times faster than the
  // loop below reads ASCII (the editor counts on every version of a big file). Only the units that can be within the
  // limit are searched (a slice is no copy): past them, an ASCII head is already too large.
  const head = text.length > MAX_SEND_DOCUMENT_BYTES ? text.slice(0, MAX_SEND_DOCUMENT_BYTES + 1) : text;
  const first = head.search(NON_ASCII);
  if (first < 0) return text.length > MAX_SEND_DOCUMENT_BYTES ? sendSizeRefusal() : undefined;
  let bytes = first;
  for (let i = first; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A surrogate pair is 4 bytes, counted at its first half.
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? 4 : c >= 0xdc00 && c < 0xe000 ? 0 : 3;
    if (bytes > MAX_SEND_DOCUMENT_BYTES) return sendSizeRefusal();
  }
  return undefined;
}

const NON_ASCII = /[\u0080-\uffff]/;

function sendSizeRefusal(): string {
  return `This file is larger than ${MAX_SEND_DOCUMENT_BYTES / 1024 / 1024} MB; request files this large are not sent.`;
}

/** How one security scheme of the catalog puts its token on the wire. */
export interface CredentialSlot {
  /** Security scheme name in the catalog, e.g. `webexBearer`. */
  scheme: string;
  /** Header that carries the token, e.g. `Authorization`. */
  header: string;
  /** Text before the token, e.g. `Bearer `; empty for raw-token headers. */
  prefix: string;
  /** Human label for prompts and the status bar, e.g. "Webex access token". */
  label: string;
  /**
   * Scopes the operation's security requirements list for this scheme, as alternatives (any one list
   * suffices), e.g. `[["meeting:preferences_write"], ["meeting:admin_preferences_write"]]`. For explaining a 403.
   */
  scopes?: string[][];
}

export interface ValidationSummary {
  valid: boolean;
  errorCount: number;
  warningCount: number;
  /** Plain-text messages with 1-based line:col, at most a few dozen. */
  messages: string[];
}

export interface PreparedRequest {
  /** Catalog operation id, e.g. `huawei.meeting.updateMemberVmr`. */
  operationId: string;
  /** API family id: the key of the base URL in an environment, e.g. `huawei-meeting`. */
  family: string;
  method: string;
  /** Path template relative to the base URL, e.g. `/v1/usg/dcs/member/vmr/{id}`. */
  pathTemplate: string;
  /** Documented base URLs of the family (first = default). */
  serverUrls: string[];
  pathParams: Record<string, string>;
  /** Query parameters in document order; arrays repeat the name. */
  query: Array<[string, string]>;
  /** Headers from the file, credential headers already removed (the sender checks the rest again). */
  headers: Array<[string, string]>;
  /** Header parameters the operation documents: with `GENERIC_HEADERS`, the only headers a file may set. */
  documentedHeaders: string[];
  /** Names of the credential headers the file carried, which are never sent (for the confirmation). */
  ignoredHeaders?: string[];
  /** The exact text of the `body` value as it stands in the document, or undefined when there is no body. */
  body: string | undefined;
  /** Credential slots the operation's security requirement asks for (any one of them satisfies it). */
  credentials: CredentialSlot[];
  /**
   * Names of the fields the catalog marks secret in the body or in any documented response (PINs, passwords, join
   * links): exports such as the support bundle redact them wherever they appear.
   */
  secretFields?: string[];
  /** Documented response status codes, for the panel. */
  documentedStatuses: string[];
  validation: ValidationSummary;
  /** The documented read of what this request replaces (`x-read`), or why there is none (`common/readPlan.ts`). */
  read?: ReadPlanSpec;
}

/** How a value of the file goes on the wire: strings as they are, anything else as its JSON text. */
export function wireText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}
