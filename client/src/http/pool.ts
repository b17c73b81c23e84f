/**
 * Connections kept open between sends: one undici dispatcher per origin and connection configuration (proxy, CA,
 * timeouts), created on the first send there and reused after, so a second request to the same API skips the TCP
 * and TLS handshakes. A dispatcher serves exactly one origin: a connection opened for one origin is never
 * offered a request (or its token) for another, even when two origins resolve to the same address.
 */
import type { Dispatcher } from 'undici';
import { createDispatcher, type DispatcherInput } from './dispatcher';

export class ConnectionPools {
  private readonly pools = new Map<string, Dispatcher>();
  private closed = false;

  /** The dispatcher for `origin` with this configuration; created on first use. */
  get(origin: string, input: DispatcherInput): Dispatcher {
    if (this.closed) throw new Error('The connection pools are closed.');
    const key = JSON.stringify([
      origin,
      input.proxy?.url.href ?? null,
      input.proxyStrictSSL,
      input.proxyAuthorization ?? null,
      input.ca ?? null,
      input.settings.connectTimeoutMs,
      input.settings.headersTimeoutMs,
    ]);
    let pool = this.pools.get(key);
    if (!pool) {
      pool = createDispatcher(input);
      this.pools.set(key, pool);
    }
    return pool;
  }

  /** How many origins (with their configurations) have a dispatcher. */
  get size(): number {
    return this.pools.size;
  }

  /** Closes every connection now (not at keep-alive expiry); further sends need new pools. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(all.map((d) => d.destroy().catch(() => undefined)));
  }
}
