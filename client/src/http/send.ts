/**
 * Sends one PreparedRequest and returns a plain-data outcome. Everything that can be checked is checked before
 * a socket opens; every returned string is masked, so no outcome ever holds a credential value (T4).
 */
import { STATUS_CODES } from 'node:http';
import type { PreparedRequest } from '../../../common/requestSpec';
import { readBody } from './body';
import { createDispatcher } from './dispatcher';
import { describeError, errorDetail, totalTimeoutError } from './errors';
import type { ErrorContext } from './errors';
import { HeaderError, assembleHeaders, attachCredential } from './headers';
import { maskDeep } from './mask';
import { ProxyConfigError, resolveProxy } from './proxy';
import type { ResolvedProxy } from './proxy';
import { parseRetryAfter } from './retry';
import { RequestStop } from './stop';
import { DEFAULT_USER_AGENT } from './types';
import type { RedirectInfo, SendErrorCode, SendOptions, SendOutcome, SentRequest, Timing } from './types';
import { RequestBuildError, requestTarget } from './url';
import type { RequestTarget } from './url';

/** Methods the catalog may use. CONNECT/TRACE and anything unusual never come from a file. */
const ALLOWED_METHODS = new Set(['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE', 'OPTIONS']);
/** Statuses whose Retry-After is a wait hint worth surfacing. */
const RETRY_AFTER_STATUSES = new Set([423, 429, 503]);

/** The response headers a send reads itself (the first of each name, as received). */
interface ReadHeaders {
  'content-encoding'?: string;
  'content-length'?: string;
  location?: string;
  'retry-after'?: string;
}

/** The response's headers as pairs, in order, and the few a send reads, in one pass over them. */
function responseHeaders(raw: unknown): { list: Array<[string, string]>; read: ReadHeaders } {
  const list: Array<[string, string]> = [];
  const read: ReadHeaders = {};
  // With responseHeaders: 'raw' undici hands back [name, value, name, value, …] as strings.
  if (!Array.isArray(raw)) return { list, read };
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = String(raw[i]);
    const value = String(raw[i + 1]);
    list.push([name, value]);
    const lower = name.toLowerCase();
    if (
      (lower === 'content-encoding' || lower === 'content-length' || lower === 'location' || lower === 'retry-after') &&
      read[lower] === undefined
    ) {
      read[lower] = value;
    }
  }
  return { list, read };
}

function redirectInfo(raw: string, base: URL): RedirectInfo {
  try {
    const target = new URL(raw, base);
    return { raw, url: target.href, sameOrigin: target.origin === base.origin };
  } catch {
    return { raw, sameOrigin: false };
  }
}

