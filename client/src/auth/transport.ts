/**
 * Every token-endpoint call goes through the HTTP core's `sendRequest`, so sign-in gets the same rules as Send:
 * our own undici Agent with TLS verified, no redirects followed, size caps and timeouts, the credential attached
 * only for the exact origin of the environment. The endpoint URL is always the environment's base URL plus a
 * fixed path from the flow: nothing a request file says can move a credential elsewhere.
 */
import type { PreparedRequest } from '../../../common/requestSpec';
import { MASK, maskSecrets } from '../http/mask';
import { sendRequest } from '../http/send';
import { isLoopbackHost, parseBaseUrl } from '../http/url';
import { FlowError } from './types';
import type { FlowContext } from './types';

/** A credential the call carries in one header (Basic, HMAC, a password or a token). */
export interface CallCredential {
  header: string;
  prefix: string;
  value: string;
  label: string;
}

export interface AuthCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path relative to the environment's base URL, e.g. `/device/token` (Webex) or `/v2/usg/acs/auth/appauth`. */
  path: string;
  query?: Array<[string, string]>;
  /** Non-credential headers; they must be named in {@link AuthCall.path}'s documented list (here: these). */
  headers?: Array<[string, string]>;
  /** Request body text: JSON unless {@link form}. */
  body?: string;
  /** The body is `application/x-www-form-urlencoded` (OAuth token endpoints). */
  form?: boolean;
  credential?: CallCredential;
  /** Label of the endpoint for messages, e.g. "Webex device token endpoint". */
  endpoint: string;
}

export interface AuthAnswer {
  status: number;
  headers: Array<[string, string]>;
  bodyText: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
  retryAfterSeconds?: number;
}

/** Secrets of one flow run, masked in every message the flow produces. */
export class SecretSet {
  private readonly values: string[] = [];
  add(...values: Array<string | undefined>): this {
    for (const v of values) if (v !== undefined && v.length >= 4) this.values.push(v);
    return this;
  }
  mask(text: string): string {
    return maskSecrets(text, this.values);
  }
}

/** Whether the origin is this machine (a stand-in server or the Prism mock), where plain http is allowed. */
export function isLocalOrigin(baseUrl: string): boolean {
  return isLoopbackHost(new URL(baseUrl).hostname);
}

/** The exact origin of the environment's base URL; throws a plain FlowError for a malformed one. */
export function environmentOrigin(baseUrl: string): string {
  try {
    const { origin } = parseBaseUrl(baseUrl);
    const url = new URL(origin);
    if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) {
      throw new FlowError('protocol', `Sign in needs an https base URL (or this machine); ${origin} uses plain http.`);
    }
    return origin;
  } catch (e) {
    if (e instanceof FlowError) throw e;
    throw new FlowError('protocol', e instanceof Error ? e.message : String(e));
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** One call to a token endpoint on the environment's origin. Throws {@link FlowError} for anything but a response. */
export async function authCall(ctx: FlowContext, call: AuthCall, secrets: SecretSet): Promise<AuthAnswer> {
  const origin = environmentOrigin(ctx.baseUrl);
  const credentialSlots = call.credential
    ? [
        {
          scheme: 'sign-in',
          header: call.credential.header,
          prefix: call.credential.prefix,
          label: call.credential.label,
        },
      ]
    : [];
  const headers = call.headers ?? [];
  const req: PreparedRequest = {
    operationId: `sign-in ${call.endpoint}`,
    family: 'sign-in',
    method: call.method,
    pathTemplate: call.path,
    serverUrls: [ctx.baseUrl],
    pathParams: {},
    query: call.query ?? [],
    headers,
    documentedHeaders: headers.map(([name]) => name),
    body: call.body,
    credentials: credentialSlots,
    documentedStatuses: [],
    validation: { valid: true, errorCount: 0, warningCount: 0, messages: [] },
  };
  const outcome = await sendRequest(req, {
    baseUrl: ctx.baseUrl,
    settings: ctx.settings,
    ...(call.credential && credentialSlots[0]
      ? { token: { value: call.credential.value, slot: credentialSlots[0], origin } }
      : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.proxy ? { proxy: ctx.proxy } : {}),
    ...(ctx.ca ? { ca: ctx.ca } : {}),
    ...(ctx.dispatcher ? { dispatcher: ctx.dispatcher } : {}),
    ...(call.form ? { formBody: true } : {}),
  });
  if (outcome.kind === 'cancelled') throw new FlowError('cancelled', 'Sign in was cancelled.');
  if (outcome.kind === 'error') {
    if (ctx.signal?.aborted) throw new FlowError('cancelled', 'Sign in was cancelled.');
    throw new FlowError('network', secrets.mask(`The ${call.endpoint} could not be reached: ${outcome.message}`));
  }
  if (outcome.status >= 300 && outcome.status < 400) {
    // Never followed (T3): a token endpoint that redirects is misconfigured or hostile.
    const where = outcome.location?.url ?? outcome.location?.raw ?? 'elsewhere';
    throw new FlowError(
      'redirect',
      secrets.mask(
        `The ${call.endpoint} answered ${outcome.status} redirecting to ${where}; sign-in requests never follow redirects, so nothing was sent there.`,
      ),
    );
  }
  return {
    status: outcome.status,
    headers: outcome.headers,
    bodyText: outcome.bodyText,
    json: parseJson(outcome.bodyText),
    ...(outcome.retryAfterSeconds !== undefined ? { retryAfterSeconds: outcome.retryAfterSeconds } : {}),
  };
}

/** True when the core masked an echoed credential: the server returned the very value it was sent. */
export function isEchoOfSent(value: string): boolean {
  return value.includes(MASK);
}

/**
 * A `fetch` for oauth4webapi's `customFetch` option that sends through {@link authCall}: the URL must lie under
 * the environment's base URL, and the Authorization header becomes the call's credential (masked, origin-bound).
 */
export type OAuthFetch = (
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: URLSearchParams | string | null },
) => Promise<Response>;

export function oauthFetch(ctx: FlowContext, secrets: SecretSet, endpoint: string): OAuthFetch {
  return async (url, init) => {
    const target = new URL(url);
    const { origin, basePath } = parseBaseUrl(ctx.baseUrl);
    if (target.origin !== origin || !target.pathname.startsWith(`${basePath}/`)) {
      throw new FlowError('protocol', `The ${endpoint} ${target.origin} is not on the environment's origin ${origin}.`);
    }
    const headers: Array<[string, string]> = [];
    let credential: CallCredential | undefined;
    for (const [name, value] of Object.entries(init.headers ?? {})) {
      const lower = name.toLowerCase();
      if (lower === 'authorization') {
        const space = value.indexOf(' ');
        credential = {
          header: 'Authorization',
          prefix: value.slice(0, space + 1),
          value: value.slice(space + 1),
          label: 'client credentials',
        };
      } else if (lower === 'accept') {
        headers.push([name, value]);
      }
      // user-agent: the core sets its own.
    }
    const answer = await authCall(
      ctx,
      {
        method: (init.method ?? 'GET').toUpperCase() as AuthCall['method'],
        path: target.pathname.slice(basePath.length),
        query: [...target.searchParams],
        headers,
        ...(init.body !== undefined && init.body !== null ? { body: init.body.toString(), form: true } : {}),
        ...(credential ? { credential } : {}),
        endpoint,
      },
      secrets,
    );
    return new Response(answer.status === 204 ? null : answer.bodyText, {
      status: answer.status,
      headers: answer.headers.filter(([n]) => !/^(content-encoding|content-length|transfer-encoding)$/i.test(n)),
    });
  };
}
