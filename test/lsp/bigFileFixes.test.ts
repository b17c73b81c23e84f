/**
 * Quick fixes at size, over the real connection: a file over 2 MB with hundreds of fixable problems gets a fix
 * for every one in one request (they used to stop at 2 MB), each fix alone does exactly its change, and Fix all
 * applies every mechanical one in one edit. A second file mixes the kinds (change a value, rename a key, remove
 * it): every diagnostic gets exactly its fixes, and applying them all at once gives a valid file, every value kept.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspHarness } from '../helpers/lspHarness';

const EVERY = 40;

/** A pretty-printed recurring-series update; every 40th attendee has `"role": "1"` and a stray `"nmae"`. */
function bigRequest(count: number): string {
  const attendees = Array.from({ length: count }, (_, i) =>
    i % EVERY === 0
      ? { name: `n${i}`, type: 'normal', role: '1', nmae: 'x' }
      : { name: `n${i}`, type: 'normal', role: 1, phone: `+86${String(10_000_000 + i)}` },
  );
  const request = {
    operation: 'huawei.meeting.updateRecurringMeeting',
    query: { conferenceID: '986256843' },
    body: {
      subject: 's',
      startTime: '2027-03-01 01:30',
      length: 60,
      mediaTypes: 'HDVideo',
      cycleParams: { startDate: '2027-03-01', endDate: '2027-05-26', cycle: 'Week', interval: 1, point: [1] },
      attendees,
    },
  };
  return JSON.stringify(request, null, 2);
}

interface Attendee {
  name: string;
  role: unknown;
  nmae?: string;
}
const attendeesOf = (text: string) => (JSON.parse(text) as { body: { attendees: Attendee[] } }).body.attendees;

describe('quick fixes on a file over 2 MB', () => {
  let lsp: LspHarness;
  before(async () => {
    lsp = await LspHarness.start({ settings: { validation: { maxDiagnostics: 10_000 } } });
  });
  after(() => lsp.dispose());

  test('every fixable diagnostic gets its fix in one request; each does exactly its change; Fix all does all', async () => {
    const text = bigRequest(18_000);
    assert.ok(text.length > 2 * 1024 * 1024, `${text.length} characters`);
    const uri = 'file:///big-fixes.meeting.json';
    const diagnostics = await lsp.open(uri, text);
    const broken = Math.ceil(18_000 / EVERY);
    const fixable = diagnostics.filter((d) =>
      /role must be a whole number|"nmae" is not allowed/.test(String(d.message)),
    );
    assert.equal(fixable.length, 2 * broken);

    const actions = await lsp.codeActions(uri, fixable);
    const doc = TextDocument.create(uri, 'meeting-json', 1, text);
    const before = attendeesOf(text);
    for (const d of fixable) {
      const mine = actions.filter(
        (a) => a.diagnostics?.[0] === d || JSON.stringify(a.diagnostics?.[0]) === JSON.stringify(d),
      );
      assert.equal(mine.length, 1, `one fix for ${String(d.message)} at line ${d.range.start.line}`);
    }
    // Each fix alone (a sample across the file: applying all 900 to a 2 MB text one by one is the slow part).
    for (const action of actions.filter((_, i) => i % 100 === 0 || i === actions.length - 1)) {
      const after = attendeesOf(TextDocument.applyEdits(doc, action.edit!.changes![uri]));
      const changed = after
        .map((a, i) => (JSON.stringify(a) === JSON.stringify(before[i]) ? -1 : i))
        .filter((i) => i >= 0);
      assert.equal(changed.length, 1, `${action.title} changes one attendee`);
      const [i] = changed;
      if (action.title.startsWith('Remove')) assert.deepEqual(after[i], { name: `n${i}`, type: 'normal', role: '1' });
      else assert.deepEqual(after[i], { name: `n${i}`, type: 'normal', role: 1, nmae: 'x' });
    }

    const [fixAll] = await lsp.codeActionsOfKind(uri, ['source.fixAll']);
    assert.ok(fixAll, 'a Fix all action');
    assert.match(fixAll.title, new RegExp(`^Fix all \\(${broken}\\): Change to 1;`));
    const fixed = TextDocument.applyEdits(doc, fixAll.edit!.changes![uri]);
    const all = attendeesOf(fixed);
    assert.equal(all.length, 18_000);
    // Only the mechanical fixes: the type changes; the stray keys stay (removing them drops a value).
    assert.ok(all.every((a, i) => a.role === 1 && a.nmae === (i % EVERY === 0 ? 'x' : undefined)));
    const after = await lsp.edit(uri, { start: doc.positionAt(0), end: doc.positionAt(text.length) }, fixed);
    assert.deepEqual(
      after.filter((d) => /role/.test(String(d.message))),
      [],
    );
    await lsp.close(uri);
  });
});

