/**
 * Loopback servers, certificates, a recording proxy and payload generators for the sending-core tests.
 * Everything binds to 127.0.0.1 on port 0 and is closed by the test that created it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import * as zlib from 'node:zlib';
import type { CredentialSlot, PreparedRequest } from '../../../common/requestSpec';
import type { RequestSettings } from '../../../common/settings';
import { DEFAULT_REQUEST_SETTINGS } from '../../../common/settings';

export const SLOTS = {
  webexBearer: { scheme: 'webexBearer', header: 'Authorization', prefix: 'Bearer ', label: 'Webex access token' },
  huaweiAccessToken: {
    scheme: 'huaweiAccessToken',
    header: 'X-Access-Token',
    prefix: '',
    label: 'Huawei access token',
  },
  huaweiConferenceAuthorization: {
    scheme: 'huaweiConferenceAuthorization',
    header: 'X-Conference-Authorization',
    prefix: '',
    label: 'Huawei meeting control token',
  },
} satisfies Record<string, CredentialSlot>;

export function prepared(overrides: Partial<PreparedRequest> = {}): PreparedRequest {
  return {
    operationId: 'huawei.meeting.updateMemberVmr',
    family: 'huawei-meeting',
    method: 'PUT',
    pathTemplate: '/v1/usg/dcs/member/vmr/{id}',
    serverUrls: ['https://api.meeting.huaweicloud.com'],
    pathParams: { id: 'ff80808167ef1edf0167f33d650c0662' },
    query: [],
    headers: [['X-Request-Id', 'fbbc91569f0efed914e0427fc2a9c4ac']],
    documentedHeaders: ['X-Request-Id', 'Accept-Language'],
    body: '{\n  "vmrName": "room",\n  "chairPwd": "123456",\n  "allowGustFirst": false\n}',
    credentials: [SLOTS.huaweiAccessToken],
    documentedStatuses: ['200', '400', '401', '403', '500'],
    validation: { valid: true, errorCount: 0, warningCount: 0, messages: [] },
    ...overrides,
  };
}

export function settings(overrides: Partial<RequestSettings> = {}): RequestSettings {
  return {
    ...DEFAULT_REQUEST_SETTINGS,
    connectTimeoutMs: 2_000,
    headersTimeoutMs: 5_000,
    totalTimeoutMs: 10_000,
    ...overrides,
  };
}

export interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface TestServer {
  url: string;
  origin: string;
  port: number;
  /** Requests whose body was read completely. */
  requests: Recorded[];
  /** TCP connections accepted (counts attempts that never became a request). */
  connections: number;
  /** Resolves when the next socket closes. */
  nextSocketClose(): Promise<void>;
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

function instrument(
  server: http.Server | https.Server,
  scheme: 'http' | 'https',
  t: TestContext | undefined,
  handler: Handler,
): Promise<TestServer> {
  const requests: Recorded[] = [];
  const sockets = new Set<net.Socket>();
  let closeWaiters: Array<() => void> = [];
  const state = { connections: 0 };
  const onSocket = (socket: net.Socket): void => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      const waiters = closeWaiters;
      closeWaiters = [];
      for (const w of waiters) w();
    });
  };
  // TCP level for both schemes: a TLS client that gives up during the handshake still counts and is closed.
  server.on('connection', onSocket);
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      const origin = `${scheme}://127.0.0.1:${port}`;
      const ts: TestServer = {
        url: origin,
        origin,
        port,
        requests,
        get connections() {
          return state.connections;
        },
        nextSocketClose: () => new Promise<void>((r) => closeWaiters.push(r)),
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      };
      t?.after(() => ts.close());
      resolve(ts);
    });
  });
}

export function startServer(t: TestContext | undefined, handler: Handler): Promise<TestServer> {
  return instrument(http.createServer(), 'http', t, handler);
}

export function startTlsServer(t: TestContext | undefined, cert: TestCert, handler: Handler): Promise<TestServer> {
  return instrument(https.createServer({ key: cert.key, cert: cert.cert }), 'https', t, handler);
}

