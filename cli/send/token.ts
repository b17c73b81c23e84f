/**
 * The token for `send`: from an environment variable only (never an argument, which would sit in the shell's
 * history and in `ps`; never the file, which is someone else's). A variable is bound to origins, never to what a
 * catalog declares: the origins the built-in environments send the built-in operations of its scheme to, plus
 * those the user names (`--token-origin`, MEETING_PAYLOADS_TOKEN_ORIGIN). A user catalog that names its scheme
 * like a built-in one, or lists an attacker's server, so gets no token there — the extension's exact-origin rule.
 * The HTTP core checks the origin again and masks the value everywhere.
 */
import type { CredentialSlot, PreparedRequest } from '../../common/requestSpec';
import type { TokenInput } from '../../client/src/http';
import { normalizeBaseUrl, tokenEnvironmentOrigins } from '../../common/environments';
import { BUILTIN_SOURCE } from '../../server/src/catalog/builtin';
import type { Operation } from '../../server/src/catalog/types';
import { UsageError } from '../errors';

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

/** Where tokens may go: per security scheme from the built-in catalog, and the origins the user named. */
export interface TokenOrigins {
  byScheme: ReadonlyMap<string, readonly string[]>;
  explicit: readonly string[];
}

/** Scheme → the origins the built-in environments send the built-in operations using it to. */
export function builtinSchemeOrigins(operations: readonly Operation[]): Map<string, string[]> {
  const byScheme = new Map<string, Set<string>>();
  for (const op of operations) {
    if (op.source !== BUILTIN_SOURCE) continue;
    for (const slot of op.credentials) {
      const origins = byScheme.get(slot.scheme) ?? new Set<string>();
      for (const origin of tokenEnvironmentOrigins(op.servers)) origins.add(origin);
      byScheme.set(slot.scheme, origins);
    }
  }
  return new Map([...byScheme].map(([scheme, origins]) => [scheme, [...origins]]));
}

/** The origins named with `--token-origin` (repeatable) and MEETING_PAYLOADS_TOKEN_ORIGIN (comma-separated). */
export function explicitOrigins(flags: readonly string[] | undefined, env: NodeJS.ProcessEnv): string[] {
  const named = [
    ...(flags ?? []).map((value) => ({ value, from: '--token-origin' })),
    ...(env[ORIGIN_VARIABLE] ?? '')
      .split(',')
      .filter((v) => v.trim() !== '')
      .map((value) => ({ value, from: ORIGIN_VARIABLE })),
  ];
  const origins = named.map(({ value, from }) => {
    const url = normalizeBaseUrl(value.trim());
    if (!url) throw new UsageError(`${from} takes http(s) origins such as https://api.example.com, not "${value}".`);
    return new URL(url).origin;
  });
  return [...new Set(origins)];
}

/**
 * Why a credential of `scheme` may not go to `origin`, or undefined when it may: the built-in origins of the
 * scheme and those the user named. The same rule for a token (send) and for what a sign-in flow sends to the
 * token endpoint (a client secret, an App Key, a host password).
 */
export function originRefusal(scheme: string, origin: string, origins: TokenOrigins, what: string): string | undefined {
  const builtin = origins.byScheme.get(scheme) ?? [];
  if (builtin.includes(origin) || origins.explicit.includes(origin)) return undefined;
  const bound = builtin.length > 0 ? builtin.join(', ') : 'no built-in origin (a catalog’s servers never count)';
  return `${what} is for ${bound}; it is not sent to ${origin}. Give --token-origin ${origin} to allow it.`;
}

export interface TokenChoice {
  token: TokenInput | undefined;
  /** The variable the token came from (never its value). */
  variable: string | undefined;
  /** Why no token is attached although one was set, for stderr. */
  note: string | undefined;
}

/** Picks the first credential slot with a token in the environment, then checks where it may go. */
export function chooseToken(
  req: PreparedRequest,
  baseUrl: string,
  env: NodeJS.ProcessEnv,
  origins: TokenOrigins,
): TokenChoice {
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
  const refused = originRefusal(picked.slot.scheme, origin, origins, `The token in ${picked.variable}`);
  if (refused) return none(refused);
  return {
    token: { value: withoutPrefix(picked.value.trim(), picked.slot.prefix), slot: picked.slot, origin },
    variable: picked.variable,
    note: undefined,
  };
}

/** "Bearer abc" pasted whole → "abc", so the prefix is not sent twice. */
function withoutPrefix(value: string, prefix: string): string {
  const p = prefix.trim().toLowerCase();
  return p !== '' && value.toLowerCase().startsWith(p + ' ') ? value.slice(p.length + 1).trim() : value;
}
