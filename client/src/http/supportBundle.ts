/**
 * "Copy support bundle": Markdown for a support ticket with the request (credentials masked, secret fields of
 * request and response bodies redacted, and their values masked wherever else they appear), the outcome, timing
 * and the vendor tracking id. Every piece of server or file text is put in code spans or fences that it cannot
 * close, so a hostile body cannot inject Markdown or HTML into the ticket.
 */
import { ALL_INVISIBLE, braceEscape, invisiblePattern } from '../../../common/invisible';
import { MASK, maskSecrets } from './mask';
import { redactSecretFields, secretFieldTest, type FieldRedaction } from './redactFields';
import type { SendOutcome, SentRequest } from './types';

export interface TrackingId {
  vendor: 'webex' | 'huawei';
  source: 'header' | 'body';
  name: string;
  value: string;
}

/**
 * Every invisible character but tab and line breaks (`common/invisible.ts`), shown as \u{…} so nothing can hide
 * or reorder text; the block's lines are kept.
 */
const INVISIBLE = invisiblePattern(ALL_INVISIBLE, '\t\n\r');

function visible(s: string): string {
  return s.replace(INVISIBLE, braceEscape);
}

function longestBacktickRun(s: string): number {
  let max = 0;
  for (const m of s.matchAll(/`+/g)) max = Math.max(max, m[0].length);
  return max;
}

/** An inline code span that the text cannot close (CommonMark: a longer backtick string than any inside). */
export function codeSpan(text: string): string {
  const oneLine = visible(text).replace(/[\r\n]+/g, ' ');
  const ticks = '`'.repeat(longestBacktickRun(oneLine) + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') || oneLine === '' ? ' ' : '';
  return `${ticks}${pad}${oneLine}${pad}${ticks}`;
}

/** A fenced block that the content cannot close. */
export function fenced(text: string, info = ''): string {
  const body = visible(text.replace(/\r\n?/g, '\n'));
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(body) + 1));
  return `${fence}${info}\n${body}${body.endsWith('\n') ? '' : '\n'}${fence}`;
}

function parseJsonObject(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch {
    return undefined;
  }
}

function cleanId(v: unknown): string | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const s = String(v).trim();
  return /^[\x21-\x7e]{1,200}$/.test(s) ? s : undefined;
}

/** Webex `trackingId` (body) / `TrackingID` (header); Huawei `X-Request-Id` (header) / `request_id` (body). */
export function findTrackingIds(outcome: SendOutcome): TrackingId[] {
  const out: TrackingId[] = [];
  if (outcome.kind !== 'response') {
    const requestId = outcome.sent?.headers.find(([k]) => k.toLowerCase() === 'x-request-id');
    const v = cleanId(requestId?.[1]);
    if (v) out.push({ vendor: 'huawei', source: 'header', name: 'X-Request-Id (sent)', value: v });
    return out;
  }
  for (const [name, value] of outcome.headers) {
    const lower = name.toLowerCase();
    const v = cleanId(value);
    if (!v) continue;
    if (lower === 'trackingid') out.push({ vendor: 'webex', source: 'header', name, value: v });
    if (lower === 'x-request-id') out.push({ vendor: 'huawei', source: 'header', name, value: v });
  }
  const body = parseJsonObject(outcome.bodyText);
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    const webex = cleanId(record['trackingId']);
    if (webex) out.push({ vendor: 'webex', source: 'body', name: 'trackingId', value: webex });
    const huawei = cleanId(record['request_id']);
    if (huawei) out.push({ vendor: 'huawei', source: 'body', name: 'request_id', value: huawei });
  }
  return out;
}

export interface SupportBundleInput {
  outcome: SendOutcome;
  operationId: string;
  /** Defaults to `outcome.sent`. */
  sent?: SentRequest;
  /** Extra secrets to mask (the outcome is already masked; this is a second line of defence). */
  secrets?: string[];
  /** Names of the fields the catalog marks secret (`PreparedRequest.secretFields`). */
  secretFields?: readonly string[];
  /** Redact secret fields (the catalog's, and secret-looking names such as hostKey or joinUri). Default true. */
  redactFields?: boolean;
}

