import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { packFixes, unpackFixes } from '../../../server/src/features/fixData';
import type { Fix } from '../../../server/src/features/problems';
import { generatedCases } from '../../helpers/generatedCases';
import { problemsOf } from '../../helpers/catalog';
import { recurringSeries } from '../../../scripts/bench/documents';

/** What a fix was after the wire before: its object through JSON. */
const overTheWire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('fixes in diagnostic data', () => {
  test('every fix of generated files reads back as its object did through JSON, in about half the bytes', () => {
    const texts = [
      ...generatedCases(20261206, 60, 2).map((c) => c.text),
      recurringSeries(20_000, 3, 'fixable').text,
      '{"operation": "huawei.meeting.updateRecurringMeeting", "query": {}, "body": {"attendees": [{"nmae": 1}]}}',
      '{"operation": "webex.meetings.create", "body": {}}',
    ];
    const kinds = new Set<string>();
    let fixAll = 0;
    let packed = 0;
    let plain = 0;
    for (const text of texts) {
      for (const p of problemsOf(text)) {
        if (!p.fixes?.length) continue;
        const data = overTheWire(packFixes(p.fixes));
        assert.deepEqual(unpackFixes(data), overTheWire(p.fixes), text);
        for (const f of p.fixes) kinds.add(f.kind);
        fixAll += p.fixes.filter((f) => f.fixAll).length;
        packed += JSON.stringify(data).length;
        plain += JSON.stringify({ fixes: p.fixes }).length;
      }
    }
    assert.deepEqual([...kinds].sort(), ['add', 'remove', 'rename', 'set']);
    assert.ok(fixAll > 0, 'fixes marked fixAll');
    assert.ok(packed < 0.7 * plain, `${packed} bytes packed, ${plain} as objects`);
  });

  test('a value left undefined stays left out; data that is not ours gives no fix', () => {
    const fixes: Fix[] = [
      { kind: 'set', title: 'Set', path: ['a', 0], value: undefined },
      {
        kind: 'add',
        title: 'Add',
        path: [],
        properties: [
          { name: 'x', value: undefined },
          { name: 'y', value: null },
        ],
      },
      { kind: 'rename', title: 'Rename', path: ['b'], name: 'c', fixAll: true },
    ];
    assert.deepEqual(unpackFixes(overTheWire(packFixes(fixes))), overTheWire(fixes));
    for (const junk of [
      undefined,
      null,
      1,
      'x',
      { fixes },
      [null, [9], ['0', 't', []], [0, 1, []], [0, 't', 'p'], [2, 't', [], 5]],
    ]) {
      assert.deepEqual(unpackFixes(junk), [], JSON.stringify(junk));
    }
  });
});
