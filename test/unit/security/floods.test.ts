/**
 * T26 — huge documents and result floods; T28 — `allErrors` and the cost of validation.
 *
 * Large or error-dense files must give capped, prompt answers: diagnostics are capped at
 * `meetingPayloads.validation.maxDiagnostics` with one "…and N more" summary, at most MAX_PROBLEMS (10,000)
 * problems are examined in detail per source, the outline is capped at 5,000 symbols, formatting answers one
 * edit instead of a million, quick fixes are not computed on files over 2 MB, and a burst of edits is
 * validated once, for its last version.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, format } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentSymbol } from 'vscode-languageserver-protocol';
import { DEFAULT_SERVER_SETTINGS } from '../../../common/settings';
import { formatDocument } from '../../../server/src/features/formatting';
import { codeActionsFor } from '../../../server/src/features/codeActions';
import { toDiagnostics } from '../../../server/src/features/diagnostics';
import { analyze } from '../../../server/src/features/analyze';
import { MAX_PROBLEMS } from '../../../server/src/features/problems';
import { builtinCatalog } from '../../helpers/catalog';
import { LspHarness } from '../../helpers/lspHarness';
import { REQUEST_BOUND_MS, boundFor, positionAt, startLogged, timed, type LoggedHarness, messageOf } from './helpers';

/** A recurring-meeting request file whose attendee list has `count` items made by `item`. */
function attendees(count: number, item: (i: number) => string): string {
  const parts = [
    '{"operation": "huawei.meeting.updateRecurringMeeting", "query": {"conferenceID": "986256843"}, "body": {"subject": "s", "startTime": "2027-03-01 01:30", "length": 60, "mediaTypes": "HDVideo", "cycleParams": {"startDate": "2027-03-01", "endDate": "2027-05-26", "cycle": "Week", "interval": 1, "point": [1]}, "attendees": [',
  ];
  for (let i = 0; i < count; i++) parts.push(i === 0 ? '' : ',', item(i));
  parts.push(']}}');
  return parts.join('');
}

function countSymbols(symbols: DocumentSymbol[]): number {
  let n = 0;
  const stack = [...symbols];
  while (stack.length) {
    const s = stack.pop()!;
    n++;
    if (s.children) stack.push(...s.children);
  }
  return n;
}

