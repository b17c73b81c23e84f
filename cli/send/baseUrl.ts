/**
 * Where `send` goes: a built-in environment resolved per operation, as in the extension (`production` = the first
 * documented server, `production-intl` = the international one where documented, `mock` = the local mock with the
 * production base path), or a base URL given on the command line.
 */
import type { PreparedRequest } from '../../common/requestSpec';
import {
  BUILTIN_ENVIRONMENTS,
  builtinBaseUrl,
  isBuiltinEnvironment,
  normalizeBaseUrl,
} from '../../common/environments';
import { UsageError } from '../errors';

export const ENVIRONMENTS = BUILTIN_ENVIRONMENTS;

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
  if (!isBuiltinEnvironment(env)) {
    throw new UsageError(`--env must be one of ${ENVIRONMENTS.join(', ')}, not "${env}" (or use --base-url).`);
  }
  const resolved = builtinBaseUrl(env, req.serverUrls);
  if (resolved === undefined) {
    throw new UsageError(`${req.operationId} documents no absolute server URL: give --base-url.`);
  }
  return resolved;
}
