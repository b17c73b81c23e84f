/**
 * Disagreements the differential oracle found (scripts/fuzz/differential.ts), kept as plain regressions with
 * the complete list of what is reported, every severity.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTarget } from '../../../scripts/fuzz/differential';
import { analyze } from '../../../server/src/features/analyze';
import { DEFAULT_SERVER_SETTINGS } from '../../../common/settings';

const { catalog } = loadTarget();
const report = (operation: string, body: unknown, query?: unknown) =>
  analyze(
    JSON.stringify({ operation, ...(query ? { query } : {}), body }),
    catalog,
    DEFAULT_SERVER_SETTINGS,
  ).problems.map((p) => [p.severity, p.code, (p.path ?? []).join('.')]);

test('an object is not held to a branch that only allows a string ("auto"): its own branch speaks', () => {
  assert.deepEqual(report('oracle.updateSettings', { mode: { level: 4 } }), [['error', 'range', 'body.mode.level']]);
  assert.deepEqual(report('oracle.updateSettings', { mode: { level: 1, zz: 1 } }), [
    ['error', 'additional-property', 'body.mode.zz'],
  ]);
  assert.deepEqual(report('oracle.updateSettings', { mode: 'auto' }), []);
  assert.deepEqual(
    report('oracle.updateSettings', { mode: 'manual' }).map(([s]) => s),
    ['error'],
  );
});

test('a failed anyOf speaks for the branch that declares the members the value has', () => {
  // {"ext": 0}: "ext" belongs to the phone branch, so the missing member is "phone", not "email".
  const text = JSON.stringify({ operation: 'oracle.addLayout', body: { shapes: [], owner: { ext: 0 } } });
  const problems = analyze(text, catalog, DEFAULT_SERVER_SETTINGS).problems;
  assert.deepEqual(
    problems.map((p) => [p.severity, p.code, (p.path ?? []).join('.'), p.message]),
    [
      ['error', 'minItems', 'body.shapes', 'shapes must have at least 1 item.'],
      ['error', 'required', 'body.owner', 'Missing required property "phone" in owner.'],
    ],
  );
});

test('a mediaTypes of another type gets its type error only, not the outdated-form warning', () => {
  const body = {
    mediaTypes: 2.5,
    cycleParams: { startDate: '2031-09-01', endDate: '2031-09-02', cycle: 'Day' },
  };
  const problems = report('huawei.meeting.updateRecurringMeeting', body, { conferenceID: '1' });
  assert.deepEqual(
    problems.filter(([, , path]) => path === 'body.mediaTypes'),
    [['error', 'type', 'body.mediaTypes']],
  );
  assert.ok(!problems.some(([, code]) => code === 'outdated-form'));
});
