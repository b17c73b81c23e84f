/**
 * sendRequest against Stoplight Prism mocking the Huawei catalog: a valid updateMemberVmr gets a 2xx, a
 * string where the catalog says boolean gets a 400 with `sl-violations` naming the field.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as net from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sendRequest } from '../../../client/src/http/index';
import { serverSaid } from '../../../common/serverSaid';
import type { SendOutcome } from '../../../client/src/http/index';
import { SLOTS, closedPort, prepared, settings } from './helpers';

const root = join(__dirname, '..', '..', '..');
const catalog = join(root, 'schemas', 'huawei-meeting.openapi.json');
const prismBin = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'prism.cmd' : 'prism');

interface Operation {
  method: string;
  path: string;
}

/** The updateMemberVmr operation as the catalog declares it, or why it cannot be used. */
function findOperation(): Operation | string {
  if (!existsSync(prismBin)) return `Prism is not installed (${prismBin} is missing)`;
  if (!existsSync(catalog)) return `the Huawei catalog ${catalog} does not exist yet`;
  const doc = JSON.parse(readFileSync(catalog, 'utf8')) as {
    paths?: Record<string, Record<string, { operationId?: string }>>;
  };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (op.operationId?.endsWith('updateMemberVmr')) return { method: method.toUpperCase(), path };
    }
  }
  return 'the Huawei catalog has no updateMemberVmr operation';
}

const operation = findOperation();
const skip = typeof operation === 'string' ? `skipped: ${operation}` : false;

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('sendRequest against a Prism mock of the Huawei catalog', { skip }, () => {
  let prism: ChildProcess | undefined;
  let baseUrl = '';
  let output = '';

  before(async () => {
    const port = await closedPort();
    baseUrl = `http://127.0.0.1:${port}`;
    // Its own process group, so the whole tree can be killed in after().
    prism = spawn(prismBin, ['mock', '-h', '127.0.0.1', '-p', String(port), catalog], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    prism.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    prism.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    // Bounded wait for the port: 120 × 250 ms.
    for (let i = 0; i < 120; i++) {
      if (prism.exitCode !== null) break;
      if (await canConnect(port)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`Prism did not start listening on ${baseUrl}:\n${output}`);
  });

  after(async () => {
    const child = prism;
    if (!child?.pid || child.exitCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        // already gone
      }
    }, 3000);
    await exited;
    clearTimeout(timer);
  });

  function request(body: string): Promise<SendOutcome> {
    const op = operation as Operation;
    return sendRequest(prepared({ method: op.method, pathTemplate: op.path, body }), {
      baseUrl,
      token: { value: 'tkn_prism_0001', slot: SLOTS.huaweiAccessToken, origin: baseUrl },
      settings: settings(),
    });
  }

  test('a valid updateMemberVmr body → 2xx', async () => {
    const outcome = await request(
      '{"vmrName":"Support room","chairPwd":"123456","gustPwd":"654321","allowGustFirst":false}',
    );
    assert.equal(outcome.kind, 'response', JSON.stringify(outcome));
    assert.ok(
      outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300,
      `status ${outcome.kind === 'response' ? outcome.status : '-'}`,
    );
  });

  test('{"allowGustFirst":"false"} → 400 with sl-violations naming the field', async () => {
    const outcome = await request('{"allowGustFirst":"false"}');
    assert.equal(outcome.kind, 'response', JSON.stringify(outcome));
    if (outcome.kind !== 'response') return;
    assert.equal(outcome.status, 400);
    const violations = outcome.headers.find(([k]) => k.toLowerCase() === 'sl-violations')?.[1];
    assert.ok(violations, 'sl-violations header present');
    const parsed = JSON.parse(violations) as Array<{ location: string[]; message: string }>;
    assert.ok(
      parsed.some((v) => v.location.includes('allowGustFirst')),
      violations,
    );
    // The panel's "What the server said" reads Prism's real header as a list naming the field.
    const said = serverSaid(outcome.status, outcome.headers, outcome.bodyText);
    assert.ok(
      said?.violations.some((v) => v.where === 'body › allowGustFirst' && /boolean/.test(v.message)),
      JSON.stringify(said),
    );
  });
});
