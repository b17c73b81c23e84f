/**
 * A request on a 10 MB document gives way to another document's diagnostics and honours `$/cancelRequest`
 * (#11), over a real LSP connection. Order and cancellation are asserted, never time: the small document's
 * debounce is long (10 s), so without giving way every request below would answer first.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancellationTokenSource,
  CompletionRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  HoverRequest,
  LSPErrorCodes,
  ResponseError,
  type Position,
} from 'vscode-languageserver-protocol';
import { LspHarness } from '../helpers/lspHarness';

const BIG = 'file:///big.meeting.json';
const SMALL = 'file:///small.meeting.json';

function attendeesFile(bytes: number): string {
  const item = (i: number) =>
    `    {\n      "name": "Attendee ${i}",\n      "role": ${i % 2},\n      "email": "a${i}@example.com",\n      "type": "normal"\n    }`;
  const items: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    items.push(item(i));
    size += items[i].length + 2;
  }
  return `{\n  "operation": "huawei.meeting.updateRecurringMeeting",\n  "query": { "conferenceID": "986256843" },\n  "body": {\n    "subject": "s",\n    "attendees": [\n${items.join(',\n')}\n    ]\n  }\n}\n`;
}

const SMALL_TEXT = '{\n  "operation": "huawei.meeting.updateStartedConfConfig",\n  "body": { "isLock": 1 }\n}\n';

describe('requests on a 10 MB document give way to other documents (#11 §2)', () => {
  let h: LspHarness;
  let bigText: string;
  let smallEdits = 0;

  before(async () => {
    h = await LspHarness.start({ validationDelayMs: 10_000 });
    bigText = attendeesFile(10 * 1024 * 1024);
    await h.open(BIG, bigText);
    await h.open(SMALL, SMALL_TEXT);
  });
  after(() => h.dispose());

  const lastLine = (): Position => {
    const lines = bigText.split('\n');
    const line = lines.findLastIndex((l) => l.includes('"role"'));
    return { line, character: lines[line].indexOf('role') + 1 };
  };

  /** Edits the small document, then sends `ask` on the big one; returns the order the answers came in. */
  async function order(ask: () => Promise<unknown>): Promise<string[]> {
    const events: string[] = [];
    smallEdits++;
    const text = smallEdits % 2 ? '0' : '1';
    const diagnostics = h
      .edit(SMALL, { start: { line: 2, character: 22 }, end: { line: 2, character: 23 } }, text)
      .then(() => events.push('small document diagnostics'));
    const answer = ask().then(() => events.push('big document answer'));
    await Promise.all([diagnostics, answer]);
    return events;
  }

  const requests: Array<[string, () => Promise<unknown>]> = [
    ['outline', () => h.symbols(BIG)],
    ['formatting', () => h.format(BIG)],
    ['completion', () => h.completion(BIG, lastLine())],
    ['hover', () => h.hover(BIG, lastLine())],
    ['code actions', () => h.codeActions(BIG, [])],
  ];
  for (const [name, ask] of requests) {
    test(`${name}: the other document's diagnostics come first`, async () => {
      assert.deepEqual(await order(ask), ['small document diagnostics', 'big document answer']);
    });
  }

  /** `ask` sent with a token, cancelled while the server gives way: when it asks for a new document's settings. */
  async function cancelledWhileWaiting(
    ask: (token: CancellationTokenSource['token']) => Promise<unknown>,
    n: number,
  ): Promise<unknown> {
    const source = new CancellationTokenSource();
    const uri = `file:///fresh-${n}.meeting.json`;
    h.onConfiguration = (uris) => {
      if (uris.includes(uri)) source.cancel();
    };
    const opened = h.open(uri, SMALL_TEXT);
    const answer = ask(source.token);
    await opened;
    h.onConfiguration = undefined;
    return answer;
  }

  test('a request cancelled while it gives way answers RequestCancelled, and the next one is answered', async () => {
    const position = lastLine();
    const kinds: Array<(token: CancellationTokenSource['token']) => Promise<unknown>> = [
      (token) => h.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: BIG } }, token),
      (token) =>
        h.client.sendRequest(
          DocumentFormattingRequest.type,
          { textDocument: { uri: BIG }, options: { tabSize: 2, insertSpaces: true } },
          token,
        ),
      (token) => h.client.sendRequest(CompletionRequest.type, { textDocument: { uri: BIG }, position }, token),
      (token) => h.client.sendRequest(HoverRequest.type, { textDocument: { uri: BIG }, position }, token),
    ];
    for (const [n, ask] of kinds.entries()) {
      await assert.rejects(
        cancelledWhileWaiting(ask, n),
        (err: unknown) => err instanceof ResponseError && err.code === LSPErrorCodes.RequestCancelled,
      );
    }
    const hover = await h.hover(BIG, position);
    assert.match(JSON.stringify(hover), /role/i);
    const symbols = (await h.symbols(BIG)) as Array<{ name: string }>;
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['operation', 'query', 'body'],
    );
  });
});
