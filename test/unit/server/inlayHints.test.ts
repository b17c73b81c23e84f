import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseTree } from 'jsonc-parser';
import { inlayHints, shortLabel } from '../../../server/src/features/inlayHints';
import { serverSettingsFrom } from '../../../common/settings';
import { builtinCatalog, doc } from '../../helpers/catalog';

const FILE = `{
  "operation": "huawei.meeting.updateStartedConfConfig",
  "query": { "conferenceID": "123" },
  "body": { "isLock": 1, "chatPermission": 3, "allowUnmuteByOneself": 0, "other": 1 }
}`;

function hintsOf(text: string, start?: number, end?: number) {
  const d = doc(text);
  return inlayHints(d, JSON.parse(text), parseTree(text), builtinCatalog(), start, end).map((h) => ({
    after: text.slice(0, d.offsetAt(h.position)).split('\n').pop(),
    label: h.label,
    tooltip: h.tooltip,
  }));
}

describe('inlay hints of integer-coded values', () => {
  test('each coded body value gets its documented meaning after it, the full text as tooltip', () => {
    const hints = hintsOf(FILE);
    const op = builtinCatalog().get('huawei.meeting.updateStartedConfConfig');
    assert.ok(op);
    assert.deepEqual(
      hints.map((h) => h.after?.slice(h.after.lastIndexOf('"', h.after.lastIndexOf('"') - 1))),
      ['"isLock": 1', '"chatPermission": 3', '"allowUnmuteByOneself": 0'],
    );
    assert.equal(hints[0].label, 'Lock the meeting');
    assert.equal(hints[0].tooltip, 'Lock the meeting: nobody else can join');
    assert.equal(hints[2].label, 'Participants may not unmute themselves');
  });

  test('only values inside the asked range', () => {
    const from = FILE.indexOf('"chatPermission"');
    assert.deepEqual(
      hintsOf(FILE, from, from + 25).map((h) => h.label),
      [hintsOf(FILE)[1].label],
    );
  });

  test('no hints without a known operation, outside the body, or for values not in the enum', () => {
    assert.deepEqual(hintsOf(FILE.replace('updateStartedConfConfig', 'nope')), []);
    assert.deepEqual(hintsOf('{"operation": "huawei.meeting.updateStartedConfConfig", "query": {"isLock": 1}}'), []);
    assert.deepEqual(hintsOf(FILE.replace('"isLock": 1', '"isLock": 7')).length, 2);
    assert.deepEqual(hintsOf('[1]'), []);
  });

  test('long meanings are cut at a colon or 40 characters', () => {
    assert.equal(shortLabel('Lock the meeting: nobody else can join'), 'Lock the meeting');
    assert.equal(shortLabel('x'.repeat(60)), 'x'.repeat(39) + '…');
  });

  test('the setting is on by default and off only for false', () => {
    assert.equal(serverSettingsFrom({}).enumMeaningHints, true);
    assert.equal(serverSettingsFrom({ inlayHints: { enumMeanings: 'no' } }).enumMeaningHints, true);
    assert.equal(serverSettingsFrom({ inlayHints: { enumMeanings: false } }).enumMeaningHints, false);
  });
});
