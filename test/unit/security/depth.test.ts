/**
 * T25 — deep nesting never crashes or stalls the language server.
 *
 * Every recursive parser the server uses (jsonc-parser's parseTree, getLocation and format; ajv) is kept
 * away from a nesting depth beyond the limit by a non-recursive pre-scan (`scanStructure`). These tests open
 * documents nested 1,000, 10,000 and 100,000 levels deep — of `[` and of `{"a":` — over a real LSP connection
 * and ask for everything an editor asks for; every answer must come, quickly, without the server logging an
 * error (a handler that throws is caught by runSafe and logged: that would be a bug too).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  REQUEST_BOUND_MS,
  StdioServer,
  positionAt,
  startLogged,
  timed,
  type LoggedHarness,
  messageOf,
} from './helpers';

const SHAPES = [
  { name: '[', open: '[', close: ']' },
  { name: '{"a":', open: '{"a":', close: '}' },
] as const;
const DEPTHS = [1_000, 10_000, 100_000];
const TOO_DEEP = /^Nested more than 256 levels deep here; the file is not validated further\.$/;

describe('T25: deep nesting', () => {
  let h: LoggedHarness;
  before(async () => {
    h = await startLogged();
  });
  after(() => h.lsp.dispose());

  for (const shape of SHAPES) {
    for (const depth of DEPTHS) {
      for (const closed of [false, true]) {
        const label = `${depth.toLocaleString('en')} × ${shape.name}${closed ? ' (closed, inside a request file)' : ''}`;
        test(`T25: ${label} → one diagnostic, and every request answers`, async () => {
          const uri = `file:///deep-${shape.name === '[' ? 'array' : 'object'}-${depth}-${closed}.meeting.json`;
          const nested =
            shape.open.repeat(depth) + (closed ? (shape.name === '[' ? '' : '1') + shape.close.repeat(depth) : '');
          const text = closed
            ? `{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "x"}, "body": {"vmrName": ${nested}}}`
            : nested;
          const { result: diagnostics, ms: diagnosticsMs } = await timed(() => h.lsp.open(uri, text));
          assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics.slice(0, 3)));
          assert.match(messageOf(diagnostics[0]), TOO_DEEP);
          assert.equal(diagnostics[0].code, 'too-deep');
          assert.ok(diagnosticsMs < REQUEST_BOUND_MS, `diagnostics took ${diagnosticsMs} ms`);

          const middle = positionAt(text, Math.floor(text.length / 2));
          const requests: Array<[string, () => Promise<unknown>]> = [
            ['completion', () => h.lsp.completion(uri, middle)],
            ['hover', () => h.lsp.hover(uri, middle)],
            ['code actions', () => h.lsp.codeActions(uri, diagnostics)],
            ['outline', () => h.lsp.symbols(uri)],
            ['formatting', () => h.lsp.format(uri)],
            ['prepareRequest', () => h.lsp.prepare(uri)],
          ];
          for (const [name, send] of requests) {
            const { result, ms } = await timed(send);
            assert.ok(ms < REQUEST_BOUND_MS, `${name} took ${Math.round(ms)} ms`);
            if (name === 'prepareRequest') {
              assert.equal((result as { ok: boolean }).ok, false, 'a too-deep file is never prepared');
            } else if (name === 'hover') assert.equal(result, null);
            else if (name !== 'completion') {
              assert.deepEqual(result ?? [], [], `${name} answers nothing on a hostile depth`);
            }
          }
          await h.lsp.close(uri);
          assert.deepEqual(h.errors, [], 'no handler threw (runSafe logged nothing)');
        });
      }
    }
  }

  test('T25: ten rapid opens of a 100,000-deep document: the server stays up and keeps answering', async () => {
    const text = '['.repeat(100_000);
    for (let i = 0; i < 10; i++) {
      const uri = `file:///rapid-${i}.meeting.json`;
      const diagnostics = await h.lsp.open(uri, text);
      assert.equal(diagnostics.length, 1);
      assert.equal(await h.lsp.hover(uri, positionAt(text, 50_000)), null);
      await h.lsp.close(uri);
    }
    // Still a working server: a normal file gets normal diagnostics.
    const ok = '{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "x"}, "body": {"vmrName": "a"}}';
    assert.deepEqual(await h.lsp.open('file:///after.meeting.json', ok), []);
    assert.deepEqual(h.errors, []);
  });

  test('T25: nesting right at the limit (256) is validated normally; 257 is refused', async () => {
    const at = (depth: number) =>
      `{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "x"}, "body": {"vmrName": ${'['.repeat(depth - 2)}${']'.repeat(depth - 2)}}}`;
    const ok = await h.lsp.open('file:///limit-256.meeting.json', at(256));
    assert.ok(!ok.some((d) => d.code === 'too-deep'), 'depth 256 is within the limit');
    assert.ok(
      ok.some((d) => messageOf(d).startsWith('vmrName must be')),
      'and it is validated against the schema',
    );
    const deep = await h.lsp.open('file:///limit-257.meeting.json', at(257));
    assert.deepEqual(
      deep.map((d) => d.code),
      ['too-deep'],
    );
  });
});

describe('T25: deep nesting against the bundled server process (dist/server.js --stdio)', () => {
  test('T25: the real server process survives 100,000-deep documents and keeps answering', async (t) => {
    const server = await StdioServer.start();
    if (!server) {
      t.skip('dist/server.js is not built (npm run build)');
      return;
    }
    try {
      for (const shape of SHAPES) {
        const text = shape.open.repeat(100_000);
        const uri = `file:///stdio-${shape.name === '[' ? 'array' : 'object'}.meeting.json`;
        const diagnostics = await server.open(uri, text);
        assert.equal(diagnostics.length, 1);
        assert.equal(diagnostics[0].code, 'too-deep');
        assert.equal(await server.hover(uri, 1000, text), null);
        await server.completion(uri, 1000, text);
        assert.equal((await server.prepare(uri)).ok, false);
      }
      assert.equal(server.exited, undefined, 'the server process is alive');
      assert.deepEqual(server.errors, []);
    } finally {
      await server.dispose();
    }
  });
});
