import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonEqual, putDiff, summarizePutDiff, type ListRule } from '../../../common/putDiff';

const members: ListRule = {
  key: 'id',
  label: ['firstName', 'lastName'],
  removed: (n) => `${n} member${n === 1 ? '' : 's'} lose${n === 1 ? 's' : ''} their line`,
};

// A shared-line read: members carry display fields (names) the PUT items do not accept.
const current = {
  model: 'Business Communicator (PC)',
  maxLineCount: 10,
  members: [
    { id: 'p1', firstName: 'Ada', lastName: 'Lovelace', port: 1, lineType: 'PRIMARY' },
    { id: 'p2', firstName: 'Alan', lastName: 'Turing', port: 2, lineType: 'SHARED_CALL_APPEARANCE' },
    { id: 'p3', firstName: 'Grace', lastName: 'Hopper', port: 3, lineType: 'SHARED_CALL_APPEARANCE' },
  ],
};
const readOnly = ['model', 'maxLineCount'];

void describe('putDiff', () => {
  it('names the members a shared-line PUT removes, and is destructive', () => {
    const body = { members: [{ id: 'p1', port: 1, lineType: 'PRIMARY' }] };
    const diff = putDiff(current, body, { readOnly, lists: { members } });
    assert.equal(diff.destructive, true);
    assert.deepEqual(summarizePutDiff(diff), ['2 members lose their line: Alan Turing, Grace Hopper']);
    assert.deepEqual(Object.keys(diff.before), ['members'], 'read-only fields are not compared');
  });

  it('reports nothing when the body keeps every member unchanged (display fields ignored, order ignored)', () => {
    const body = {
      members: [
        { id: 'p3', port: 3, lineType: 'SHARED_CALL_APPEARANCE' },
        { id: 'p1', port: 1, lineType: 'PRIMARY' },
        { id: 'p2', port: 2, lineType: 'SHARED_CALL_APPEARANCE' },
      ],
    };
    const diff = putDiff(current, body, { readOnly, lists: { members } });
    assert.deepEqual(diff.changes, []);
    assert.equal(diff.destructive, false);
    assert.deepEqual(summarizePutDiff(diff), ['Nothing changes: the body matches the current state.']);
  });

  it('reports an edited kept member and an added member without calling them destructive', () => {
    const body = {
      members: [
        { id: 'p1', port: 1, lineType: 'PRIMARY' },
        { id: 'p2', port: 5, lineType: 'SHARED_CALL_APPEARANCE' },
        { id: 'p3', port: 3, lineType: 'SHARED_CALL_APPEARANCE' },
        { id: 'p4', port: 4, lineType: 'SHARED_CALL_APPEARANCE' },
      ],
    };
    const diff = putDiff(current, body, { readOnly, lists: { members } });
    assert.equal(diff.destructive, false);
    assert.deepEqual(summarizePutDiff(diff), ['members: items change', '1 item(s) added to members: p4']);
  });

  it('resets a left-out field to its documented default, and says when no default is documented', () => {
    const pmr = { topic: 'Room', allowUnmuteByOneself: 0, hostPin: '4325', personalMeetingRoomLink: 'https://x' };
    const diff = putDiff(
      pmr,
      { topic: 'New room' },
      { readOnly: ['personalMeetingRoomLink'], defaults: { allowUnmuteByOneself: 1 } },
    );
    assert.equal(diff.destructive, true);
    assert.deepEqual(diff.after, { topic: 'New room', allowUnmuteByOneself: 1 });
    assert.deepEqual(summarizePutDiff(diff), [
      'allowUnmuteByOneself is reset to its documented default 1 (now 0): the body leaves it out',
      'hostPin is left out of the body (now "4325"); the vendor documents no default, so the PUT may clear it',
      'topic changes from "Room" to "New room"',
    ]);
  });

  it('a left-out field already at its default is not a change', () => {
    const diff = putDiff({ a: 1, d: 0 }, { a: 1 }, { defaults: { d: 0 } });
    assert.deepEqual(diff.changes, []);
    assert.equal(diff.destructive, false);
  });

  it('an emptied list or a list left out removes every item', () => {
    for (const body of [{ members: [] }, {}]) {
      const diff = putDiff(current, body, { readOnly, lists: { members } });
      assert.deepEqual(summarizePutDiff(diff), ['3 members lose their line: Ada Lovelace, Alan Turing, Grace Hopper']);
    }
  });

  it('lists without a rule compare as whole values; non-object inputs are empty states', () => {
    assert.deepEqual(summarizePutDiff(putDiff({ a: [1, 2] }, { a: [2, 1] })), ['a: items change']);
    assert.deepEqual(putDiff(null, 'x').changes, []);
  });

  // Oracle over generated states: a body equal to the current state (minus read-only fields) changes nothing;
  // a body missing any field without a default is destructive; every changed field is reported exactly once.
  it('agrees with a direct oracle on generated states', () => {
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const values = [0, 1, 'a', 'b', true, null, [1], { x: 1 }];
    for (let round = 0; round < 300; round++) {
      const cur: Record<string, unknown> = {};
      const body: Record<string, unknown> = {};
      const defaults: Record<string, unknown> = {};
      for (const f of ['f0', 'f1', 'f2', 'f3', 'f4']) {
        if (rnd(4) > 0) cur[f] = values[rnd(values.length)];
        if (rnd(4) > 0) body[f] = rnd(2) === 0 && f in cur ? cur[f] : values[rnd(values.length)];
        if (rnd(3) === 0) defaults[f] = values[rnd(values.length)];
      }
      const diff = putDiff(cur, body, { defaults });
      const fields = new Set([...Object.keys(cur), ...Object.keys(body)]);
      let expectDestructive = false;
      for (const f of fields) {
        const reported = diff.changes.filter((c) => c.field === f);
        const inCur = f in cur;
        const inBody = f in body;
        let expected: string | undefined;
        if (inBody && !inCur) expected = 'added';
        else if (inBody && !jsonEqual(cur[f], body[f])) expected = 'changed';
        else if (!inBody && f in defaults && !jsonEqual(cur[f], defaults[f])) expected = 'reset';
        else if (!inBody && !(f in defaults)) expected = 'omitted';
        if (expected === 'reset' || expected === 'omitted') expectDestructive = true;
        assert.deepEqual(
          reported.map((c) => c.kind),
          expected ? [expected] : [],
          `${f} in ${JSON.stringify({ cur, body, defaults })}`,
        );
      }
      assert.equal(diff.destructive, expectDestructive);
      assert.deepEqual(putDiff(cur, cur, { defaults }).changes, []);
    }
  });
});

void describe('putDiff with field names an object inherits', () => {
  it('treats "constructor" and "toString" as plain fields, not as list rules', () => {
    const cur = { constructor: [1, 2], toString: [3] };
    const body = { constructor: [1] };
    const diff = putDiff(cur, body, { lists: { members } });
    assert.deepEqual(diff.changes, [
      { kind: 'changed', field: 'constructor', before: [1, 2], after: [1] },
      { kind: 'omitted', field: 'toString', before: [3] },
    ]);
    assert.equal(diff.destructive, true);
  });
});
