/**
 * A stand-in for Webex's documented token endpoints on 127.0.0.1 (device grant, authorization code with PKCE,
 * refresh, tokenExpiry), strict about what the real one checks: the client credentials, the form fields, the
 * device code, the code verifier against the S256 challenge, the redirect URI. Each test starts its own
 * and closes it.
 */
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FlowContext } from '../../../client/src/auth/types';
import { settings } from '../http/helpers';

export const CLIENT_ID = 'C0ffee-client-id';
/** Canary: must never appear in any output, error or file. */
export const CLIENT_SECRET = 'canary-client-secret-7f3a9d2e';
export const DEVICE_CODE = 'device-code-91b2c3';
export const ACCESS_TOKEN = 'access-token-from-stand-in';
export const REFRESH_TOKEN = 'canary-refresh-token-5e8c1b';
export const REFRESHED_ACCESS_TOKEN = 'access-token-after-refresh';
export const PERSONAL_TOKEN = 'personal-token-canary-0d4e';
/** What the stand-in's tokenExpiry answers for {@link PERSONAL_TOKEN} (epoch ms). */
export const PERSONAL_EXP = Date.UTC(2030, 0, 1, 12);

export interface DeviceScript {
  /** Answers of successive polls before approval: each an OAuth error code, or an HTTP status. */
  polls: Array<'authorization_pending' | 'slow_down' | 'expired_token' | 'access_denied' | 428 | 429 | 'redirect'>;
  expiresIn?: number;
  interval?: number;
  /** How `/v1/access_token` answers a refresh: new tokens, the same refresh token without its expiry, or a refusal. */
  refresh?: 'rotate' | 'same' | 'invalid_grant';
  /** How `/v1/authorize` answers the browser: approve (redirect with code and state), deny, or a forged state. */
  authorize?: 'approve' | 'access_denied' | 'wrong-state' | 'no-state';
}

/** The authorization code `/v1/authorize` issues (canary: the flow masks it). */
export const AUTH_CODE = 'canary-auth-code-4b7e2a';
export const PKCE_ACCESS_TOKEN = 'access-token-from-pkce';

/** The service app's registration and the token manager's token (canaries). */
export const SERVICE_APP = {
  applicationId: 'Y2lzY29zcGFyazovL3VzL0FQUExJQ0FUSU9OL2FwcA',
  clientId: 'C5e4vice-app-client',
  clientSecret: 'canary-service-app-secret-81d0',
  targetOrgId: 'Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9vcmc',
  managerToken: 'canary-manager-token-6a2f',
} as const;
export const SERVICE_APP_TOKEN = 'access-token-of-service-app';

