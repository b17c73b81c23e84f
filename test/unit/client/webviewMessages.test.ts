import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRejectedMessage, isToWebview, parseFromWebview } from '../../../common/webviewMessages';

void describe('messages from the webview', () => {
  void it('accepts exactly the known shapes and returns a fresh object', () => {
    const good = [
      { type: 'ready' },
      { type: 'copyBody', requestId: 'abc123' },
      { type: 'copyCurl', requestId: 'a_b-C' },
      { type: 'copySupportBundle', requestId: 'x' },
      { type: 'saveResponse', requestId: 'x' },
      { type: 'compareWithBefore', requestId: 'x' },
      { type: 'retry', requestId: 'r1' },
      { type: 'cancel', requestId: 'r1' },
      { type: 'openHistoryEntry', id: '0123456789abcdef0123456789abcdef' },
      { type: 'credentialAction', requestId: 'r1', action: 'signIn' },
      { type: 'credentialAction', requestId: 'r1', action: 'setToken' },
      { type: 'credentialAction', requestId: 'r1', action: 'switchProfile' },
      { type: 'sendFile', file: 'file:///work/room.meeting.json' },
      { type: 'sendFile', file: 'untitled:Untitled-1' },
    ];
    for (const m of good) {
      const parsed = parseFromWebview(m);
      assert.deepEqual(parsed, m);
      assert.notEqual(parsed, m);
    }
  });

  void it('rejects hostile and malformed shapes (T23)', () => {
    const proto = JSON.parse('{"type":"ready","__proto__":{"polluted":true}}') as unknown;
    class Msg {
      type = 'ready';
    }
    const bad: unknown[] = [
      undefined,
      null,
      42,
      'ready',
      [],
      ['ready'],
      {},
      { type: 'send', url: 'http://127.0.0.1:9/canary' },
      { type: 'setToken', token: 'x' },
      { type: 'READY' },
      { type: 'ready', extra: 1 },
      { type: 'copyBody' },
      { type: 'copyBody', requestId: 5 },
      { type: 'copyBody', requestId: '' },
      { type: 'copyBody', requestId: 'a'.repeat(65) },
      { type: 'copyBody', requestId: '../etc/passwd' },
      { type: 'copyBody', requestId: 'x'.repeat(10 * 1024 * 1024) },
      { type: 'copyBody', requestId: 'ok', url: 'http://evil.test' },
      { type: 'openHistoryEntry', requestId: 'ok' },
      { type: 'openHistoryEntry', id: { toString: () => 'ok' } },
      { type: 'retry', requestId: ['ok'] },
      { type: 'credentialAction', requestId: 'r1' },
      { type: 'credentialAction', requestId: 'r1', action: 'storeToken' },
      { type: 'credentialAction', requestId: 'r1', action: 'setToken', token: 'x' },
      { type: 'credentialAction', requestId: 'r1', action: ['setToken'] },
      { type: 'sendFile' },
      { type: 'sendFile', file: '' },
      { type: 'sendFile', file: 'room.meeting.json' },
      { type: 'sendFile', file: `file:///${'a'.repeat(4096)}` },
      { type: 'sendFile', file: ['file:///a.meeting.json'] },
      { type: 'sendFile', file: 'file:///a.meeting.json', requestId: 'r1' },
      { type: { toString: () => 'ready' } },
      { type: 'constructor' },
      { type: 'toString' },
      { type: '__proto__' },
      proto,
      new Msg(),
      Object.create({ type: 'ready' }) as unknown,
    ];
    for (const m of bad) assert.equal(parseFromWebview(m), undefined, `accepted ${describeRejectedMessage(m)}`);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  void it('never throws on random input', () => {
    const values: unknown[] = [
      null,
      undefined,
      0,
      -1,
      NaN,
      '',
      'ready',
      'x'.repeat(100),
      true,
      [],
      {},
      { type: 'ready' },
    ];
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const keys = ['type', 'requestId', 'id', '__proto__', 'constructor', 'url'];
    const types = ['ready', 'copyBody', 'copyCurl', 'retry', 'cancel', 'openHistoryEntry', 'send', ''];
    for (let i = 0; i < 5000; i++) {
      const o: Record<string, unknown> = {};
      const n = rnd(4);
      for (let k = 0; k < n; k++) {
        const key = keys[rnd(keys.length)] ?? 'type';
        Object.defineProperty(o, key, {
          value: rnd(2) ? types[rnd(types.length)] : values[rnd(values.length)],
          enumerable: true,
        });
      }
      const parsed = parseFromWebview(o);
      if (parsed) assert.ok(types.includes(parsed.type));
    }
  });

  void it('describes a rejected message without echoing its content', () => {
    assert.equal(describeRejectedMessage(null), 'non-object (null)');
    const d = describeRejectedMessage({ type: 'x'.repeat(500), token: 'SECRET' });
    assert.ok(d.length < 80 && !d.includes('SECRET'));
  });

  void it('recognises host messages by type only', () => {
    assert.ok(isToWebview({ type: 'showHistory', fileLabel: 'a', entries: [] }));
    assert.ok(!isToWebview({ type: 'eval' }));
    assert.ok(!isToWebview('showResponse'));
  });
});
