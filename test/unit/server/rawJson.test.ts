/**
 * The stdio writer's encoding (server/src/rawJson.ts): a message whose `params` or `result` is RawJson reads back
 * exactly as the message with the parsed value in its place, over generated messages and values; any other message
 * is JSON.stringify's text; and a writer that does not know RawJson (VS Code's node IPC) gets the same value through
 * `toJSON`.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Message } from 'vscode-languageserver';
import { encodeMessage, RawJson } from '../../../server/src/rawJson';
import { rng } from '../../helpers/jsonTexts';

/** A random JSON value: nested objects and arrays, strings with quotes, escapes and non-ASCII, numbers, literals. */
function value(r: () => number, depth = 0): unknown {
  const pick = Math.floor(r() * (depth > 3 ? 4 : 6));
  if (pick === 0) return Math.floor(r() * 2000) - 1000;
  if (pick === 1) return ['', 'a"b', 'line\nbreak', 'é€😀', '\\', '</script>'][Math.floor(r() * 6)];
  if (pick === 2) return [true, false, null][Math.floor(r() * 3)];
  if (pick === 3) return r() / 7;
  if (pick === 4) return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, (_, i) => [`k${i}"`, value(r, depth + 1)]));
}

void describe('RawJson in a message', () => {
  test('params and result read back as the parsed value, over generated messages', () => {
    const r = rng(20261206);
    for (let i = 0; i < 2000; i++) {
      const v = value(r);
      const text = r() < 0.5 ? JSON.stringify(v) : JSON.stringify(v, null, 2);
      const message =
        i % 2 === 0
          ? { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: v }
          : { jsonrpc: '2.0', id: i, result: v };
      const key = i % 2 === 0 ? 'params' : 'result';
      const raw = { ...message, [key]: new RawJson(text) } as unknown as Message;
      const encoded = encodeMessage(raw);
      assert.deepEqual(JSON.parse(encoded), message, `message ${i}`);
      assert.ok(encoded.includes(text), `message ${i}: the text is written as it is`);
      // A writer that knows nothing of RawJson: the same message through toJSON.
      assert.deepEqual(JSON.parse(JSON.stringify(raw)), message, `message ${i}, JSON.stringify`);
    }
  });

  test('a message without RawJson is JSON.stringify of it', () => {
    const message = { jsonrpc: '2.0', id: 3, result: { a: [1, 'x'] } } as unknown as Message;
    assert.equal(encodeMessage(message), JSON.stringify(message));
    const empty = { jsonrpc: '2.0', method: 'exit' } as unknown as Message;
    assert.equal(encodeMessage(empty), JSON.stringify(empty));
  });
});