export async function sendRequest(req: PreparedRequest, opts: SendOptions): Promise<SendOutcome> {
  const startMs = performance.now();
  const startedAt = new Date().toISOString();
  const timing = (ttfbMs?: number): Timing => ({
    startedAt,
    totalMs: Math.round(performance.now() - startMs),
    ...(ttfbMs !== undefined ? { ttfbMs: Math.round(ttfbMs - startMs) } : {}),
  });
  const secrets: string[] = opts.token ? [opts.token.value] : [];
  const refuse = (code: SendErrorCode, message: string, detail: string, sent?: SentRequest): SendOutcome =>
    maskDeep(
      {
        kind: 'error',
        code,
        message,
        detail,
        mayHaveReachedServer: false,
        timing: timing(),
        ...(sent ? { sent } : {}),
      },
      secrets,
    );

  // 1. Everything that can be refused is refused here, before any socket exists.
  let target: RequestTarget;
  let proxy: ResolvedProxy | undefined;
  let assembled: ReturnType<typeof assembleHeaders>;
  const method = req.method.toUpperCase();
  try {
    if (!ALLOWED_METHODS.has(method)) {
      throw new RequestBuildError(`The method ${JSON.stringify(req.method)} is not supported.`);
    }
    target = requestTarget(opts.baseUrl, req);
    proxy = resolveProxy(target.url, opts.proxy);
    assembled = assembleHeaders({
      fileHeaders: req.headers,
      hasBody: req.body !== undefined,
      userAgent: opts.userAgent ?? DEFAULT_USER_AGENT,
      credentialSlots: req.credentials,
      operationId: req.operationId,
      documentedHeaders: req.documentedHeaders,
    });
  } catch (e) {
    if (e instanceof RequestBuildError || e instanceof HeaderError) {
      return refuse('INVALID_REQUEST', e.message, errorDetail(e, secrets));
    }
    if (e instanceof ProxyConfigError) return refuse('PROXY', e.message, errorDetail(e, secrets));
    throw e;
  }
  if (proxy) secrets.push(...proxy.secrets);
  if (opts.proxy?.authorization) secrets.push(opts.proxy.authorization);

  const wire = assembled.headers;
  if (opts.formBody && req.body !== undefined) {
    const at = wire.findIndex(([k]) => k.toLowerCase() === 'content-type');
    const formType: [string, string] = ['Content-Type', 'application/x-www-form-urlencoded;charset=UTF-8'];
    if (at >= 0) wire[at] = formType;
    else wire.push(formType);
  }
  const sent: SentRequest = {
    method,
    url: target.href,
    headers: wire.map(([k, v]) => [k, v]),
    body: req.body,
    // Credential headers the server already removed from the file, and any this side removed.
    ignoredHeaders: [...new Set([...(req.ignoredHeaders ?? []), ...assembled.ignored])],
    ...(proxy ? { proxy: proxy.display } : {}),
  };
  if (opts.token) {
    const decision = attachCredential(wire, target.url, opts.token, proxy !== undefined);
    if (!decision.attached) {
      return refuse('CREDENTIAL_NOT_ALLOWED', `${decision.reason} Nothing was sent.`, decision.reason, sent);
    }
    const lower = decision.header.toLowerCase();
    sent.headers = wire.map(([k, v]) => [k, k.toLowerCase() === lower ? decision.masked : v]);
    const { header: h, prefix, scheme, label } = opts.token.slot;
    sent.credential = { header: h, prefix, scheme, label };
  }
  if (opts.signal?.aborted) {
    return maskDeep(
      {
        kind: 'cancelled',
        message: 'Cancelled before sending; nothing was sent.',
        mayHaveReachedServer: false,
        timing: timing(),
        sent,
      },
      secrets,
    );
  }

  // 2. The network.
  const dispatcherInput = {
    settings: opts.settings,
    proxy,
    proxyStrictSSL: opts.proxy?.strictSSL ?? true,
    proxyAuthorization: opts.proxy?.authorization,
    ca: opts.ca,
  };
  const shared = opts.dispatcher ?? opts.pools?.get(target.origin, dispatcherInput);
  const dispatcher = shared ?? createDispatcher(dispatcherInput);
  const ownDispatcher = shared === undefined ? dispatcher : undefined;
  // The per-chunk body timeout does not stop a server that drips one byte at a time: the overall deadline does.
  // One stop for the deadline and the caller's Cancel (see stop.ts), ended in `finally`.
  const stop = new RequestStop(opts.settings.totalTimeoutMs, opts.signal);
  let ttfb: number | undefined;
  const errorContext = (): ErrorContext => ({
    url: target.url,
    settings: opts.settings,
    ...(proxy ? { proxy: proxy.display } : {}),
    afterHeaders: ttfb !== undefined,
    secrets,
  });

  try {
    // What undici.request(url, { dispatcher, … }) does, without reading the URL apart again on every send.
    const res = await dispatcher.request({
      origin: target.origin,
      path: target.path,
      method,
      // An object, not pairs: undici's forwarding-proxy path spreads headers. Names are unique (checked above).
      headers: Object.fromEntries(wire),
      body: req.body === undefined ? null : Buffer.from(req.body, 'utf8'),
      signal: stop,
      headersTimeout: opts.settings.headersTimeoutMs,
      bodyTimeout: opts.settings.headersTimeoutMs,
      responseHeaders: 'raw',
    });
    ttfb = performance.now();
    const { list: headers, read } = responseHeaders(res.headers);
    const body = await readBody({
      body: res.body,
      contentEncoding: method === 'HEAD' ? undefined : read['content-encoding'],
      contentLength: method === 'HEAD' ? undefined : read['content-length'],
      maxBytes: opts.settings.maxResponseBytes,
    });
    const status = res.statusCode;
    const location = read.location;
    const retryAfter = read['retry-after'];
    const retryAfterSeconds =
      retryAfter !== undefined && (RETRY_AFTER_STATUSES.has(status) || (status >= 300 && status < 400))
        ? parseRetryAfter(retryAfter)
        : undefined;
    return maskDeep(
      {
        kind: 'response',
        status,
        statusText: res.statusText || STATUS_CODES[status] || '',
        headers,
        bodyText: body.text,
        bodyBytes: body.bytes,
        truncated: body.truncated,
        ...(body.notice !== undefined ? { bodyNotice: body.notice } : {}),
        timing: timing(ttfb),
        ...(location !== undefined && status >= 300 && status < 400
          ? { location: redirectInfo(location, target.url) }
          : {}),
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
        sent,
      },
      secrets,
    );
  } catch (e) {
    if (opts.signal?.aborted) {
      return maskDeep(
        {
          kind: 'cancelled',
          message:
            ttfb === undefined
              ? 'Cancelled. The request may already have reached the server, which may have applied it.'
              : 'Cancelled while reading the response. The server has already processed the request.',
          mayHaveReachedServer: true,
          timing: timing(ttfb),
          sent,
        },
        secrets,
      );
    }
    const described = stop.timedOut ? totalTimeoutError(errorContext()) : describeError(e, errorContext());
    if (stop.timedOut) described.detail += `\n${errorDetail(e, secrets)}`;
    return maskDeep({ kind: 'error', ...described, timing: timing(ttfb), sent }, secrets);
  } finally {
    stop.end();
    // A dispatcher of this send alone: destroy() closes its sockets now rather than at keep-alive expiry.
    if (ownDispatcher) await ownDispatcher.destroy().catch(() => undefined);
  }
}
