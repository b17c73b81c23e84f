/**
 * The undici dispatcher for one send: our own Agent (not the global one another extension may have replaced),
 * with TLS verification forced on, or a ProxyAgent when a proxy applies. No redirect interceptor is composed,
 * so 3xx responses are returned, never followed (T3).
 */
import { rootCertificates } from 'node:tls';
import { Agent, ProxyAgent } from 'undici';
import type { Dispatcher } from 'undici';
import type { RequestSettings } from '../../../common/settings';
import type { ResolvedProxy } from './proxy';

export interface DispatcherInput {
  settings: RequestSettings;
  proxy: ResolvedProxy | undefined;
  /** Value of `http.proxyStrictSSL`. */
  proxyStrictSSL: boolean;
  /** Value for the `Proxy-Authorization` header (`http.proxyAuthorization`). */
  proxyAuthorization: string | undefined;
  ca: string | string[] | undefined;
}

/** Node's bundled roots plus the extra CAs: `ca` alone would replace the roots, not add to them. */
function trustedCas(extra: string | string[] | undefined): string[] | undefined {
  if (extra === undefined) return undefined;
  return [...rootCertificates, ...(Array.isArray(extra) ? extra : [extra])];
}

export function createDispatcher(input: DispatcherInput): Dispatcher {
  const ca = trustedCas(input.ca);
  // rejectUnauthorized is set explicitly so NODE_TLS_REJECT_UNAUTHORIZED=0 in the extension host (set by some
  // other extension, microsoft/vscode#69559) cannot turn verification off for our requests.
  const originTls = { timeout: input.settings.connectTimeoutMs, rejectUnauthorized: true, ...(ca ? { ca } : {}) };
  const timeouts = { headersTimeout: input.settings.headersTimeoutMs, bodyTimeout: input.settings.headersTimeoutMs };
  if (!input.proxy) {
    return new Agent({ ...timeouts, connect: originTls });
  }
  return new ProxyAgent({
    ...timeouts,
    uri: input.proxy.url.href,
    ...(input.proxyAuthorization ? { token: input.proxyAuthorization } : {}),
    // https targets always go through a CONNECT tunnel, so TLS runs end to end and the proxy sees only
    // "CONNECT host:port". Plain-http targets are forwarded in absolute form (what corporate proxies expect);
    // the sender never attaches a credential to such requests.
    proxyTunnel: false,
    requestTls: originTls,
    // http.proxyStrictSSL only relaxes the check of an https proxy's own certificate; the API server's
    // certificate is verified inside the tunnel regardless, so the token is never exposed by it.
    proxyTls: {
      timeout: input.settings.connectTimeoutMs,
      rejectUnauthorized: input.proxyStrictSSL,
      ...(ca ? { ca } : {}),
    },
  });
}
