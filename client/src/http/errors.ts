/**
 * Turns undici/Node errors into plain words that say what to change (naming the setting), plus a technical
 * detail for the output channel. Every string goes through the masker: error objects can quote headers.
 */
import type { RequestSettings } from '../../../common/settings';
import { SettingIds } from '../../../common/ids';
import { maskSecrets } from './mask';
import type { SendErrorCode } from './types';

export interface ErrorContext {
  url: URL;
  settings: RequestSettings;
  /** Origin of the proxy in use, if any. */
  proxy?: string;
  /** Response headers had arrived when the error happened. */
  afterHeaders: boolean;
  secrets: readonly string[];
}

export interface DescribedError {
  code: SendErrorCode;
  message: string;
  detail: string;
  mayHaveReachedServer: boolean;
}

const PROXY_SETTING = 'http.proxy';
const NO_PROXY_SETTING = 'http.noProxy';
const PROXY_AUTH_SETTING = 'http.proxyAuthorization';

const CERTIFICATE_CODES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'is signed by an untrusted (self-signed) root',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'cannot be verified (its issuer is unknown)',
  UNABLE_TO_GET_ISSUER_CERT: 'cannot be verified (its issuer is unknown)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'is issued by a certificate authority this computer does not trust',
  CERT_HAS_EXPIRED: 'has expired',
  CERT_NOT_YET_VALID: 'is not valid yet',
  CERT_REVOKED: 'has been revoked',
  CERT_UNTRUSTED: 'is not trusted',
  CERT_SIGNATURE_FAILURE: 'has an invalid signature',
  ERR_TLS_CERT_ALTNAME_INVALID: 'was issued for a different host name',
};

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  address?: unknown;
  port?: unknown;
}

function asErrorLike(e: unknown): ErrorLike {
  return e !== null && typeof e === 'object' ? e : { message: String(e) };
}

/** The error and its causes, outermost first (bounded: cause chains can be cyclic). */
function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let cur: unknown = err;
  for (let i = 0; i < 5 && cur !== undefined && cur !== null; i++) {
    const e = asErrorLike(cur);
    out.push(e);
    cur = e.cause;
  }
  return out;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** One line per error in the cause chain, masked. */
export function errorDetail(err: unknown, secrets: readonly string[]): string {
  const lines = chain(err).map((e) => {
    const parts = [str(e.name) || 'Error'];
    if (typeof e.code === 'string' || typeof e.code === 'number') parts.push(`[${String(e.code)}]`);
    parts.push(str(e.message));
    return parts.join(' ');
  });
  return maskSecrets(lines.join('\n  caused by: '), secrets);
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? `${s} s` : `${s.toFixed(1)} s`;
}

