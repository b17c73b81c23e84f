/**
 * Quick fixes at size, over the real connection: a file over 2 MB with hundreds of fixable problems gets a fix
 * for every one in one request (they used to stop at 2 MB), each fix alone does exactly its change, and Fix all
 * applies every mechanical one in one edit.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
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
