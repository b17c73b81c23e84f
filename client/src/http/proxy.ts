/**
 * Proxy selection with VS Code's `http.proxy` / `http.noProxy` semantics (and the usual `*_proxy` environment
 * variables for the command line). The proxy never sees an API token in clear: https goes through a CONNECT
 * tunnel, and credentials are never attached to plain-http requests that go through a proxy (T16).
 */
import type { ProxyOptions } from './types';

export class ProxyConfigError extends Error {
  override name = 'ProxyConfigError';
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

/**
 * True when `url` must bypass the proxy. Entries: `*` (everything), `host` (the host and its subdomains),
 * `.domain` / `*.domain` (the domain and its subdomains), optionally `:port`; IPv6 literals in brackets.
 */
export function bypassesProxy(url: URL, noProxy: readonly string[]): boolean {
  const host = normaliseHost(url.hostname);
  const port = url.port || defaultPort(url.protocol);
  for (const raw of noProxy) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    let pattern = entry;
    let entryPort: string | undefined;
    const bracketed = /^(\[[^\]]+\])(?::(\d+))?$/.exec(pattern);
    if (bracketed) {
      pattern = bracketed[1] ?? '';
      entryPort = bracketed[2];
    } else {
      const withPort = /^([^:]+):(\d+)$/.exec(pattern);
      if (withPort) {
        pattern = withPort[1] ?? '';
        entryPort = withPort[2];
      }
    }
    if (entryPort !== undefined && entryPort !== port) continue;
    pattern = normaliseHost(pattern.replace(/^\*?\./, ''));
    if (pattern === '') continue;
    if (host === pattern || host.endsWith(`.${pattern}`)) return true;
  }
  return false;
}

export interface ResolvedProxy {
  url: URL;
  /** Origin only, safe to show. */
  display: string;
  /** Secrets to mask: userinfo password and the Proxy-Authorization value. */
  secrets: string[];
}

/** The proxy to use for `target`, or undefined for a direct connection. Throws {@link ProxyConfigError} on a bad `http.proxy`. */
export function resolveProxy(target: URL, proxy: ProxyOptions | undefined): ResolvedProxy | undefined {
  const raw = proxy?.url?.trim();
  if (!proxy || !raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ProxyConfigError('The proxy URL in http.proxy is not a valid URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxyConfigError(
      `The proxy in http.proxy uses ${url.protocol.replace(/:$/, '')}; only http:// and https:// proxies are supported.`,
    );
  }
  if (bypassesProxy(target, proxy.noProxy)) return undefined;
  const secrets: string[] = [];
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  if (url.password) secrets.push(url.password, decode(url.password));
  if (proxy.authorization) secrets.push(proxy.authorization, proxy.authorization.replace(/^\S+\s+/, ''));
  return { url, display: url.origin, secrets };
}

/**
 * Proxy options from the environment for the command line (`https_proxy`/`HTTPS_PROXY`, `http_proxy`/`HTTP_PROXY`,
 * `no_proxy`/`NO_PROXY`; lower case wins, like curl and undici's EnvHttpProxyAgent).
 */
export function proxyFromEnvironment(env: Record<string, string | undefined>, target: URL): ProxyOptions {
  const pick = (name: string): string | undefined => env[name.toLowerCase()] ?? env[name.toUpperCase()];
  const url = target.protocol === 'https:' ? pick('https_proxy') : pick('http_proxy');
  const noProxy = (pick('no_proxy') ?? '').split(/[\s,]+/).filter((s) => s !== '');
  return { url: url ?? undefined, strictSSL: true, noProxy };
}
