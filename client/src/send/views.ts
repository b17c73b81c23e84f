/**
 * Outcome of the HTTP core → what the panel and the history show. Pure. The core's outcomes are
 * already masked; nothing here adds data, it only reshapes it.
 */
import type { CheckResponseResult } from '../../../common/protocol';
import { serverSaid } from '../../../common/serverSaid';
import type { ErrorView, RequestView, ResponseView, RetryHint, SchemaCheck } from '../../../common/webviewMessages';
import type { ResponseOutcome, SendOutcome, SentRequest } from '../http/types';
import type { HistoryInput } from '../history';

/** Statuses whose Retry-After is offered as a one-click retry. */
const RETRY_STATUSES = new Set([423, 429, 503]);

export function requestView(sent: SentRequest, ctx: { environment: string; operationId: string }): RequestView {
  const view: RequestView = {
    method: sent.method,
    url: sent.url,
    headers: sent.headers.map(([k, v]) => [k, v]),
    environment: ctx.environment,
    operationId: ctx.operationId,
    ignoredHeaders: [...sent.ignoredHeaders],
  };
  if (sent.body !== undefined) view.body = sent.body;
  if (sent.credential) view.tokenLabel = sent.credential.label;
  if (sent.proxy !== undefined) view.proxy = sent.proxy;
  return view;
}

function headerValue(headers: Array<[string, string]>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([k]) => k.toLowerCase() === lower)?.[1];
}

/** Whether `status` is among the documented ones: exact (`404`), a range (`4XX`) or `default`. */
export function isDocumentedStatus(status: number, documented: readonly string[]): boolean {
  const s = String(status);
  return documented.some((d) => {
    const t = d.trim().toUpperCase();
    return t === s || t === 'DEFAULT' || (t.length === 3 && t.endsWith('XX') && t[0] === s[0]);
  });
}

export function responseView(outcome: ResponseOutcome, documentedStatuses: readonly string[]): ResponseView {
  const view: ResponseView = {
    status: outcome.status,
    statusText: outcome.statusText,
    headers: outcome.headers.map(([k, v]) => [k, v]),
    bodyText: outcome.bodyText,
    bodyBytes: outcome.bodyBytes,
    truncated: outcome.truncated,
    contentType: headerValue(outcome.headers, 'content-type') ?? '',
    timing: {
      totalMs: outcome.timing.totalMs,
      ...(outcome.timing.ttfbMs !== undefined ? { ttfbMs: outcome.timing.ttfbMs } : {}),
    },
    documented: isDocumentedStatus(outcome.status, documentedStatuses),
    documentedStatuses: [...documentedStatuses],
  };
  if (outcome.bodyNotice !== undefined) view.bodyNotice = outcome.bodyNotice;
  const said = serverSaid(outcome.status, outcome.headers, outcome.bodyText);
  if (said) view.said = said;
  if (outcome.location) {
    view.location = { target: outcome.location.url ?? outcome.location.raw, sameOrigin: outcome.location.sameOrigin };
  }
  return view;
}

/** The wait a 429/423/503 response asked for, as a retry hint due at `now + Retry-After`. */
export function retryHint(outcome: SendOutcome, now: number): RetryHint | undefined {
  if (outcome.kind !== 'response' || !RETRY_STATUSES.has(outcome.status) || outcome.retryAfterSeconds === undefined) {
    return undefined;
  }
  return { retryAfterSeconds: outcome.retryAfterSeconds, dueAt: now + outcome.retryAfterSeconds * 1000 };
}

export function errorView(outcome: Extract<SendOutcome, { kind: 'error' }>): ErrorView {
  return { code: outcome.code, message: outcome.message, mayHaveReachedServer: outcome.mayHaveReachedServer };
}

/** One history line for an outcome (the history module masks it once more). */
export function historyInput(
  outcome: SendOutcome,
  ctx: { id: string; at: number; environment: string; method: string; url: string },
): HistoryInput {
  const base: HistoryInput = {
    id: ctx.id,
    at: ctx.at,
    method: outcome.sent?.method ?? ctx.method,
    url: outcome.sent?.url ?? ctx.url,
    environment: ctx.environment,
    outcome: outcome.kind,
    totalMs: outcome.timing.totalMs,
  };
  if (outcome.kind === 'response') {
    base.status = outcome.status;
    base.statusText = outcome.statusText;
    base.bodyBytes = outcome.bodyBytes;
  } else if (outcome.kind === 'error') {
    base.errorCode = outcome.code;
  }
  return base;
}

/** One line for the output channel. */
export function outcomeLogLine(outcome: SendOutcome, method: string, url: string): string {
  switch (outcome.kind) {
    case 'response':
      return `${method} ${url} → ${outcome.status} ${outcome.statusText} in ${outcome.timing.totalMs} ms, ${outcome.bodyBytes} bytes${outcome.truncated ? ' (truncated)' : ''}`;
    case 'error':
      return `${method} ${url} → error ${outcome.code}: ${outcome.message}`;
    case 'cancelled':
      return `${method} ${url} → cancelled: ${outcome.message}`;
  }
}

/** The server's comparison with the documented schema, as the panel shows it. */
export function schemaCheckView(check: CheckResponseResult): SchemaCheck {
  const view: SchemaCheck = { missing: check.missing, wrongType: check.wrongType, undocumented: check.undocumented };
  if (check.documentedStatus !== undefined) view.documentedStatus = check.documentedStatus;
  if (check.note !== undefined) view.note = check.note;
  return view;
}