/** The kinds of mistakes the second file cycles through, one per 25th attendee, with the fixes each gets. */
const MISTAKES = 4;
const SPACING = 25;

function mixedRequest(count: number): string {
  const attendees = Array.from({ length: count }, (_, i) => {
    const phone = `+86${String(10_000_000 + i)}`;
    if (i % SPACING !== 0) return { name: `n${i}`, type: 'normal', role: 1, phone };
    switch ((i / SPACING) % MISTAKES) {
      case 0:
        return { name: `n${i}`, type: 'normal', role: '1', phone };
      case 1:
        return { name: `n${i}`, type: 'normal', role: 1, emial: `n${i}@example.com` };
      case 2:
        return { name: `n${i}`, type: 'normal', role: 1, phone: 8610_000_000 + i };
      default:
        return { name: `n${i}`, type: 'normal', role: 1, Phone: phone };
    }
  });
  return JSON.stringify(
    {
      operation: 'huawei.meeting.updateRecurringMeeting',
      query: { conferenceID: '986256843' },
      body: {
        subject: 's',
        startTime: '2027-03-01 01:30',
        length: 60,
        mediaTypes: 'HDVideo',
        cycleParams: { startDate: '2027-03-01', endDate: '2027-05-26', cycle: 'Week', interval: 1, point: [1] },
        attendees,
      },
    },
    null,
    2,
  );
}

/** The titles of the fixes the mistake of attendee `i` gets, preferred first, and its message. */
function expectedFixes(i: number): { message: RegExp; titles: string[] } {
  switch ((i / SPACING) % MISTAKES) {
    case 0:
      return { message: /^role must be a whole number, not a string\.$/, titles: ['Change to 1'] };
    case 1:
      return {
        message: new RegExp(`^"emial" is not allowed in attendees\\[${i}\\]\\. Did you mean "email"\\?$`),
        titles: ['Rename to "email"', 'Remove "emial"'],
      };
    case 2:
      return {
        message: /^phone must be a string, not a whole number\.$/,
        titles: [`Change to "${8610_000_000 + i}"`],
      };
    default:
      return {
        message: new RegExp(`^"Phone" is not allowed in attendees\\[${i}\\]\\. Did you mean "phone"\\?$`),
        titles: ['Rename to "phone"', 'Remove "Phone"'],
      };
  }
}

