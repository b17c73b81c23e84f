/**
 * A stand-in for Huawei Cloud Meeting's documented sign-in endpoints on 127.0.0.1: App ID authentication that
 * verifies the HMAC-SHA256 signature with a known App Key (expiry window, nonce length, no nonce twice), account
 * and password over Basic, and the meeting-control token for one meeting in progress with a short life.
 */
import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export const APP_ID = 'app-id-4711';
/** Canaries: must never appear in any output, error or file. */
export const APP_KEY = 'canary-app-key-b61f0c93';
export const ACCOUNT = 'host@example.com';
export const PASSWORD = 'canary-account-password-2c7e';
export const HOST_PASSWORD = 'canary-host-password-83a1';
export const LIVE_CONFERENCE = '986030665';
export const HUAWEI_TOKEN = 'huawei-access-token-stand-in';

export interface HuaweiStandIn {
  baseUrl: string;
  seen: Array<{
    method: string;
    path: string;
    query: URLSearchParams;
    headers: http.IncomingHttpHeaders;
    body: string;
  }>;
  /** Control tokens issued, in order. */
  controlTokens: string[];
  close(): Promise<void>;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startHuaweiStandIn(
  opts: {
    controlLifeSeconds?: number;
    /** Keep-alive answers with the very token it was sent (its life extended), as a server may. */
    keepAliveEchoes?: boolean;
    /** The status a wrong host password gets (the stand-in's default 400; a server may say 401). */
    refuseWrongPasswordWith?: number;
    /**
     * Told of each login (App ID or account) as it arrives, with its number (1 first); the login is answered when
     * the returned promise settles, so a test holds a login under way without waiting on a clock.
     */
    holdLogin?: (n: number) => Promise<void>;
    /** Each login gets its own token, `${HUAWEI_TOKEN}-n` (n: the login's number), so a test tells them apart. */
    numberTokens?: boolean;
  } = {},
): Promise<HuaweiStandIn> {
  const seen: HuaweiStandIn['seen'] = [];
  const controlTokens: string[] = [];
  const nonces = new Set<string>();
  let logins = 0;
  /** A login's answer: its own token when numbered, once the test lets it go. */
  const loggedIn = (res: http.ServerResponse, ok: Record<string, unknown>): void => {
    logins += 1;
    const n = logins;
    const answer = opts.numberTokens === true ? { ...ok, accessToken: `${HUAWEI_TOKEN}-${n}` } : ok;
    void (opts.holdLogin?.(n) ?? Promise.resolve()).then(() => json(res, 200, answer));
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      seen.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body });
      const ok = { accessToken: HUAWEI_TOKEN, validPeriod: 86400, expireTime: 0, refreshToken: 'r', tokenType: 0 };
      if (req.method === 'POST' && url.pathname === '/v2/usg/acs/auth/appauth') {
        const b = JSON.parse(body) as {
          appId: string;
          userId: string;
          expireTime: number;
          nonce: string;
          clientType: number;
        };
        const m = /^HMAC-SHA256 signature=([0-9A-F]{64}),access=(.+)$/.exec(req.headers.authorization ?? '');
        const refuse = (msg: string) => json(res, 401, { error_code: 'USG.201040001', error_msg: msg });
        if (!m) return refuse('bad authorization header');
        if (Buffer.from(m[2] ?? '', 'base64').toString() !== APP_ID || b.appId !== APP_ID) return refuse('unknown app');
        const nowS = Date.now() / 1000;
        if (!(b.expireTime > nowS && b.expireTime <= nowS + 3600)) return refuse('signature expiry out of range');
        if (b.nonce.length < 32 || b.nonce.length > 64 || nonces.has(b.nonce)) {
          return refuse('nonce reused or malformed');
        }
        const want = createHmac('sha256', APP_KEY)
          .update(`${b.appId}:${b.userId}:${b.expireTime}:${b.nonce}`)
          .digest('hex')
          .toUpperCase();
        if (m[1] !== want) return refuse('signature mismatch');
        if (b.clientType !== 72) return json(res, 400, { error_code: 'USG.000000001', error_msg: 'clientType' });
        nonces.add(b.nonce);
        return loggedIn(res, ok);
      }
      if (req.method === 'POST' && url.pathname === '/v1/usg/acs/auth/account') {
        const basic = `Basic ${Buffer.from(`${ACCOUNT}:${PASSWORD}`).toString('base64')}`;
        if (req.headers.authorization !== basic) {
          return json(res, 401, { error_code: 'USG.201010001', error_msg: 'account or password wrong' });
        }
        return loggedIn(res, ok);
      }
      if (req.method === 'GET' && url.pathname === '/v1/mmc/control/conferences/token') {
        if (req.headers['x-login-type'] !== '1') {
          return json(res, 400, { error_code: 'MMC.0', error_msg: 'login type' });
        }
        if (url.searchParams.get('conferenceID') !== LIVE_CONFERENCE) {
          return json(res, 400, { error_code: 'MMC.111070005', error_msg: 'conference not started' });
        }
        const current = req.headers['x-conference-authorization'];
        const keepAlive = typeof current === 'string' && controlTokens.includes(current);
        if (!keepAlive && req.headers['x-password'] !== HOST_PASSWORD) {
          return json(res, opts.refuseWrongPasswordWith ?? 400, {
            error_code: 'MMC.111070003',
            error_msg: 'password wrong',
          });
        }
        const token =
          keepAlive && opts.keepAliveEchoes === true ? current : `control-token-${controlTokens.length + 1}`;
        controlTokens.push(token);
        const life = opts.controlLifeSeconds ?? 1800;
        return json(res, 200, {
          data: { token, role: 1, expireTime: Date.now() + life * 1000, confTokenExpireTime: life },
        });
      }
      json(res, 404, { error_code: 'NOT.FOUND', error_msg: 'not here' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    seen,
    controlTokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