function headerBlock(headers: Array<[string, string]>): string {
  return fenced(headers.map(([k, v]) => `${k}: ${v}`).join('\n'), 'http');
}

export function toSupportBundle(input: SupportBundleInput): string {
  const { outcome } = input;
  const sent = input.sent ?? outcome.sent;
  const isSecret = secretFieldTest(input.secretFields ?? []);
  const redactions: FieldRedaction[] = [];
  const body = (text: string | undefined): string | undefined => {
    if (text === undefined || input.redactFields === false) return text;
    const r = redactSecretFields(text, isSecret);
    redactions.push(r);
    return r.text;
  };
  const lines: string[] = ['## Meeting Payloads support bundle', ''];
  lines.push(`- Operation: ${codeSpan(input.operationId)}`);
  if (sent) lines.push(`- Request: ${codeSpan(`${sent.method} ${sent.url}`)}`);
  lines.push(`- Sent at: ${codeSpan(outcome.timing.startedAt)}`);
  const ttfb = outcome.timing.ttfbMs !== undefined ? `, first byte after ${outcome.timing.ttfbMs} ms` : '';
  lines.push(`- Timing: ${outcome.timing.totalMs} ms total${ttfb}`);
  if (sent?.proxy) lines.push(`- Proxy: ${codeSpan(sent.proxy)}`);
  for (const id of findTrackingIds(outcome)) {
    lines.push(
      `- Tracking id (${id.vendor === 'webex' ? 'Webex' : 'Huawei'} ${id.source === 'header' ? 'header' : 'body'} ${codeSpan(id.name)}): ${codeSpan(id.value)}`,
    );
  }

  if (outcome.kind === 'response') {
    lines.push(`- Outcome: HTTP ${outcome.status} ${codeSpan(outcome.statusText || '-')}`);
    if (outcome.location) {
      lines.push(`- Redirect (not followed): ${codeSpan(outcome.location.url ?? outcome.location.raw)}`);
    }
    if (outcome.retryAfterSeconds !== undefined) lines.push(`- Retry-After: ${outcome.retryAfterSeconds} s`);
    if (outcome.bodyNotice) lines.push(`- Note: ${codeSpan(outcome.bodyNotice)}`);
  } else if (outcome.kind === 'error') {
    lines.push(`- Outcome: error ${codeSpan(outcome.code)}: ${codeSpan(outcome.message)}`);
    lines.push(`- May have reached the server: ${outcome.mayHaveReachedServer ? 'yes' : 'no'}`);
  } else {
    lines.push(
      `- Outcome: cancelled (${outcome.mayHaveReachedServer ? 'the server may have applied it' : 'nothing was sent'})`,
    );
  }

  if (sent) {
    lines.push('', '### Request headers', '', headerBlock(sent.headers));
    if (sent.ignoredHeaders.length > 0) {
      lines.push('', `Ignored credential headers from the file: ${sent.ignoredHeaders.map(codeSpan).join(', ')}`);
    }
    const requestBody = body(sent.body);
    if (requestBody !== undefined) lines.push('', '### Request body', '', fenced(requestBody, 'json'));
  }
  if (outcome.kind === 'response') {
    lines.push('', '### Response headers', '', headerBlock(outcome.headers));
    lines.push(
      '',
      `### Response body (${outcome.bodyBytes} bytes${outcome.truncated ? ', truncated' : ''})`,
      '',
      fenced(body(outcome.bodyText) ?? '', 'json'),
    );
  } else if (outcome.kind === 'error') {
    lines.push('', '### Error detail', '', fenced(outcome.detail));
  }

  lines.push('', `Credentials are masked as ${MASK}.`);
  const redacted = [...new Set(redactions.flatMap((r) => r.names))].sort();
  if (redacted.length > 0) lines.push(`Redacted fields: ${redacted.map(codeSpan).join(', ')}.`);
  // A redacted value is masked wherever else it turns up: echoed in a message, a header or a non-JSON body.
  const secrets = [...(input.secrets ?? []), ...redactions.flatMap((r) => r.values)];
  return maskSecrets(lines.join('\n'), secrets) + '\n';
}