export interface StandIn {
  baseUrl: string;
  /** Every request the server saw: method, path, headers, body. */
  seen: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders; body: string }>;
  close(): Promise<void>;
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export async function startWebexStandIn(script: DeviceScript): Promise<StandIn> {
  const seen: StandIn['seen'] = [];
  const polls = [...script.polls];
  /** The challenge and redirect URI of the last authorize request, until its code is used. */
  let pkce: { challenge: string; redirect: string } | undefined;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      seen.push({ method: req.method ?? '', path, headers: req.headers, body });
      const form = new URLSearchParams(body);
      if (req.method === 'POST' && path === '/v1/device/authorize') {
        if (form.get('client_id') !== CLIENT_ID) return json(res, 400, { error: 'invalid_client' });
        return json(res, 200, {
          device_code: DEVICE_CODE,
          user_code: '123456',
          verification_uri: 'https://oauth-helper-r.wbx2.com/verify',
          verification_uri_complete: 'https://oauth-helper-r.wbx2.com/verify?userCode=123456',
          expires_in: script.expiresIn ?? 30,
          interval: script.interval ?? 1,
        });
      }
      if (req.method === 'POST' && path === '/v1/device/token') {
        const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
        if (req.headers.authorization !== basic) return json(res, 401, { error: 'invalid_client' });
        if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:device_code') {
          return json(res, 400, { error: 'unsupported_grant_type' });
        }
        if (form.get('device_code') !== DEVICE_CODE) return json(res, 400, { error: 'invalid_grant' });
        const next = polls.shift();
        if (next === 428) return json(res, 428, { message: 'authorization pending' });
        if (next === 429) return json(res, 429, { message: 'slow' }, { 'Retry-After': '1' });
        if (next === 'redirect') {
          res.writeHead(302, { Location: 'http://127.0.0.2:9/steal' });
          return res.end();
        }
        if (next !== undefined) return json(res, 400, { error: next, error_description: `stand-in says ${next}` });
        return json(res, 200, {
          access_token: ACCESS_TOKEN,
          token_type: 'Bearer',
          expires_in: 1209599,
          refresh_token: REFRESH_TOKEN,
          refresh_token_expires_in: 7775999,
        });
      }
      if (req.method === 'POST' && path.startsWith('/v1/applications/') && path.endsWith('/token')) {
        // The documented service-app call: a JSON body, authenticated by the token manager's token.
        if (req.headers.authorization !== `Bearer ${SERVICE_APP.managerToken}`) {
          return json(res, 401, {
            message: 'The request requires a valid access token set in the Authorization request header.',
          });
        }
        if (!/^application\/json/.test(req.headers['content-type'] ?? '')) {
          return json(res, 415, { message: 'json only' });
        }
        let b: Record<string, unknown> = {};
        try {
          b = JSON.parse(body) as Record<string, unknown>;
        } catch {
          return json(res, 400, { message: 'bad json' });
        }
        if (path !== `/v1/applications/${SERVICE_APP.applicationId}/token`) {
          return json(res, 404, { message: 'no such app' });
        }
        if (b['targetOrgId'] !== SERVICE_APP.targetOrgId) {
          return json(res, 403, { message: 'The service app is not authorized for this organization.' });
        }
        if (b['clientId'] !== SERVICE_APP.clientId || b['clientSecret'] !== SERVICE_APP.clientSecret) {
          return json(res, 400, { message: 'Invalid client credentials.' });
        }
        return json(res, 200, {
          access_token: SERVICE_APP_TOKEN,
          expires_in: 3600,
          refresh_token: REFRESH_TOKEN,
          refresh_token_expires_in: 7776000,
          token_type: 'Bearer',
        });
      }
      if (req.method === 'GET' && path === '/v1/authorize') {
        // What the browser meets: checks the request like Webex, then redirects to the integration's URI.
        const q = new URL(req.url ?? '', 'http://x').searchParams;
        const redirect = q.get('redirect_uri');
        if (q.get('client_id') !== CLIENT_ID || q.get('response_type') !== 'code' || !redirect) {
          return json(res, 400, { message: 'bad authorize request' });
        }
        if (q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(q.get('code_challenge') ?? '')) {
          return json(res, 400, { message: 'PKCE S256 required' });
        }
        pkce = { challenge: q.get('code_challenge') ?? '', redirect };
        const back = new URL(redirect);
        const mode = script.authorize ?? 'approve';
        if (mode === 'access_denied') back.searchParams.set('error', 'access_denied');
        else back.searchParams.set('code', AUTH_CODE);
        if (mode === 'wrong-state') back.searchParams.set('state', 'forged-state');
        else if (mode !== 'no-state') back.searchParams.set('state', q.get('state') ?? '');
        res.writeHead(302, { Location: back.href });
        return res.end();
      }
      if (req.method === 'POST' && path === '/v1/access_token' && form.get('grant_type') === 'authorization_code') {
        if (form.get('client_id') !== CLIENT_ID || form.get('client_secret') !== CLIENT_SECRET) {
          return json(res, 401, { error: 'invalid_client' });
        }
        const verifier = form.get('code_verifier') ?? '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (form.get('code') !== AUTH_CODE || !pkce || form.get('redirect_uri') !== pkce.redirect) {
          return json(res, 400, { error: 'invalid_grant', error_description: 'code or redirect_uri mismatch' });
        }
        if (challenge !== pkce.challenge) {
          return json(res, 400, { error: 'invalid_grant', error_description: 'code_verifier mismatch' });
        }
        pkce = undefined; // one use
        return json(res, 200, {
          access_token: PKCE_ACCESS_TOKEN,
          token_type: 'Bearer',
          expires_in: 1209599,
          refresh_token: REFRESH_TOKEN,
          refresh_token_expires_in: 7775999,
          scope: 'spark:kms meeting:preferences_write',
        });
      }
      if (req.method === 'POST' && path === '/v1/access_token') {
        // Webex's documented refresh: every field in the form, no Basic header; an integration or a service app.
        const integration = form.get('client_id') === CLIENT_ID && form.get('client_secret') === CLIENT_SECRET;
        const serviceApp =
          form.get('client_id') === SERVICE_APP.clientId && form.get('client_secret') === SERVICE_APP.clientSecret;
        if (!integration && !serviceApp) {
          return json(res, 401, { error: 'invalid_client' });
        }
        if (form.get('grant_type') !== 'refresh_token') return json(res, 400, { error: 'unsupported_grant_type' });
        if (script.refresh === 'invalid_grant' || form.get('refresh_token') !== REFRESH_TOKEN) {
          return json(res, 400, { error: 'invalid_grant', error_description: 'refresh token revoked' });
        }
        return json(res, 200, {
          access_token: REFRESHED_ACCESS_TOKEN,
          token_type: 'Bearer',
          expires_in: 1209599,
          ...(script.refresh === 'same'
            ? { refresh_token: REFRESH_TOKEN }
            : { refresh_token: `${REFRESH_TOKEN}-rotated`, refresh_token_expires_in: 7775999 }),
        });
      }
      if (req.method === 'GET' && path === '/v1/authorizations/tokenExpiry') {
        if (req.headers.authorization !== `Bearer ${PERSONAL_TOKEN}`) return json(res, 401, { message: 'bad token' });
        return json(res, 200, { exp: PERSONAL_EXP });
      }
      json(res, 404, { message: 'not here' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The clock of the tests that run flows through {@link withWebexStandIn}. */
export const NOW = Date.UTC(2026, 11, 3, 12);

/** Runs `body` against a stand-in of its own, with a flow context on it at {@link NOW}; closes it after. */
export async function withWebexStandIn<T>(
  script: DeviceScript,
  body: (s: StandIn, ctx: FlowContext) => Promise<T>,
): Promise<T> {
  const standIn = await startWebexStandIn(script);
  try {
    return await body(standIn, { baseUrl: standIn.baseUrl, settings: settings(), now: () => NOW });
  } finally {
    await standIn.close();
  }
}
