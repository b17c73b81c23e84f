/**
 * The outline's item limit over the real connection (`meetingPayloads.outline.maxItems`): a document whose outline
 * is cut gets `meeting/outlineLimit` with the limit, before the outline's answer; one whose outline is whole gets
 * none, and a document whose outline is whole again gets `maxItems: null`. A big document (in its thread) is cut at
 * the default, 5,000.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentSymbol } from 'vscode-languageserver-protocol';
import { OutlineLimit, type OutlineLimitParams } from '../../common/protocol';
import { LspHarness } from '../helpers/lspHarness';

const count = (symbols: DocumentSymbol[]): number => symbols.reduce((n, s) => n + 1 + count(s.children ?? []), 0);

function attendees(n: number): string {
  const list = Array.from({ length: n }, (_, i) => ({ name: `Person ${i}`, role: i % 3 }));
  return JSON.stringify({ operation: 'x', query: { id: '1' }, body: { attendees: list } }, null, 2);
}

describe('the outline limit, told to the client (meeting/outlineLimit)', () => {
  let h: LspHarness;
  const told: OutlineLimitParams[] = [];
  const outline = async (uri: string) => (await h.symbols(uri)) as DocumentSymbol[];

  before(async () => {
    h = await LspHarness.start();
    h.client.onNotification(OutlineLimit.method, (p: OutlineLimitParams) => void told.push(p));
  });
  after(() => h.dispose());

  test('a small document: its whole outline, and no notification', async () => {
    const uri = 'file:///small.meeting.json';
    await h.open(uri, attendees(3));
    const symbols = await outline(uri);
    assert.equal(count(symbols), 3 + 1 + 1 + 3 + 3 * 2);
    await outline(uri);
    assert.deepEqual(told, []);
  });

  test('a limited document: told once with the limit, whole again told null, told again after it is reopened', async () => {
    const uri = 'file:///limited.meeting.json';
    h.settings = { outline: { maxItems: 50 } };
    await h.changeSettings(h.settings, 'file:///small.meeting.json');
    await h.open(uri, attendees(40));
    const symbols = await outline(uri);
    assert.equal(count(symbols), 50);
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['operation', 'query', 'body'],
    );
    assert.deepEqual(told, [{ uri, maxItems: 50 }]);
    await outline(uri);
    assert.deepEqual(told, [{ uri, maxItems: 50 }], 'told only when it changes');

    await h.changeSettings({ outline: { maxItems: 1000 } }, uri);
    assert.equal(count(await outline(uri)), 3 + 1 + 1 + 40 + 40 * 2);
    assert.deepEqual(told.slice(1), [{ uri, maxItems: null }]);

    await h.changeSettings({ outline: { maxItems: 50 } }, uri);
    await outline(uri);
    await h.close(uri);
    await h.open(uri, attendees(40));
    await outline(uri);
    assert.deepEqual(told.slice(2), [
      { uri, maxItems: 50 },
      { uri, maxItems: 50 },
    ]);
    await h.close(uri);
  });

  test('a big document, worked on in its thread: cut at the default 5,000, breadth-first', async () => {
    told.length = 0;
    h.settings = {};
    const uri = 'file:///big.meeting.json';
    await h.changeSettings({}, 'file:///small.meeting.json');
    const text = attendees(20_000);
    assert.ok(text.length > 512 * 1024, 'big enough for the thread');
    await h.open(uri, text);
    const symbols = await outline(uri);
    assert.equal(count(symbols), 5000);
    const list = symbols[2].children![0].children!;
    assert.equal(list.length, 5000 - 5, 'the attendees themselves are listed before any of their members');
    assert.deepEqual(told, [{ uri, maxItems: 5000 }]);
    await h.close(uri);
  });
});
