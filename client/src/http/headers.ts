/**
 * Assembles outgoing headers. File headers are untrusted (customer files): they are checked by the same rules the
 * editor shows (`common/headerRules.ts`: no CR/LF (T17), no framing, method-override or routing headers (T48),
 * only documented and generic headers, credentials dropped (T5)). The stored credential is attached only for its
 * own exact origin (T2).
 */
import { HEADER_TOKEN, checkHeaders, shown } from '../../../common/headerRules';
import type { CredentialSlot } from '../../../common/requestSpec';
import { MASK } from './mask';
import type { TokenInput } from './types';
import { isLoopbackHost } from './url';

export class HeaderError extends Error {
  override name = 'HeaderError';
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
  operationId: string;
  /** Header parameters the operation documents: with the generic ones, the only headers a file may set. */
  documentedHeaders: readonly string[];
}

/**
 * File headers checked and cleaned, then defaults for what the file did not set: `Content-Type` (with a body),
 * `Accept`, `User-Agent`. Throws {@link HeaderError} naming the offending header.
 */
export function assembleHeaders(input: AssembleInput): AssembledHeaders {
  const { problems, kept, dropped } = checkHeaders(input.fileHeaders, {
    operationId: input.operationId,
    documented: input.documentedHeaders,
    credentialHeaders: input.credentialSlots.map((s) => s.header),
  });
  const refusal = problems.find((p) => p.action === 'refuse');
  if (refusal) throw new HeaderError(refusal.message);
  const headers = kept;
  const seen = new Set(headers.map(([name]) => name.toLowerCase()));
  if (input.hasBody && !seen.has('content-type')) headers.push(['Content-Type', 'application/json']);
  if (!seen.has('accept')) headers.push(['Accept', 'application/json']);
  if (!seen.has('user-agent')) headers.push(['User-Agent', input.userAgent]);
  return { headers, ignored: dropped };
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
  if (!HEADER_TOKEN.test(header)) {
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
