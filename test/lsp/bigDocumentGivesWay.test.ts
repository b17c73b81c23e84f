/**
 * Work on a 10 MB document never holds up another document's diagnostics and honours `$/cancelRequest` (#11),
 * over a real LSP connection. Order and events are asserted, never time. In the thread of big documents: the
 * thread is held inside the work (`WorkerControl`) while the small document is edited, so its diagnostics can only
 * come first if the main thread is free; stale versions, cancellation and a thread that stops. Without the thread
 * (no thread, or a user catalog configured): the small document's debounce is long (10 s), so without giving way
 * every request would answer first.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancellationTokenSource,
  CompletionRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  ErrorCodes,
  HoverRequest,
  LSPErrorCodes,
  ResponseError,
  type Diagnostic,
  type Position,
} from 'vscode-languageserver-protocol';
import { LspHarness } from '../helpers/lspHarness';
import { WorkerControl } from '../helpers/workerControl';

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

const lastLineOf = (text: string): Position => {
  const lines = text.split('\n');
  const line = lines.findLastIndex((l) => l.includes('"role"'));
  return { line, character: lines[line].indexOf('role') + 1 };
};

/** The small document's edit that flips its `isLock` between 0 and 1. */
const SMALL_VALUE = { start: { line: 2, character: 22 }, end: { line: 2, character: 23 } };

