/**
 * What the panel says at the top when a request went without a token, or came back 401/403: in plain words
 * why (no token stored, invalid or expired, a missing scope with the scopes the operation documents, a token
 * of another origin, Huawei's error codes), and which buttons to offer. Pure and unit-tested; the send
 * controller passes it to the panel. Never sees a token value.
 */
import type { CredentialAction, CredentialNotice } from '../../../common/webviewMessages';
import { HUAWEI_INVALID_TOKEN } from '../../../common/errorCodes';
import { DEFAULT_PROFILE } from '../tokens';

/** Sign In first where a flow serves the scheme (signInSupport), then paste, then another profile. */
function actionsFor(canSignIn: boolean | undefined): CredentialAction[] {
  return canSignIn ? ['signIn', 'setToken', 'switchProfile'] : ['setToken', 'switchProfile'];
}
/** Server text quoted in a notice is cut to this many characters. */
const QUOTE_CHARS = 300;

export interface NoTokenInput {
  /** Labels of the credential slots the operation accepts (any one). */
  labels: string[];
  origin: string;
  profile: string;
  /** The response status, when there was a response. */
  status?: number;
  /** Sign In can obtain one of these credentials (a flow serves its scheme). */
  canSignIn?: boolean;
}

function inProfile(profile: string): string {
  return profile === DEFAULT_PROFILE ? '' : ` in profile "${profile}"`;
}

/** The operation needs a token and none was attached: said at the top, whatever the server answered. */
export function noTokenNotice(input: NoTokenInput): CredentialNotice {
  const labels = input.labels.join(' or ');
  const lines = [
    `No ${labels} is stored for ${input.origin}${inProfile(input.profile)}, so the request went without one.`,
  ];
  if (input.status === 401 || input.status === 403) {
    lines.push(
      `The server answered ${input.status}: it wants a token. ${input.canSignIn ? 'Sign in or set one' : 'Set one'} and send again.`,
    );
  }
  return { kind: 'noToken', title: 'No token was attached', lines, actions: actionsFor(input.canSignIn) };
}

export interface RejectionInput {
  status: number;
  bodyText: string;
  slot: { scheme: string; label: string; scopes?: string[][] };
  origin: string;
  profile: string;
  /** What is known of the token that was sent. */
  expiresAt?: number;
  now: number;
  /** Other origins where a token of the same scheme is stored (a token works only where it was issued). */
  otherOrigins: string[];
  /** Sign In can obtain a new one (a flow serves the scheme). */
  canSignIn?: boolean;
}

interface ErrorBody {
  /** Webex: `message`, `errors[].description`; Huawei: `error_msg`. */
  messages: string[];
  /** Huawei: `error_code`. */
  code?: string;
}

function readErrorBody(text: string): ErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { messages: [] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { messages: [] };
  const o = parsed as Record<string, unknown>;
  const messages: string[] = [];
  if (typeof o.message === 'string') messages.push(o.message);
  if (Array.isArray(o.errors)) {
    for (const e of o.errors.slice(0, 5)) {
      if (typeof e === 'object' && e !== null && typeof (e as Record<string, unknown>).description === 'string') {
        messages.push((e as Record<string, string>).description ?? '');
      }
    }
  }
  if (typeof o.error_msg === 'string') messages.push(o.error_msg);
  const out: ErrorBody = { messages: messages.filter((m) => m.length > 0) };
  if (typeof o.error_code === 'string') out.code = o.error_code;
  return out;
}

function quote(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > QUOTE_CHARS ? `${t.slice(0, QUOTE_CHARS - 1)}…` : t;
}

/** "meeting:preferences_write", or "meeting:preferences_write, or meeting:admin_preferences_write". */
export function scopeWords(scopes: readonly string[][]): string {
  return scopes.map((alternative) => alternative.join(' and ')).join(', or ');
}

function isHuawei(scheme: string): boolean {
  return scheme.startsWith('huawei');
}

/** A 401 or 403 to a request that carried a token: why, in words. Undefined for any other status. */
export function rejectionNotice(input: RejectionInput): CredentialNotice | undefined {
  const { status, slot } = input;
  if (status !== 401 && status !== 403) return undefined;
  const body = readErrorBody(input.bodyText);
  const said = body.messages.map(quote);
  const scopes = slot.scopes?.filter((s) => s.length > 0) ?? [];
  const mentionsScope = said.some((m) => /scope/i.test(m));
  const lines: string[] = [];
  let title: string;

  if (body.code === HUAWEI_INVALID_TOKEN) {
    title = `${status}: the ${slot.label} is invalid (Huawei ${HUAWEI_INVALID_TOKEN})`;
    lines.push(
      'It has expired, was logged out, or was replaced: Huawei keeps at most 64 live tokens per user for API clients, and a new login evicts the oldest. Get a new token and send again.',
    );
  } else if (status === 403 && mentionsScope) {
    title = `403: the ${slot.label} lacks a scope this operation needs`;
    lines.push(
      scopes.length > 0
        ? `This operation needs ${scopeWords(scopes)}. Create the token with that scope (for an integration, add it to the integration and sign in again).`
        : 'The operation documents no scope list; see its description for the scopes it needs.',
    );
  } else if (status === 403) {
    title = `403: the ${slot.label} was accepted but is not allowed to do this`;
    lines.push(
      'Its user lacks the rights (an administrator role, for example), or the resource belongs to someone else.',
    );
    if (scopes.length > 0) lines.push(`This operation needs ${scopeWords(scopes)}.`);
  } else {
    title = `401: the ${slot.label} was not accepted`;
    if (input.expiresAt !== undefined && input.expiresAt <= input.now) {
      lines.push(`It expired at ${new Date(input.expiresAt).toISOString().slice(0, 16).replace('T', ' ')} UTC.`);
    } else {
      lines.push('It is invalid, revoked or expired.');
    }
    if (input.expiresAt === undefined && slot.scheme === 'webexBearer') {
      lines.push('Its expiry is unknown (it was pasted); a Webex personal access token lasts 12 hours.');
    }
  }
  if (body.code !== undefined && body.code !== HUAWEI_INVALID_TOKEN && isHuawei(slot.scheme)) {
    const about = body.code.startsWith('USG.')
      ? 'USG codes concern the login and the token'
      : body.code.startsWith('MMC.')
        ? 'MMC codes concern the meeting, not the token'
        : 'see the Huawei Cloud API Error Center';
    lines.push(`Huawei error ${quote(body.code)} (${about}).`);
  }
  if (input.otherOrigins.length > 0) {
    lines.push(
      `A ${slot.label} is also stored for ${input.otherOrigins.join(', ')}. A token works only at the origin that issued it (the China and international Huawei hosts are different origins); this one is stored for ${input.origin}.`,
    );
  }
  if (input.profile !== DEFAULT_PROFILE) {
    lines.push(
      `It is the token of profile "${input.profile}"; another profile may hold the right organisation's token.`,
    );
  }
  if (said.length > 0) lines.push(`The server said: ${said.join(' — ')}`);
  return { kind: 'rejected', title, lines, actions: actionsFor(input.canSignIn) };
}
