/**
 * VS Code's proxy settings → the HTTP core's proxy options. Pure: the glue passes in the user/default
 * values of `http.proxy`, `http.proxyStrictSSL`, `http.noProxy`, `http.proxyAuthorization` and
 * `http.proxySupport` (machine-scoped in VS Code; workspace values are never read) and the environment.
 *
 * Like VS Code, an empty `http.proxy` falls back to the `https_proxy` / `http_proxy` environment
 * variable for the target's scheme (lower case first), and `no_proxy` adds to `http.noProxy`.
 * `http.proxySupport: "off"` means no proxy at all. Loopback targets (the mock) never use a proxy.
 */
import { proxyFromEnvironment } from './http/proxy';
import type { ProxyOptions } from './http/types';

export interface ProxySettingsInput {
  proxy: unknown;
  strictSSL: unknown;
  noProxy: unknown;
  authorization: unknown;
  support: unknown;
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

export function proxyOptionsFrom(
  input: ProxySettingsInput,
  env: Record<string, string | undefined>,
  target: URL,
): ProxyOptions | undefined {
  if (input.support === 'off') return undefined;
  const fromEnv = proxyFromEnvironment(env, target);
  const configured = typeof input.proxy === 'string' && input.proxy.trim().length > 0 ? input.proxy.trim() : undefined;
  const url = configured ?? (fromEnv.url?.trim() || undefined);
  if (url === undefined) return undefined;
  const noProxy: string[] = [...LOOPBACK];
  if (Array.isArray(input.noProxy)) {
    for (const h of input.noProxy) if (typeof h === 'string' && h.trim().length > 0) noProxy.push(h.trim());
  }
  noProxy.push(...fromEnv.noProxy);
  const options: ProxyOptions = { url, strictSSL: input.strictSSL !== false, noProxy };
  if (typeof input.authorization === 'string' && input.authorization.length > 0) {
    options.authorization = input.authorization;
  }
  return options;
}