/** Maps an error thrown while sending (not an abort by the caller, which is a cancellation). */
export function describeError(err: unknown, ctx: ErrorContext): DescribedError {
  const all = chain(err);
  const codes = all.map((e) => (typeof e.code === 'string' ? e.code : ''));
  const messages = all.map((e) => str(e.message));
  const has = (code: string): boolean => codes.includes(code);
  const host = ctx.url.host;
  const detail = errorDetail(err, ctx.secrets);
  const viaProxy = ctx.proxy ? ` through the proxy ${ctx.proxy}` : '';
  const make = (code: SendErrorCode, message: string, mayHaveReachedServer: boolean): DescribedError => ({
    code,
    message: maskSecrets(message, ctx.secrets),
    detail,
    mayHaveReachedServer,
  });

  const proxyStatus = messages.map((m) => /Proxy response \((\d{3})\)/.exec(m)?.[1]).find((s) => s !== undefined);
  if (
    proxyStatus !== undefined ||
    has('UND_ERR_PRX_TLS') ||
    messages.some((m) => m.includes('Proxy Authentication Required'))
  ) {
    const status = proxyStatus ?? (messages.some((m) => m.includes('(407)')) ? '407' : undefined);
    if (status === '407') {
      return make(
        'PROXY',
        `The proxy ${ctx.proxy ?? ''} asks for authentication (407). Set ${PROXY_AUTH_SETTING}, or check ${PROXY_SETTING}.`,
        false,
      );
    }
    if (has('UND_ERR_PRX_TLS')) {
      return make(
        'PROXY',
        `The secure connection to the proxy ${ctx.proxy ?? ''} failed. Check ${PROXY_SETTING} and http.proxyStrictSSL.`,
        false,
      );
    }
    return make(
      'PROXY',
      `The proxy ${ctx.proxy ?? ''} refused to connect to ${host} (status ${status ?? 'unknown'}). Check ${PROXY_SETTING} and ${NO_PROXY_SETTING}.`,
      false,
    );
  }

  const certCode = codes.find((c) => c in CERTIFICATE_CODES);
  if (certCode !== undefined) {
    return make(
      'TLS_CERTIFICATE',
      `The certificate of ${host} ${CERTIFICATE_CODES[certCode] ?? 'is not trusted'}, so nothing was sent. ` +
        'Certificates are always verified; if your network inspects TLS, its root certificate must be trusted by this computer.',
      false,
    );
  }
  if (
    codes.some((c) => c.startsWith('ERR_SSL') || c.startsWith('ERR_TLS') || c.startsWith('CERT_') || c === 'EPROTO')
  ) {
    return make(
      'TLS',
      `The secure (TLS) connection to ${host} failed, so nothing was sent. Check that the base URL uses the right scheme and port.`,
      false,
    );
  }

  if (has('ECONNREFUSED')) {
    // Which end refused: the proxy or the server?
    const refused = all.find((x) => x.code === 'ECONNREFUSED');
    const proxyPort = ctx.proxy
      ? new URL(ctx.proxy).port || (ctx.proxy.startsWith('https:') ? '443' : '80')
      : undefined;
    if (proxyPort !== undefined && refused && String(refused.port) === proxyPort) {
      return make(
        'CONNECTION_REFUSED',
        `The proxy ${ctx.proxy ?? ''} refused the connection. Is it running? Check ${PROXY_SETTING}.`,
        false,
      );
    }
    return make(
      'CONNECTION_REFUSED',
      `${host} refused the connection. Is it running, and is the base URL in ${SettingIds.environments} right?`,
      false,
    );
  }
  if (has('ENOTFOUND') || has('EAI_AGAIN') || has('EAI_NODATA')) {
    return make(
      'HOST_NOT_FOUND',
      `The host name in ${ctx.proxy ? `${PROXY_SETTING} or ` : ''}${host} could not be found (DNS). Check the base URL in ${SettingIds.environments}, your network, or ${PROXY_SETTING}.`,
      false,
    );
  }
  if (has('UND_ERR_CONNECT_TIMEOUT') || (has('ETIMEDOUT') && !ctx.afterHeaders)) {
    return make(
      'CONNECT_TIMEOUT',
      `Could not connect to ${host}${viaProxy} within ${seconds(ctx.settings.connectTimeoutMs)}. Check the network and ${PROXY_SETTING}, or raise ${SettingIds.connectTimeout}.`,
      false,
    );
  }
  if (has('UND_ERR_HEADERS_TIMEOUT')) {
    return make(
      'HEADERS_TIMEOUT',
      `${host} sent no response within ${seconds(ctx.settings.headersTimeoutMs)} (${SettingIds.headersTimeout}). The server may still have applied the request.`,
      true,
    );
  }
  if (has('UND_ERR_BODY_TIMEOUT')) {
    return make(
      'BODY_TIMEOUT',
      `${host} stopped sending the response body for more than ${seconds(ctx.settings.headersTimeoutMs)} (${SettingIds.headersTimeout}).`,
      true,
    );
  }
  if (has('ECONNRESET') || has('EPIPE') || has('UND_ERR_SOCKET') || has('ECONNABORTED') || has('ETIMEDOUT')) {
    return make(
      'CONNECTION_RESET',
      `The connection to ${host} closed unexpectedly${ctx.afterHeaders ? ' while reading the response' : ''}. The server may have applied the request: check before sending again.`,
      true,
    );
  }
  if (has('ENETUNREACH') || has('EHOSTUNREACH') || has('ENETDOWN') || has('EADDRNOTAVAIL')) {
    return make(
      'NETWORK',
      `${host} cannot be reached from this computer (network unreachable). Check the network and ${PROXY_SETTING}.`,
      false,
    );
  }
  if (has('UND_ERR_INVALID_ARG')) {
    return make('INVALID_REQUEST', `The request could not be built: ${messages[0] ?? ''}`, false);
  }
  return make('UNKNOWN', `The request to ${host} failed: ${messages.find((m) => m !== '') ?? 'unknown error'}.`, true);
}

/** The overall deadline fired. */
export function totalTimeoutError(ctx: ErrorContext): DescribedError {
  return {
    code: 'TOTAL_TIMEOUT',
    message: `The request to ${ctx.url.host} did not finish within ${seconds(ctx.settings.totalTimeoutMs)} (${SettingIds.totalTimeout}). The server may still have applied it.`,
    detail: `Overall deadline of ${ctx.settings.totalTimeoutMs} ms reached ${ctx.afterHeaders ? 'while reading the body' : 'before the response headers'}.`,
    mayHaveReachedServer: true,
  };
}
