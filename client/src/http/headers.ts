/**
 * Assembles outgoing headers. File headers are untrusted (customer files): they may not smuggle CR/LF (T17),
 * override framing or routing headers, or carry credentials (T5). The stored credential is attached only for its
 * own exact origin (T2).
 */
import type { CredentialSlot } from '../../../common/requestSpec';
import { MASK } from './mask';
import type { TokenInput } from './types';
import { isLoopbackHost } from './url';

export class HeaderError extends Error {
  override name = 'HeaderError';
}

/** RFC 9110 token characters. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const MAX_HEADER_VALUE_BYTES = 8 * 1024;
const MAX_FILE_HEADERS = 50;

/** Credential-bearing headers: never taken from a file, whatever the catalog says. */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-access-token',
  'x-conference-authorization',
  'x-auth-token',
  'x-api-key',
]);

/** Framing, routing and connection headers the HTTP stack owns; a file setting them is an error. */
const MANAGED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'proxy-connection',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'accept-encoding',
  'http2-settings',
]);

/** Shows a header name safely inside a message (control characters escaped). */
function shown(name: string): string {
  return JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name);
}

function checkValue(name: string, value: string): void {
  if (/[\r\n\0]/.test(value)) {
    throw new HeaderError(
      `The header ${shown(name)} contains a line break or NUL character, which could inject other headers.`,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\x01-\x08\x0a-\x1f\x7f]/.test(value)) {
    throw new HeaderError(`The header ${shown(name)} contains a control character.`);
  }
  if (/[^\p{ASCII}]/u.test(value)) {
    throw new HeaderError(
      `The header ${shown(name)} contains non-ASCII characters; header values must be plain ASCII.`,
    );
  }
  if (value.length > MAX_HEADER_VALUE_BYTES) {
    throw new HeaderError(`The header ${shown(name)} is longer than ${MAX_HEADER_VALUE_BYTES} bytes.`);
  }
}

export interface AssembledHeaders {
  headers: Array<[string, string]>;
  /** Names of file headers that were dropped because they carry credentials. */
  ignored: string[];
}

export interface AssembleInput {
  fileHeaders: Array<[string, string]>;
  hasBody: boolean;
  userAgent: string;
  /** Credential headers of the operation's security schemes: dropped from the file too. */
  credentialSlots: readonly CredentialSlot[];
}

/**
 * File headers checked and cleaned, then defaults for what the file did not set: `Content-Type` (with a body),
 * `Accept`, `User-Agent`. Throws {@link HeaderError} naming the offending header.
 */
export function assembleHeaders(input: AssembleInput): AssembledHeaders {
  if (input.fileHeaders.length > MAX_FILE_HEADERS) {
    throw new HeaderError(
      `The request has ${input.fileHeaders.length} headers; at most ${MAX_FILE_HEADERS} are allowed.`,
    );
  }
  const credentialNames = new Set(CREDENTIAL_HEADERS);
  for (const slot of input.credentialSlots) credentialNames.add(slot.header.toLowerCase());

  const headers: Array<[string, string]> = [];
  const ignored: string[] = [];
  const seen = new Set<string>();
  for (const [name, value] of input.fileHeaders) {
    if (!TOKEN.test(name)) {
      throw new HeaderError(`The header name ${shown(name)} is not valid (letters, digits and -_.!#$%&'*+^\`|~ only).`);
    }
    const lower = name.toLowerCase();
    if (credentialNames.has(lower)) {
      ignored.push(name);
      continue;
    }
    if (MANAGED_HEADERS.has(lower)) {
      throw new HeaderError(`The header ${shown(name)} is set by the HTTP client and may not come from the file.`);
    }
    if (seen.has(lower)) {
      throw new HeaderError(`The header ${shown(name)} appears more than once.`);
    }
    checkValue(name, value);
    seen.add(lower);
    headers.push([name, value]);
  }
  if (input.hasBody && !seen.has('content-type')) headers.push(['Content-Type', 'application/json']);
  if (!seen.has('accept')) headers.push(['Accept', 'application/json']);
  if (!seen.has('user-agent')) headers.push(['User-Agent', input.userAgent]);
  return { headers, ignored };
}

export type CredentialDecision =
  { attached: true; header: string; value: string; masked: string } | { attached: false; reason: string };

/**
 * Decides whether the token goes on this request: only when the request URL's origin equals the token's origin
 * exactly (scheme, host, port — so look-alike hosts, userinfo tricks, other ports, other schemes, IDN and a
 * trailing dot all fail), and only over https unless the host is this machine. Never throws with the token in
 * the message.
 */
export function decideCredential(url: URL, token: TokenInput, viaProxy: boolean): CredentialDecision {
  let tokenOrigin: string;
  try {
    const parsed = new URL(token.origin);
    if (parsed.username !== '' || parsed.password !== '') {
      return { attached: false, reason: 'The token origin must not contain a user name or password.' };
    }
    tokenOrigin = parsed.origin;
  } catch {
    return { attached: false, reason: `The token origin ${JSON.stringify(token.origin)} is not a valid URL.` };
  }
  if (url.origin !== tokenOrigin) {
    return {
      attached: false,
      reason: `The ${token.slot.label} belongs to ${tokenOrigin} and is not sent to ${url.origin}.`,
    };
  }
  if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) {
    return {
      attached: false,
      reason: `The ${token.slot.label} is only sent over https (or to this machine); ${url.origin} uses plain http.`,
    };
  }
  if (url.protocol !== 'https:' && viaProxy) {
    return {
      attached: false,
      reason: `The ${token.slot.label} is not sent through a proxy over plain http, where the proxy could read it.`,
    };
  }
  const { header, prefix } = token.slot;
  if (!TOKEN.test(header)) {
    return { attached: false, reason: `The credential header name ${shown(header)} is not valid.` };
  }

  if (/[^\x20-\x7e]/.test(prefix)) {
    return {
      attached: false,
      reason: `The credential prefix for ${shown(header)} contains characters that are not allowed.`,
    };
  }

  if (token.value.length === 0 || /[^\x21-\x7e]/.test(token.value)) {
    return {
      attached: false,
      reason: `The stored ${token.slot.label} is empty or contains spaces, line breaks or non-ASCII characters; set it again.`,
    };
  }
  return { attached: true, header, value: prefix + token.value, masked: prefix + MASK };
}

/**
 * Adds the credential header to `headers` (replacing any header of the same name) when {@link decideCredential}
 * allows it; returns the decision. Exposed separately so the origin rule can be tested on its own.
 */
export function attachCredential(
  headers: Array<[string, string]>,
  url: URL,
  token: TokenInput,
  viaProxy = false,
): CredentialDecision {
  const decision = decideCredential(url, token, viaProxy);
  if (decision.attached) {
    const lower = decision.header.toLowerCase();
    for (let i = headers.length - 1; i >= 0; i--) {
      if (headers[i]?.[0].toLowerCase() === lower) headers.splice(i, 1);
    }
    headers.push([decision.header, decision.value]);
  }
  return decision;
}
