/**
 * The built-in environments, resolved the same way by the extension and the command line: `production` is an
 * operation's first documented server, `production-intl` the international one where documented (Huawei's
 * `api-intl…`), `mock` the local Prism mock with the production base path (e.g. `/v1` for Webex).
 */
import { MOCK_BASE_URL } from './settings';

export const BUILTIN_ENVIRONMENTS = ['production', 'production-intl', 'mock'] as const;
export type BuiltinEnvironmentName = (typeof BUILTIN_ENVIRONMENTS)[number];

/**
 * The built-in environments a token may follow without the user naming its origin: the vendors' documented hosts.
 * Not the mock: any process on this machine can listen on its port.
 */
export const TOKEN_ENVIRONMENTS = [
  'production',
  'production-intl',
] as const satisfies readonly BuiltinEnvironmentName[];

export function isBuiltinEnvironment(name: string): name is BuiltinEnvironmentName {
  return (BUILTIN_ENVIRONMENTS as readonly string[]).includes(name);
}

/** The URL parsed, when it is an http(s) URL; undefined otherwise. */
export function parseHttpUrl(url: string): URL | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  return u.protocol === 'https:' || u.protocol === 'http:' ? u : undefined;
}

/** Base URL, normalized: http(s) only, no credentials, no query or fragment, no trailing slash. */
export function normalizeBaseUrl(url: string): string | undefined {
  const u = parseHttpUrl(url);
  if (!u) return undefined;
  // An empty `?` or `#` leaves no trace in the parsed URL: look at the text too.
  if (u.username || u.password || u.search || u.hash || url.includes('?') || url.includes('#')) return undefined;
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/** True for a documented server URL that marks the international site (e.g. `api-intl.…`, `intl.…`). */
function isInternational(url: string): boolean {
  try {
    return /(^|[.-])intl([.-]|$)/i.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** The base URL of a built-in environment for an operation documented at `serverUrls`; undefined if none. */
export function builtinBaseUrl(name: BuiltinEnvironmentName, serverUrls: readonly string[]): string | undefined {
  const servers = serverUrls.filter((u) => normalizeBaseUrl(u) !== undefined);
  const first = servers[0];
  // The mock serves any operation, documented server or not.
  if (name === 'mock') return MOCK_BASE_URL + (first === undefined ? '' : new URL(first).pathname.replace(/\/+$/, ''));
  if (first === undefined) return undefined;
  if (name === 'production-intl') return normalizeBaseUrl(servers.find(isInternational) ?? first);
  return normalizeBaseUrl(first);
}

/** The origins the {@link TOKEN_ENVIRONMENTS} send an operation documented at `serverUrls` to. */
export function tokenEnvironmentOrigins(serverUrls: readonly string[]): string[] {
  const origins = TOKEN_ENVIRONMENTS.map((name) => builtinBaseUrl(name, serverUrls))
    .filter((url): url is string => url !== undefined)
    .map((url) => new URL(url).origin);
  return [...new Set(origins)];
}
