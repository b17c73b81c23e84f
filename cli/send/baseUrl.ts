/**
 * Where `send`, `diff` and `token` go: a built-in environment resolved per operation, as in the extension
 * (`production` = the first documented server, `production-intl` = the international one where documented,
 * `mock` = the local mock with the production base path), or a base URL given on the command line.
 */
import {
  BUILTIN_ENVIRONMENTS,
  builtinBaseUrl,
  isBuiltinEnvironment,
  normalizeBaseUrl,
} from '../../common/environments';
import { UsageError } from '../errors';

export interface GivenTarget {
  /** `--env` */
  env: string | undefined;
  /** `--base-url` */
  baseUrl: string | undefined;
  /** The documented servers the environment is resolved against. */
  servers: readonly string[];
}

/**
 * The base URL of `--env` or `--base-url` (exactly one of them). `where` completes "choose where …" ("the request
 * goes"); `noServer` is the message when the environment has no documented server here.
 */
export function chooseBaseUrl(given: GivenTarget, where: string, noServer: string): string {
  const { env, baseUrl } = given;
  if (env !== undefined && baseUrl !== undefined) throw new UsageError('give --env or --base-url, not both.');
  if (baseUrl !== undefined) {
    const normalized = normalizeBaseUrl(baseUrl);
    if (!normalized) {
      throw new UsageError(`--base-url must be an http(s) URL without user name, query or fragment, not "${baseUrl}".`);
    }
    return normalized;
  }
  if (env === undefined) {
    throw new UsageError(`choose where ${where}: --env ${BUILTIN_ENVIRONMENTS.join('|')} or --base-url <url>.`);
  }
  if (!isBuiltinEnvironment(env)) {
    throw new UsageError(`--env must be one of ${BUILTIN_ENVIRONMENTS.join(', ')}, not "${env}" (or use --base-url).`);
  }
  const resolved = builtinBaseUrl(env, given.servers);
  if (resolved === undefined) throw new UsageError(noServer);
  return resolved;
}
