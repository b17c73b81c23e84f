/**
 * The token for `send`: from an environment variable only (never an argument, which would sit in the shell's
 * history and in `ps`; never the file, which is someone else's). It is offered to the HTTP core only for the
 * origin it belongs to; the core checks the origin again and masks the value everywhere.
 */
import type { CredentialSlot, PreparedRequest } from '../../common/requestSpec';
import type { TokenInput } from '../../client/src/http';
import { normalizeBaseUrl } from '../../common/environments';

/** The built-in catalog's security schemes and the variables that carry their tokens. */
export const SCHEME_VARIABLES: Record<string, string> = {
  webexBearer: 'WEBEX_TOKEN',
  huaweiAccessToken: 'HUAWEI_ACCESS_TOKEN',
  huaweiConferenceAuthorization: 'HUAWEI_CONFERENCE_TOKEN',
};
export const ANY_SCHEME_VARIABLE = 'MEETING_PAYLOADS_TOKEN';
export const ORIGIN_VARIABLE = 'MEETING_PAYLOADS_TOKEN_ORIGIN';

export function variableFor(scheme: string): string {
  return SCHEME_VARIABLES[scheme] ?? `${ANY_SCHEME_VARIABLE}_${scheme.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export interface TokenChoice {
  token: TokenInput | undefined;
  /** The variable the token came from (never its value). */
  variable: string | undefined;
  /** Why no token is attached although one was set, for stderr. */
  note: string | undefined;
}

/** Picks the first credential slot with a token in the environment, then checks where it may go. */
export function chooseToken(req: PreparedRequest, baseUrl: string, env: NodeJS.ProcessEnv): TokenChoice {
  const none = (note?: string): TokenChoice => ({ token: undefined, variable: undefined, note });
  let picked: { slot: CredentialSlot; variable: string; value: string } | undefined;
  for (const slot of req.credentials) {
    const variable = variableFor(slot.scheme);
    const value = env[variable];
    if (value !== undefined && value.trim() !== '') {
      picked = { slot, variable, value };
      break;
    }
  }
  const any = env[ANY_SCHEME_VARIABLE];
  if (!picked && req.credentials[0] && any !== undefined && any.trim() !== '') {
    picked = { slot: req.credentials[0], variable: ANY_SCHEME_VARIABLE, value: any };
  }
  if (!picked) {
    if (req.credentials.length === 0) {
      const set = Object.keys(env).some(
        (k) => k === ANY_SCHEME_VARIABLE || Object.values(SCHEME_VARIABLES).includes(k),
      );
      return none(set ? `${req.operationId} declares no security requirement, so no token is sent.` : undefined);
    }
    const names = [...new Set(req.credentials.map((s) => variableFor(s.scheme))), ANY_SCHEME_VARIABLE];
    return none(`No token: set ${names.join(' or ')} to send ${req.credentials[0].label}.`);
  }

  const origin = new URL(baseUrl).origin;
  const allowed = allowedOrigins(req, env);
  if (!allowed.includes(origin)) {
    return none(
      `The token in ${picked.variable} is for ${allowed.join(', ') || 'no documented origin'}; it is not sent to ${origin}. Set ${ORIGIN_VARIABLE}=${origin} to allow it.`,
    );
  }
  return {
    token: { value: withoutPrefix(picked.value.trim(), picked.slot.prefix), slot: picked.slot, origin },
    variable: picked.variable,
    note: undefined,
  };
}

/** MEETING_PAYLOADS_TOKEN_ORIGIN when set, else the origins of the operation's documented servers. */
function allowedOrigins(req: PreparedRequest, env: NodeJS.ProcessEnv): string[] {
  const explicit = env[ORIGIN_VARIABLE];
  const urls = explicit !== undefined && explicit.trim() !== '' ? explicit.split(',') : req.serverUrls;
  const origins = urls.map((u) => normalizeBaseUrl(u.trim())).filter((u): u is string => u !== undefined);
  return [...new Set(origins.map((u) => new URL(u).origin))];
}

/** "Bearer abc" pasted whole → "abc", so the prefix is not sent twice. */
function withoutPrefix(value: string, prefix: string): string {
  const p = prefix.trim().toLowerCase();
  return p !== '' && value.toLowerCase().startsWith(p + ' ') ? value.slice(p.length + 1).trim() : value;
}
