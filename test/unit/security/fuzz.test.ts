/**
 * The language-server fuzzer (scripts/fuzz/, `npm run fuzz` for the full 100,000-document run), in a small
 * fixed-seed run inside `npm test`: 2,000 documents over an in-process LSP connection — mutated examples,
 * hostile values and keys, duplicate, reserved and escaped keys, typing sessions of incremental changes,
 * requests at random positions, eight documents nested up to 100,000 deep — then a shorter run against the
 * bundled `dist/server.js --stdio` when it is built. The run fails on any crash, unanswered request, request
 * slower than 5 s, error logged by the server, or broken invariant (scripts/fuzz/oracle.ts). Replay a
 * failing document with the line the run prints (`--seed S --start I --count 1`); failing documents are
 * saved under test-output/fuzz/.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SERVER_JS } from './helpers';

const SEED = 20261122;

interface Summary {
  documents: number;
  documentsPerSecond: number;
  requests: Record<string, { count: number; p99: number; max: number }>;
  failures: Array<{ index: number; kind: string; problems: string[] }>;
  handlerErrors: string[];
  uncaught: string[];
  down: string | undefined;
}

function fuzz(args: string[]): Summary {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts', 'fuzz', 'main.ts'), '--json', '--quiet', ...args],
    { cwd: ROOT, encoding: 'utf8', timeout: 240_000, maxBuffer: 64 * 1024 * 1024 },
  );
  const last = r.stdout.trim().split('\n').pop() ?? '';
  assert.ok(
    last.startsWith('{'),
    `the fuzzer printed no summary (exit ${r.status ?? r.signal}):\n${r.stderr.slice(-4000)}`,
  );
  const summary = JSON.parse(last) as Summary;
  const report = r.stderr.slice(-3000);
  assert.deepEqual(summary.uncaught, [], report);
  assert.equal(summary.down, undefined, report);
  assert.deepEqual(summary.handlerErrors, [], report);
  assert.deepEqual(summary.failures, [], report);
  assert.equal(r.status, 0, report);
  return summary;
}

function line(s: Summary): string {
  const max = Math.max(...Object.values(s.requests).map((r) => r.max));
  const p99 = Math.max(...Object.values(s.requests).map((r) => r.p99));
  return `${s.documents} documents, ${s.documentsPerSecond}/s; slowest request ${max} ms, worst p99 ${p99} ms`;
}

describe('fuzzing the language server', () => {
  test('fuzz: 2,000 documents over an in-process LSP connection — no crash, every request answered within 5 s, every invariant holds', (t) => {
    const s = fuzz(['--seed', String(SEED), '--count', '2000', '--heavy-every', '250']);
    assert.equal(s.documents, 2000);
    t.diagnostic(line(s));
  });

  test('fuzz: 300 documents against the bundled dist/server.js --stdio', (t) => {
    if (!existsSync(SERVER_JS)) {
      t.skip('dist/server.js is not built (npm run build)');
      return;
    }
    const s = fuzz(['--stdio', '--seed', String(SEED + 1), '--count', '300', '--heavy-every', '100']);
    assert.equal(s.documents, 300);
    t.diagnostic(line(s));
  });
});