describe('work on a 10 MB document runs in its own thread (#11)', () => {
  let h: LspHarness;
  const control = new WorkerControl();
  let bigText: string;
  /** The big document's diagnostics: every edit below leaves its text as it is. */
  let bigDiagnostics: Diagnostic[];
  let smallEdits = 0;
  /** A new version of the big document, its text the same (its first `{` replaced by `{`). */
  const sameText = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  const editSmall = () => h.edit(SMALL, SMALL_VALUE, ++smallEdits % 2 ? '0' : '1');

  before(async () => {
    h = await LspHarness.start({ worker: control });
    bigText = attendeesFile(10 * 1024 * 1024);
    bigDiagnostics = await h.open(BIG, bigText);
    assert.deepEqual(
      bigDiagnostics.map((d) => d.code),
      ['too-large-to-send', 'required', 'required'],
    );
    await h.open(SMALL, SMALL_TEXT);
  });
  after(() => h.dispose());

  /**
   * Sends `ask` on the big document and holds the thread once it has started the work; meanwhile the small
   * document is edited. Returns the order of events and the big document's answer.
   */
  async function whileHeld<T>(ask: () => Promise<T>): Promise<{ events: string[]; answer: T }> {
    const events: string[] = [];
    control.hold();
    const started = control.nextWork();
    const answer = ask().then((a) => {
      events.push('big document answer');
      return a;
    });
    await started;
    events.push('work started');
    await editSmall();
    events.push('small document diagnostics');
    control.release();
    return { events, answer: await answer };
  }
  const inOrder = ['work started', 'small document diagnostics', 'big document answer'];

  test('validation: the small document is validated while the big one is', async () => {
    const { events, answer } = await whileHeld(() => h.edit(BIG, sameText, '{'));
    assert.deepEqual(events, inOrder);
    assert.deepEqual(answer, bigDiagnostics);
  });

  const position = () => lastLineOf(bigText);
  const requests: Array<[string, () => Promise<unknown>, (answer: unknown) => void]> = [
    [
      'outline',
      () => h.symbols(BIG),
      (a) =>
        assert.deepEqual(
          (a as Array<{ name: string }>).map((s) => s.name),
          ['operation', 'query', 'body'],
        ),
    ],
    ['formatting', () => h.format(BIG), (a) => assert.ok((a as unknown[]).length > 0)],
    ['completion', () => h.completion(BIG, position()), (a) => assert.ok((a as unknown[]).length > 0)],
    ['hover', () => h.hover(BIG, position()), (a) => assert.match(JSON.stringify(a), /role/i)],
    ['code actions', () => h.codeActions(BIG, []), (a) => assert.deepEqual(a, [])],
    ['document links', () => h.documentLinks(BIG), (a) => assert.equal((a as unknown[]).length, 1)],
  ];
  for (const [name, ask, check] of requests) {
    test(`${name}: the small document's diagnostics come while the big one's work is under way`, async () => {
      const { events, answer } = await whileHeld(ask);
      assert.deepEqual(events, inOrder);
      check(answer);
    });
  }

  test('a cancelled request is answered at once, never started; the one under way still answers', async () => {
    control.hold();
    const started = control.nextWork();
    const events: string[] = [];
    const outline = h.symbols(BIG).then((a) => {
      events.push('outline');
      return a;
    });
    await started;
    const source = new CancellationTokenSource();
    const hover = h.client
      .sendRequest(HoverRequest.type, { textDocument: { uri: BIG }, position: position() }, source.token)
      .catch((err: unknown) => {
        events.push('hover rejected');
        throw err;
      });
    source.cancel();
    await assert.rejects(
      hover,
      (err: unknown) => err instanceof ResponseError && err.code === LSPErrorCodes.RequestCancelled,
    );
    const afterCancel = control.nextWork();
    let startedAgain = false;
    void afterCancel.then(() => (startedAgain = true));
    control.release();
    await outline;
    // A request sent after both: the thread went on to it, and the cancelled hover was never started before it.
    const next = control.nextWork();
    await h.symbols(BIG);
    await next;
    assert.deepEqual(events, ['hover rejected', 'outline']);
    assert.ok(startedAgain, 'the next request was started');
  });

  test('a stale version is dropped: only the newest version of the big document gets diagnostics', async () => {
    control.hold();
    const started = control.nextWork();
    const edit = (text: string) => h.change(BIG, sameText, text);
    const first = await edit('{');
    await started; // the validation of `first` is under way
    const second = await edit('{');
    const newest = h.diagnostics(BIG, second);
    // Answered after the second change was read, so the main thread has it when the first's diagnostics come.
    await h.hover(SMALL, { line: 1, character: 5 });
    control.release();
    assert.deepEqual(await newest, bigDiagnostics);
    const versions = h.published.filter((p) => p.uri === BIG).map((p) => p.version);
    assert.ok(!versions.includes(first), `version ${first} published: ${versions.join(', ')}`);
    assert.equal(versions.at(-1), second);
  });

  test('a thread that stops fails its request with a clear error; the next one starts a new thread', async () => {
    const threads = control.workers.length;
    control.hold();
    const started = control.nextWork();
    const hover = h.hover(BIG, position());
    await started;
    await control.crash();
    await assert.rejects(
      hover,
      (err: unknown) =>
        err instanceof ResponseError &&
        err.code === ErrorCodes.InternalError &&
        /Hover: The thread that works on big documents stopped \(it exited with code 1\); it is started again/.test(
          err.message,
        ),
    );
    control.release();
    assert.match(JSON.stringify(await h.hover(BIG, position())), /role/i);
    assert.equal(control.workers.length, threads + 1);
    // The new thread's mirror is the current text, and follows edits.
    const added = await h.edit(BIG, sameText, '{"x": 1,');
    assert.deepEqual(
      added.map((d) => d.message),
      [
        bigDiagnostics[0].message,
        '"x" is not a request-file key (allowed: $schema, operation, pathParams, query, headers, body).',
        ...bigDiagnostics.slice(1).map((d) => d.message),
      ],
    );
    const back = { start: { line: 0, character: 0 }, end: { line: 0, character: 8 } };
    assert.deepEqual(await h.edit(BIG, back, '{'), bigDiagnostics);
  });

  test('a validation under way when the thread stops is done once more, in a new thread', async () => {
    const threads = control.workers.length;
    control.hold();
    const started = control.nextWork();
    const diagnostics = h.edit(BIG, sameText, '{');
    await started;
    const again = control.nextWork();
    await control.crash();
    await again; // held in the new thread
    control.release();
    assert.deepEqual(await diagnostics, bigDiagnostics);
    assert.equal(control.workers.length, threads + 1);
  });
});

describe('without the thread, requests on a 10 MB document give way to other documents (#11 §2)', () => {
  let h: LspHarness;
  let bigText: string;
  let smallEdits = 0;

  before(async () => {
    h = await LspHarness.start({ validationDelayMs: 10_000, worker: false });
    bigText = attendeesFile(10 * 1024 * 1024);
    await h.open(BIG, bigText);
    await h.open(SMALL, SMALL_TEXT);
  });
  after(() => h.dispose());

  const lastLine = (): Position => lastLineOf(bigText);

  /** Edits the small document, then sends `ask` on the big one; returns the order the answers came in. */
  async function order(ask: () => Promise<unknown>): Promise<string[]> {
    const events: string[] = [];
    smallEdits++;
    const text = smallEdits % 2 ? '0' : '1';
    const diagnostics = h.edit(SMALL, SMALL_VALUE, text).then(() => events.push('small document diagnostics'));
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
