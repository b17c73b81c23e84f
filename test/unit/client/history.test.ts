import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  HISTORY_LIMIT,
  HistoryStore,
  addHistoryItem,
  historyItemFrom,
  historyKey,
  maskText,
  sanitizeHistory,
} from '../../../client/src/history';

const TOKEN = 'tkn_0123456789abcdef0123456789abcdef';

class Memento {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  update(key: string, value: unknown) {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

void describe('history', () => {
  void it('keeps a summary only and masks the token wherever it appears', async () => {
    const memento = new Memento();
    const store = new HistoryStore(memento);
    const item = historyItemFrom(
      {
        id: 'a1',
        at: 1,
        method: 'PUT',
        url: `https://webexapis.com/v1/meetings/x?access_token=${TOKEN}`,
        environment: 'production',
        outcome: 'response',
        status: 200,
        statusText: `OK ${TOKEN}`,
        totalMs: 12.6,
        bodyBytes: 10,
      },
      [TOKEN],
    );
    await store.add('file:///a.meeting.json', item);
    const stored = JSON.stringify([...memento.data.entries()]);
    assert.ok(!stored.includes(TOKEN));
    assert.ok(!stored.includes(TOKEN.slice(-12)));
    assert.ok(!/headers|body"|authorization/i.test(stored));
    const [first] = store.list('file:///a.meeting.json');
    assert.equal(first?.totalMs, 13);
    assert.match(first?.url ?? '', /access_token=••••$/);
    assert.deepEqual(store.list('file:///other.meeting.json'), []);
    assert.equal(historyKey('x'), 'meetingPayloads.history:x');
  });

  void it('is newest first and bounded', () => {
    let list: ReturnType<typeof sanitizeHistory> = [];
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) {
      list = addHistoryItem(list, {
        id: `id${i}`,
        at: i,
        method: 'PUT',
        url: 'https://x',
        environment: 'mock',
        outcome: 'cancelled',
      });
    }
    assert.equal(list.length, HISTORY_LIMIT);
    assert.equal(list[0]?.id, `id${HISTORY_LIMIT + 4}`);
  });

  void it('drops malformed stored entries and unknown fields', () => {
    const raw = [
      {
        id: 'ok1',
        at: 5,
        method: 'PUT',
        url: 'https://x',
        environment: 'mock',
        outcome: 'error',
        errorCode: 'TLS',
        headers: [['Authorization', 'Bearer x']],
      },
      { id: '../bad', at: 5, method: 'PUT', url: 'https://x', environment: 'mock', outcome: 'error' },
      { id: 'ok2', at: 'yesterday', method: 'PUT', url: 'https://x', environment: 'mock', outcome: 'error' },
      { id: 'ok3', at: 5, method: 'PUT', url: 'https://x', environment: 'mock', outcome: 'exploded' },
      null,
      'x',
    ];
    const list = sanitizeHistory(raw);
    assert.deepEqual(list, [
      { id: 'ok1', at: 5, method: 'PUT', url: 'https://x', environment: 'mock', outcome: 'error', errorCode: 'TLS' },
    ]);
    assert.deepEqual(sanitizeHistory({ not: 'an array' }), []);
  });

  void it('masks only secrets long enough to mean something', () => {
    assert.equal(maskText('abc', ['a']), 'abc');
    assert.equal(maskText('xx secret xx secret', ['secret']), 'xx •••• xx ••••');
  });
  void it('tells its listeners which file got a send, after storing it', async () => {
    const memento = new Memento();
    const store = new HistoryStore(memento);
    const seen: Array<[string, number]> = [];
    const sub = store.onDidAdd((uri) => seen.push([uri, store.list(uri).length]));
    const item = historyItemFrom(
      { id: 'b1', at: 1, method: 'PUT', url: 'http://127.0.0.1/x', environment: 'e', outcome: 'response', status: 200 },
      [],
    );
    await store.add('file:///a.meeting.json', item);
    sub.dispose();
    await store.add('file:///a.meeting.json', { ...item, id: 'b2' });
    assert.deepEqual(seen, [['file:///a.meeting.json', 1]]);
  });
});