describe('T26: huge documents and result floods', () => {
  let h: LoggedHarness;
  before(async () => {
    h = await startLogged();
  });
  after(() => h.lsp.dispose());

  test('T26: a 4.9 MB file with 200,000 invalid array items → prompt, capped diagnostics with "…and N more"', async () => {
    const text = attendees(200_000, (i) => `{"name":"n${i % 10}","role":9}`);
    assert.ok(text.length > 4.5e6 && text.length < 5.2e6, `${text.length} characters`);
    const uri = 'file:///flood-200k.meeting.json';
    const { result: diagnostics, ms } = await timed(() => h.lsp.open(uri, text));
    assert.ok(ms < boundFor(text), `first diagnostics after ${Math.round(ms)} ms`);
    assert.equal(diagnostics.length, DEFAULT_SERVER_SETTINGS.maxDiagnostics + 1);
    const more = diagnostics[diagnostics.length - 1];
    assert.equal(more.code, 'more');
    assert.match(
      messageOf(more),
      /^…and \d+ more problems \(\d+ errors\) not shown; the limit is meetingPayloads\.validation\.maxDiagnostics = 100\.$/,
    );
    // 200,000 schema errors: the first 10,000 are examined, the count of all is said.
    assert.ok(
      diagnostics.some(
        (d) => d.code === 'too-many-problems' && messageOf(d).startsWith('200000 schema errors in the body'),
      ),
      'the summary of the errors not examined is shown',
    );
    const { result: symbols, ms: symbolsMs } = await timed(() => h.lsp.symbols(uri));
    assert.ok(countSymbols(symbols as DocumentSymbol[]) <= 5000, 'the outline is capped at 5,000 symbols');
    assert.ok(symbolsMs < boundFor(text), `outline took ${Math.round(symbolsMs)} ms`);
    const { ms: hoverMs } = await timed(() => h.lsp.hover(uri, positionAt(text, text.length - 30)));
    assert.ok(hoverMs < boundFor(text), `hover took ${Math.round(hoverMs)} ms`);
    const { result: prepared, ms: prepareMs } = await timed(() => h.lsp.prepare(uri));
    assert.ok(prepareMs < boundFor(text), `prepareRequest took ${Math.round(prepareMs)} ms`);
    assert.ok(prepared.ok && !prepared.request.validation.valid && prepared.request.validation.messages.length <= 30);
    await h.lsp.close(uri);
    assert.deepEqual(h.errors, []);
  });

  test('T26: the diagnostics cap follows meetingPayloads.validation.maxDiagnostics', () => {
    const text = attendees(3_000, () => '{"name":"n","role":9}');
    const doc = TextDocument.create('file:///x.meeting.json', 'meeting-json', 1, text);
    const problems = analyze(text, builtinCatalog(), DEFAULT_SERVER_SETTINGS).problems;
    assert.equal(problems.length, 3_000);
    for (const max of [1, 100, 2_999, 3_000, 1_000_000]) {
      const diagnostics = toDiagnostics(doc, problems, max);
      assert.equal(diagnostics.length, Math.min(3_000, max) + (max < 3_000 ? 1 : 0), `max ${max}`);
      if (max < 3_000) assert.match(messageOf(diagnostics[max]), new RegExp(`^…and ${3_000 - max} more problem`));
    }
  });

  test('T26: 50 rapid edits are validated once — only the last version gets diagnostics', async () => {
    // The production debounce (200 ms); the edits below are written to the connection in a few milliseconds.
    const lsp = await LspHarness.start({ validationDelayMs: 200 });
    try {
      const uri = 'file:///typing.meeting.json';
      let text = '{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "x"}, "body": {"vmrName": ""}}';
      const at = text.indexOf('""') + 1;
      await lsp.open(uri, text);
      const before = lsp.published.length;
      const t0 = performance.now();
      const last = lsp.diagnostics(uri, 51);
      for (let v = 2; v <= 51; v++) {
        const pos = positionAt(text, at + v - 2);
        text = text.slice(0, at + v - 2) + 'a' + text.slice(at + v - 2);
        await lsp.client.sendNotification('textDocument/didChange', {
          textDocument: { uri, version: v },
          contentChanges: [{ range: { start: pos, end: pos }, text: 'a' }],
        });
      }
      const sendMs = performance.now() - t0;
      const diagnostics = await last;
      await new Promise((r) => setTimeout(r, 400)); // anything stale would arrive by now
      const versions = lsp.published
        .slice(before)
        .filter((p) => p.uri === uri)
        .map((p) => p.version);
      // The diagnostics published are those of the final text.
      assert.deepEqual(
        diagnostics.map((d) => messageOf(d)),
        analyze(text, builtinCatalog(), DEFAULT_SERVER_SETTINGS).problems.map((p) => p.message),
      );
      assert.ok(text.includes('"vmrName": "' + 'a'.repeat(50) + '"'));
      assert.equal(versions[versions.length - 1], 51, 'the last publication is for the last version');
      for (let i = 1; i < versions.length; i++) {
        assert.ok(versions[i]! > versions[i - 1]!, 'never an older version after a newer one');
      }
      // Written well within the debounce, the burst is validated exactly once.
      if (sendMs < 150) assert.deepEqual(versions, [51]);
    } finally {
      await lsp.dispose();
    }
  });

  test('T26: formatting a 7 MB one-line file answers one edit (not 1.2 million), equal to the formatter’s', async () => {
    // Found by the fuzzer: 1.2 million edits = 128 MB of JSON on the connection, which stalled the server.
    const small = attendees(3_000, (i) => `{"name":"n${i}","type":"normal"}`);
    const doc = TextDocument.create('file:///f.meeting.json', 'meeting-json', 1, small);
    const edits = formatDocument(doc, { tabSize: 2, insertSpaces: true });
    assert.equal(edits.length, 1, 'more than 10,000 edits are answered as one');
    const expected = applyEdits(small, format(small, undefined, { tabSize: 2, insertSpaces: true, eol: '\n' }));
    assert.equal(TextDocument.applyEdits(doc, edits), expected);

    const text = attendees(200_000, (i) => `{"name":"n${i}","type":"normal"}`);
    const uri = 'file:///format-7mb.meeting.json';
    await h.lsp.open(uri, text);
    const { result, ms } = await timed(() => h.lsp.format(uri));
    assert.equal(result?.length, 1);
    assert.ok(ms < boundFor(text), `formatting took ${Math.round(ms)} ms`);
    await h.lsp.close(uri);
  });

  test('T26: formatting a hostile nesting depth answers nothing (its indentation would be quadratic)', async () => {
    // Found by the fuzzer: 10,000 nested brackets took 15 s to format; 100,000 hung the server.
    for (const text of ['['.repeat(100_000), '{"a":'.repeat(10_000)]) {
      const uri = `file:///format-deep-${text.length}.meeting.json`;
      await h.lsp.open(uri, text);
      const { result, ms } = await timed(() => h.lsp.format(uri));
      assert.deepEqual(result, []);
      assert.ok(ms < REQUEST_BOUND_MS);
      await h.lsp.close(uri);
    }
  });

  test('T26: quick fixes on a long one-line file answer promptly (unformatted), also over 2 MB', async () => {
    // Found by the fuzzer: a fix re-formats the whole line it lands on by repeated string concatenation,
    // which on a 7 MB line blocked the server for minutes; each fix also re-parses the whole text.
    const oneLine = attendees(40_000, (i) => `{"name":"n${i}","type":"normal"}`).replace(
      '"mediaTypes": "HDVideo", ',
      '',
    );
    const doc = TextDocument.create('file:///fix.meeting.json', 'meeting-json', 1, oneLine);
    const diagnostics = toDiagnostics(doc, analyze(oneLine, builtinCatalog(), DEFAULT_SERVER_SETTINGS).problems, 100);
    const missing = diagnostics.filter((d) => messageOf(d) === 'Missing required property "mediaTypes".');
    assert.equal(missing.length, 1);
    const { result: actions, ms: fixMs } = await timed(() => Promise.resolve(codeActionsFor(doc, missing)));
    assert.ok(fixMs < boundFor(oneLine), `quick fixes took ${Math.round(fixMs)} ms of CPU`);
    const fixed = TextDocument.applyEdits(doc, actions[0].edit!.changes![doc.uri]);
    assert.equal((JSON.parse(fixed) as { body: { mediaTypes: string } }).body.mediaTypes, 'Voice');

    const huge = attendees(200_000, (i) => `{"name":"n${i}","type":"normal"}`).replace('"mediaTypes": "HDVideo", ', '');
    const uri = 'file:///fix-7mb.meeting.json';
    const all = await h.lsp.open(uri, huge);
    assert.ok(huge.length > 2 * 1024 * 1024);
    const { result, ms } = await timed(() => h.lsp.codeActions(uri, all));
    const add = result.find((a) => a.title.includes('mediaTypes'));
    assert.ok(add, `a fix for the missing property among ${JSON.stringify(result.map((a) => a.title))}`);
    const hugeDoc = TextDocument.create(uri, 'meeting-json', 1, huge);
    const hugeFixed = TextDocument.applyEdits(hugeDoc, add.edit!.changes![uri]);
    assert.equal((JSON.parse(hugeFixed) as { body: { mediaTypes: string } }).body.mediaTypes, 'Voice');
    assert.ok(ms < boundFor(huge));
    await h.lsp.close(uri);
    assert.deepEqual(h.errors, []);
  });
});