/** A port that was free a moment ago and has nothing listening on it now. */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A raw TCP server that accepts connections and never writes (for TLS handshake / connect timeouts). */
export async function startSilentTcp(t: TestContext): Promise<{ port: number; closed: Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let onClose: () => void = () => undefined;
  const closed = new Promise<void>((r) => (onClose = r));
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => onClose());
    // Read (and drop) what arrives: a paused socket never sees the peer's FIN, so it would never close.
    socket.resume();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.after(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return { port: (server.address() as net.AddressInfo).port, closed };
}

export interface TestCert {
  key: string;
  cert: string;
}

let opensslChecked: boolean | undefined;
export function hasOpenssl(): boolean {
  if (opensslChecked === undefined) {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      opensslChecked = true;
    } catch {
      opensslChecked = false;
    }
  }
  return opensslChecked;
}

/** A throwaway self-signed certificate for 127.0.0.1 (EC P-256, one day), made with the openssl CLI. */
export function makeSelfSignedCert(): TestCert {
  const dir = mkdtempSync(join(tmpdir(), 'mp-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A gzip stream that inflates to `totalBytes` zeros (e.g. 1 GiB) built in milliseconds: one 1 MiB deflate block
 * ending in a sync flush is byte-aligned and only refers back into zeros, so it can be repeated; then a final
 * empty block and the real CRC-32/size trailer.
 */
export function gzipBombOfZeros(totalBytes: number): Buffer {
  const unit = 1024 * 1024;
  if (totalBytes % unit !== 0) throw new Error('totalBytes must be a multiple of 1 MiB');
  const zeros = Buffer.alloc(unit);
  const deflate = zlib.deflateRawSync(zeros, { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const finalEmptyBlock = Buffer.from([0x03, 0x00]);
  const count = totalBytes / unit;
  let crc = 0;
  for (let i = 0; i < count; i++) crc = zlib.crc32(zeros, crc);
  const header = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(totalBytes % 2 ** 32, 4);
  return Buffer.concat([header, ...Array.from({ length: count }, () => deflate), finalEmptyBlock, trailer]);
}

export interface ProxyLog {
  /** CONNECT targets, e.g. `127.0.0.1:1234`, with the headers of the CONNECT request. */
  connects: Array<{ target: string; headers: http.IncomingHttpHeaders }>;
  /** Forwarded (absolute-form) requests. */
  forwards: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }>;
  /** Every byte that went from the client through a tunnel. */
  tunnelBytes: Buffer[];
  connections: number;
}

/**
 * A tiny recording HTTP proxy: CONNECT tunnels (piping raw bytes) and absolute-form forwarding.
 * `refuseConnectWith` answers every CONNECT with that status instead.
 */
export async function startProxy(
  t: TestContext,
  opts: { refuseConnectWith?: number } = {},
): Promise<{ url: string; port: number; log: ProxyLog }> {
  const log: ProxyLog = { connects: [], forwards: [], tunnelBytes: [], connections: 0 };
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    log.forwards.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: target.pathname + target.search, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connection', (s: net.Socket) => {
    log.connections += 1;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = req.url ?? '';
    log.connects.push({ target, headers: req.headers });
    if (opts.refuseConnectWith !== undefined) {
      client.end(`HTTP/1.1 ${opts.refuseConnectWith} Refused\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = target.split(':');
    const upstream = net.connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) {
        log.tunnelBytes.push(Buffer.from(head));
        upstream.write(head);
      }
      client.on('data', (d: Buffer) => log.tunnelBytes.push(Buffer.from(d)));
      client.pipe(upstream);
      upstream.pipe(client);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  t.after(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return { url: `http://127.0.0.1:${port}`, port, log };
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/** Base64 with a line break every `columns` characters, as MIME (76, CRLF) and PEM (64, LF) write it. */
function wrapped(base64: string, columns: number, eol: string): string {
  return (base64.match(new RegExp(`.{1,${columns}}`, 'g')) ?? []).join(eol);
}

/**
 * The ways a hostile server or a log may echo a secret, by name: what the canary tests plant and search for.
 * Mixed forms alternate encoded and raw characters; wrapped forms put the secret across a line break.
 */
export function echoedForms(secret: string): Record<string, string> {
  const chars = [...secret];
  const mixed = (encode: (c: string) => string): string => chars.map((c, i) => (i % 2 ? c : encode(c))).join('');
  const unicode = (c: string): string => `\\u${hex(c.charCodeAt(0), 4)}`;
  // 50 bytes before the secret put its base64 across the 64th and 76th column.
  const dump = Buffer.from(`GET /x HTTP/1.1\r\nHost: example.test\r\nAuthorization: Bearer ${secret}\r\n`);
  const utf16le = Buffer.from(secret, 'utf16le');
  return {
    raw: secret,
    percent: encodeURIComponent(secret),
    'percent, every character': [...Buffer.from(secret)].map((b) => `%${hex(b, 2).toUpperCase()}`).join(''),
    base64: Buffer.from(secret).toString('base64'),
    base64url: Buffer.from(secret).toString('base64url'),
    hex: Buffer.from(secret).toString('hex'),
    'JSON \\u escapes': chars.map(unicode).join(''),
    'JSON \\u escapes, upper case, mixed': mixed((c) => unicode(c).toUpperCase().replace('\\U', '\\u')),
    'HTML decimal references': chars.map((c) => `&#${c.charCodeAt(0)};`).join(''),
    'HTML hex references, mixed': mixed((c) => `&#x${hex(c.charCodeAt(0), 4)};`),
    'MIME base64 (76 columns, CRLF)': wrapped(dump.toString('base64'), 76, '\r\n'),
    'PEM base64 (64 columns, LF)': wrapped(dump.toString('base64'), 64, '\n'),
    'MIME base64 in a JSON string': wrapped(dump.toString('base64'), 76, '\\r\\n'),
    'PEM base64 in a JSON string': wrapped(dump.toString('base64'), 64, '\\n'),
    'UTF-16LE base64': utf16le.toString('base64'),
    'UTF-16BE base64': Buffer.from(utf16le).swap16().toString('base64'),
    'UTF-16LE hex': utf16le.toString('hex'),
  };
}

/**
 * How `text` still gives `secret` away, or undefined: an oracle independent of the masking code. It undoes JSON,
 * HTML and percent escapes, then decodes every hex and base64 run (line breaks removed, at each alignment) as
 * UTF-8 and as UTF-16 in both byte orders.
 */
export function reveals(text: string, secret: string): string | undefined {
  const unescaped = text
    .replace(/\\u([0-9a-f]{4})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#([0-9]+);?/g, (_, d: string) => String.fromCodePoint(parseInt(d, 10)))
    .replace(/&amp;/g, '&')
    .replace(/(%[0-9a-f]{2})+/gi, (m) => Buffer.from(m.replace(/%/g, ''), 'hex').toString('utf8'));
  const decoded = (bytes: Buffer): string[] => [
    bytes.toString('utf8'),
    bytes.toString('latin1'),
    bytes.toString('utf16le'),
    Buffer.from(bytes.subarray(0, bytes.length & ~1))
      .swap16()
      .toString('utf16le'),
  ];
  const candidates: Array<[string, string]> = [['text', unescaped]];
  for (const run of unescaped.match(/(?:[0-9a-f]{2})+/gi) ?? []) {
    for (const s of decoded(Buffer.from(run, 'hex'))) candidates.push(['hex', s]);
  }
  const joined = unescaped.replace(/\r|\n|\\r|\\n/g, '');
  for (const run of joined.match(/[A-Za-z0-9+/_-]{8,}/g) ?? []) {
    for (let skip = 0; skip < 4; skip++) {
      for (const s of decoded(Buffer.from(run.slice(skip), 'base64'))) candidates.push(['base64', s]);
      for (let pad = 1; pad < 3; pad++) {
        const bytes = Buffer.from(run.slice(skip), 'base64');
        for (const s of decoded(bytes.subarray(pad))) candidates.push(['base64', s]);
      }
    }
  }
  return candidates.find(([, s]) => s.includes(secret))?.[0];
}
