/**
 * Where `send` goes: a built-in environment resolved per operation, as in the extension (`production` = the first
 * documented server, `production-intl` = the international one where documented, `mock` = the local mock with the
 * production base path), or a base URL given on the command line.
 */
import type { PreparedRequest } from '../../common/requestSpec';
import { MOCK_BASE_URL } from '../../common/settings';
import { UsageError } from '../errors';

export const ENVIRONMENTS = ['production', 'production-intl', 'mock'] as const;

/** http(s), no credentials, query or fragment; without a trailing slash. Undefined when not acceptable. */
export function normalizeBaseUrl(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  if (u.username || u.password || u.search || u.hash || url.includes('?') || url.includes('#')) return undefined;
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

const absolute = (urls: readonly string[]): string[] => urls.filter((u) => normalizeBaseUrl(u) !== undefined);

export function resolveBaseUrl(env: string | undefined, baseUrl: string | undefined, req: PreparedRequest): string {
  if (env !== undefined && baseUrl !== undefined) throw new UsageError('give --env or --base-url, not both.');
  if (baseUrl !== undefined) {
    const normalized = normalizeBaseUrl(baseUrl);
    if (!normalized) {
      throw new UsageError(`--base-url must be an http(s) URL without user name, query or fragment, not "${baseUrl}".`);
    }
    return normalized;
  }
  if (env === undefined) {
    throw new UsageError(`choose where the request goes: --env ${ENVIRONMENTS.join('|')} or --base-url <url>.`);
  }
  if (!(ENVIRONMENTS as readonly string[]).includes(env)) {
    throw new UsageError(`--env must be one of ${ENVIRONMENTS.join(', ')}, not "${env}" (or use --base-url).`);
  }
  const servers = absolute(req.serverUrls);
  const first = servers[0];
  if (first === undefined) {
    throw new UsageError(`${req.operationId} documents no absolute server URL: give --base-url.`);
  }
  if (env === 'mock') return MOCK_BASE_URL + new URL(first).pathname.replace(/\/+$/, '');
  if (env === 'production-intl') {
    return normalizeBaseUrl(servers.find((s) => /(^|[.-])intl([.-]|$)/i.test(new URL(s).hostname)) ?? first)!;
  }
  return normalizeBaseUrl(first)!;
}