describe('quick fixes of every kind on a file over 2 MB', () => {
  let lsp: LspHarness;
  before(async () => {
    lsp = await LspHarness.start({ settings: { validation: { maxDiagnostics: 10_000 } } });
  });
  after(() => lsp.dispose());

  test('each diagnostic gets exactly its fixes; applied together they give a valid file with every value kept', async () => {
    const count = 20_000;
    const text = mixedRequest(count);
    assert.ok(text.length > 2 * 1024 * 1024, `${text.length} characters`);
    const uri = 'file:///big-mixed-fixes.meeting.json';
    const all = await lsp.open(uri, text);
    const doc = TextDocument.create(uri, 'meeting-json', 1, text);
    const broken = Array.from({ length: Math.ceil(count / SPACING) }, (_, k) => k * SPACING);
    // Nothing else is reported but Send's refusal of a file this large: one diagnostic per mistake, where it is.
    const tooLarge = all.filter((d) => d.code === 'too-large-to-send');
    assert.deepEqual(
      tooLarge.map((d) => [d.severity, d.message]),
      [[DiagnosticSeverity.Information, 'This file is larger than 1 MB; request files this large are not sent.']],
    );
    const diagnostics = all.filter((d) => d.code !== 'too-large-to-send');
    assert.equal(diagnostics.length, broken.length);
    // The attendee each line is in: the count of attendee names on the lines before it.
    const attendeeAt: number[] = [];
    let seen = -1;
    for (const line of text.split('\n')) {
      if (/^ {8}"name": "n\d+"/.test(line)) seen++;
      attendeeAt.push(seen);
    }
    const attendeeOf = (line: number) => attendeeAt[line];
    const byAttendee = new Map(diagnostics.map((d) => [attendeeOf(d.range.start.line), d]));
    assert.deepEqual(
      [...byAttendee.keys()].sort((a, b) => a - b),
      broken,
    );

    const actions = await lsp.codeActions(uri, diagnostics);
    const same = (a: Diagnostic | undefined, b: Diagnostic) => JSON.stringify(a) === JSON.stringify(b);
    for (const i of broken) {
      const d = byAttendee.get(i)!;
      const { message, titles } = expectedFixes(i);
      assert.match(String(d.message), message, `attendee ${i}`);
      const mine = actions.filter((a) => same(a.diagnostics?.[0], d));
      assert.deepEqual(
        mine.map((a) => a.title),
        titles,
        `the fixes of attendee ${i}`,
      );
      assert.equal(mine[0].isPreferred, true, `attendee ${i}: the first fix is preferred`);
      assert.ok(mine.every((a) => a.kind === 'quickfix' && a.edit?.changes?.[uri]?.length === 1));
    }
    assert.equal(
      actions.length,
      broken.reduce((n, i) => n + expectedFixes(i).titles.length, 0),
    );

    // Every preferred fix at once (they touch different members): the file stays valid and keeps every value.
    const preferred = actions.filter((a) => a.isPreferred).flatMap((a) => a.edit!.changes![uri]);
    const fixed = TextDocument.applyEdits(doc, preferred);
    const attendees = (JSON.parse(fixed) as { body: { attendees: Array<Record<string, unknown>> } }).body.attendees;
    assert.equal(attendees.length, count);
    attendees.forEach((a, i) => {
      const phone = `+86${String(10_000_000 + i)}`;
      const expected =
        i % SPACING === 0 && (i / SPACING) % MISTAKES === 1
          ? { name: `n${i}`, type: 'normal', role: 1, email: `n${i}@example.com` }
          : i % SPACING === 0 && (i / SPACING) % MISTAKES === 2
            ? { name: `n${i}`, type: 'normal', role: 1, phone: String(8610_000_000 + i) }
            : { name: `n${i}`, type: 'normal', role: 1, phone };
      assert.deepEqual(a, expected, `attendee ${i}`);
    });
    const after = await lsp.edit(uri, { start: doc.positionAt(0), end: doc.positionAt(text.length) }, fixed);
    assert.deepEqual(after, tooLarge);

    // Every removal at once: the stray members go, nothing else.
    const removals = actions.filter((a) => a.title.startsWith('Remove')).flatMap((a) => a.edit!.changes![uri]);
    const removed = (
      JSON.parse(TextDocument.applyEdits(doc, removals)) as { body: { attendees: Array<Record<string, unknown>> } }
    ).body.attendees;
    const original = (JSON.parse(text) as { body: { attendees: Array<Record<string, unknown>> } }).body.attendees;
    removed.forEach((a, i) => {
      const kind = i % SPACING === 0 ? (i / SPACING) % MISTAKES : -1;
      const expected = { ...original[i] };
      if (kind === 1) delete expected.emial;
      if (kind === 3) delete expected.Phone;
      assert.deepEqual(a, expected, `attendee ${i}`);
    });
    await lsp.close(uri);
  });
});
