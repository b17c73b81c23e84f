/**
 * The one-shot listener an authorization-code sign-in redirects the browser to: `http://127.0.0.1:<port><path>`,
 * bound to 127.0.0.1 only. The first GET of that path carrying `code` or `error` is the answer; the listener then
 * closes (so a second answer, or a late attacker, finds nothing). Other requests (a favicon, a stray path) get
 * 404 and leave it open. Whether the answer is genuine (its `state`) is the flow's check, not this module's.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FlowError } from './types';

export interface LoopbackRedirect {
  /** The redirect URI on this machine, with the port actually bound (port 0 asks for any free one). */
  readonly localUri: string;
  /** The query of the first answer (code and state, or error). Rejects only when the listener is closed first. */
  readonly answer: Promise<URLSearchParams>;
  /** Stops listening and drops open connections; safe to call more than once. */
  close(): Promise<void>;
}

/** A usable loopback redirect URI (http, 127.0.0.1, a port, a path, nothing else), or why not. */
export function checkRedirectUri(uri: string): { ok: true; url: URL } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { ok: false, reason: 'That is not a URL.' };
  }
  if (url.protocol !== 'http:' || url.hostname !== '127.0.0.1') {
    return { ok: false, reason: 'The redirect URI must be http://127.0.0.1:<port>/<path> (this machine only).' };
  }
  if (url.username || url.password || url.search || url.hash) {
    return { ok: false, reason: 'The redirect URI has no user, query or fragment.' };
  }
  const port = url.port === '' ? NaN : Number(url.port);
  if (!(port === 0 || (port >= 1024 && port <= 65535))) {
    return { ok: false, reason: 'The redirect URI names a port from 1024 to 65535.' };
  }
  return { ok: true, url };
}

/** The page the browser shows after the redirect: plain text, nothing from the request echoed. */
const DONE_TEXT = 'Meeting Payloads received the sign-in answer. You can close this tab and return to VS Code.\n';

export async function listenForRedirect(redirectUri: string): Promise<LoopbackRedirect> {
  const checked = checkRedirectUri(redirectUri);
  if (!checked.ok) throw new FlowError('protocol', checked.reason);
  const path = checked.url.pathname;
  let settle: { resolve: (p: URLSearchParams) => void; reject: (e: Error) => void } | undefined;
  const answer = new Promise<URLSearchParams>((resolve, reject) => (settle = { resolve, reject }));
  // Nobody may be awaiting yet when the listener is closed early; the rejection is still delivered to awaiters.
  answer.catch(() => undefined);
  let closed = false;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params = url.searchParams;
    if (closed || req.method !== 'GET' || url.pathname !== path || !(params.has('code') || params.has('error'))) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found.\n');
      return;
    }
    res
      .writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' })
      .end(DONE_TEXT);
    settle?.resolve(params);
    void close();
  });
  const close = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (closed) return resolve();
      closed = true;
      settle?.reject(new FlowError('cancelled', 'Sign in was cancelled.'));
      server.close(() => resolve());
      server.closeIdleConnections();
      // The answer's own connection is closed once its page is written (`Connection: close`).
      setTimeout(() => server.closeAllConnections(), 1000).unref();
    });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new FlowError(
          'network',
          e.code === 'EADDRINUSE'
            ? `Port ${checked.url.port} on 127.0.0.1 is in use, so the sign-in answer cannot be received there; close what uses it, or register another redirect URI.`
            : `Could not listen on ${checked.url.host} for the sign-in answer: ${e.message}`,
        ),
      ),
    );
    server.listen(Number(checked.url.port), '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { localUri: `http://127.0.0.1:${port}${path}`, answer, close };
}