describe('T28: allErrors and the cost of validation', () => {
  let h: LoggedHarness;
  before(async () => {
    h = await startLogged();
  });
  after(() => h.lsp.dispose());

  test('T28: 50,000 items each violating three keywords → validation finishes within the bound, capped', async () => {
    const text = attendees(50_000, (i) => `{"name":${i},"role":9,"type":"vip"}`);
    const uri = 'file:///t28.meeting.json';
    const { result: diagnostics, ms } = await timed(() => h.lsp.open(uri, text));
    assert.ok(ms < boundFor(text), `diagnostics after ${Math.round(ms)} ms`);
    assert.equal(diagnostics.length, 101);
    assert.ok(
      diagnostics.some(
        (d) =>
          d.code === 'too-many-problems' &&
          /^150000 schema errors in the body; only the first 10000/.test(messageOf(d)),
      ),
    );
    // The send path prepares from the same analysis: it refuses (valid false) within the same bound.
    const { result: prepared, ms: prepareMs } = await timed(() => h.lsp.prepare(uri));
    assert.ok(prepareMs < boundFor(text), `prepareRequest took ${Math.round(prepareMs)} ms`);
    assert.ok(prepared.ok && !prepared.request.validation.valid);
    assert.ok(prepared.request.validation.errorCount <= MAX_PROBLEMS + 1);
    await h.lsp.close(uri);
  });

  for (const [where, make] of [
    [
      'envelope',
      (keys: string) => `{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "x"}, ${keys}}`,
    ],
    [
      'body',
      (keys: string) => `{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "x"}, "body": {${keys}}}`,
    ],
    [
      'query',
      (keys: string) =>
        `{"operation": "huawei.meeting.updateStartedConfConfig", "query": {"conferenceID": "1", ${keys}}, "body": {}}`,
    ],
    [
      'headers',
      (keys: string) =>
        `{"operation": "huawei.meeting.updateStartedConfConfig", "query": {"conferenceID": "1"}, "headers": {${keys}}, "body": {}}`,
    ],
  ] as const) {
    test(`T28: 300,000 unknown keys in the ${where} → diagnostics within the bound (no argument-list overflow)`, async () => {
      // Found by the fuzzer: 300,000 problems overflowed problems.push(...list) ("Maximum call stack size
      // exceeded"), so the file got no diagnostics at all; then each problem cost ~25 µs to word and place.
      const keys = Array.from({ length: 300_000 }, (_, i) => `"k${i}":${i}`).join(',');
      const uri = `file:///t28-keys-${where}.meeting.json`;
      const text = make(keys);
      const { result: diagnostics, ms } = await timed(() => h.lsp.open(uri, text));
      assert.ok(ms < boundFor(text), `diagnostics after ${Math.round(ms)} ms`);
      assert.equal(diagnostics.length, 101);
      assert.ok(
        diagnostics.some((d) => d.code === 'too-many-problems'),
        'what was not examined is counted',
      );
      await h.lsp.close(uri);
      assert.deepEqual(h.errors, []);
    });
  }
});
