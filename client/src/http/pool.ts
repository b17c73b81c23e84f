/**
 * Connections kept open between sends: one undici dispatcher per origin and connection configuration (proxy, CA,
 * timeouts), created on the first send there and reused after, so a second request to the same API skips the TCP
 * and TLS handshakes. A dispatcher serves exactly one origin: a connection opened for one origin is never
 * offered a request (or its token) for another, even when two origins resolve to the same address.
 */
import type { Dispatcher } from 'undici';
import { createDispatcher, type DispatcherInput } from './dispatcher';

/** What a dispatcher is made from, besides its origin (see createDispatcher). */
interface Configuration {
  proxy: string | null;
  proxyStrictSSL: boolean;
  proxyAuthorization: string | null;
  ca: string | readonly string[] | null;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
}

function configurationOf(input: DispatcherInput): Configuration {
  return {
    proxy: input.proxy?.url.href ?? null,
    proxyStrictSSL: input.proxyStrictSSL,
    proxyAuthorization: input.proxyAuthorization ?? null,
    // A copy: a caller's array changed later must not change what this dispatcher is taken to trust.
    ca: Array.isArray(input.ca) ? [...input.ca] : (input.ca ?? null),
    connectTimeoutMs: input.settings.connectTimeoutMs,
    headersTimeoutMs: input.settings.headersTimeoutMs,
  };
}

function sameCa(a: Configuration['ca'], b: DispatcherInput['ca']): boolean {
  if (typeof a === 'string' || a === null) return a === (b ?? null);
  return Array.isArray(b) && a.length === b.length && a.every((pem, i) => pem === b[i]);
}

/** Field by field, so a send compares a few values instead of serialising its whole configuration (and CA). */
function sameConfiguration(c: Configuration, input: DispatcherInput): boolean {
  return (
    c.proxy === (input.proxy?.url.href ?? null) &&
    c.proxyStrictSSL === input.proxyStrictSSL &&
    c.proxyAuthorization === (input.proxyAuthorization ?? null) &&
    c.connectTimeoutMs === input.settings.connectTimeoutMs &&
    c.headersTimeoutMs === input.settings.headersTimeoutMs &&
    sameCa(c.ca, input.ca)
  );
}

export class ConnectionPools {
  /** Per origin, one dispatcher per configuration. */
  private readonly pools = new Map<string, Array<{ configuration: Configuration; dispatcher: Dispatcher }>>();
  private closed = false;

  /** The dispatcher for `origin` with this configuration; created on first use. */
  get(origin: string, input: DispatcherInput): Dispatcher {
    if (this.closed) throw new Error('The connection pools are closed.');
    let kept = this.pools.get(origin);
    if (kept === undefined) {
      kept = [];
      this.pools.set(origin, kept);
    }
    const found = kept.find((k) => sameConfiguration(k.configuration, input));
    if (found !== undefined) return found.dispatcher;
    const dispatcher = createDispatcher(input);
    kept.push({ configuration: configurationOf(input), dispatcher });
    return dispatcher;
  }

  /** How many origins (with their configurations) have a dispatcher. */
  get size(): number {
    let n = 0;
    for (const kept of this.pools.values()) n += kept.length;
    return n;
  }

  /** Closes every connection now (not at keep-alive expiry); further sends need new pools. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.pools.values()].flat().map((k) => k.dispatcher);
    this.pools.clear();
    await Promise.all(all.map((d) => d.destroy().catch(() => undefined)));
  }
}
