import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importFileName, importNotesText } from '../../../client/src/importNotes';

void describe('Import from cURL words', () => {
  void it('proposes a file name from the operation', () => {
    assert.equal(importFileName('huawei.meeting.updateMemberVmr'), 'updateMemberVmr.meeting.json');
    assert.equal(importFileName('huawei.meeting.updateMemberVmr', 2), 'updateMemberVmr-2.meeting.json');
    assert.equal(importFileName('rooms.re name/../x'), 'x.meeting.json');
    assert.equal(importFileName('a.../..'), 'imported.meeting.json');
  });

  void it('shows every note in full, counts the changed values, offers Fix N Problems', () => {
    const notes = [
      'The X-Access-Token header was dropped: tokens come from secret storage.',
      'Changed body.allowGustFirst from "false" to false: the API takes a boolean there.',
      `3:5: warning: ${'x'.repeat(600)}`,
    ];
    const t = importNotesText('huawei.meeting.updateMemberVmr', notes, 2);
    assert.equal(t.message, 'Imported as huawei.meeting.updateMemberVmr. 1 value was fixed.');
    assert.equal(t.detail, notes.map((n) => `• ${n}`).join('\n'), 'nothing cut');
    assert.equal(t.fixButton, 'Fix 2 Problems');
    assert.equal(importNotesText('x.y', [], 1).fixButton, 'Fix 1 Problem');
    assert.equal(importNotesText('x.y', [], 0).fixButton, undefined);
    assert.equal(importNotesText('x.y', [], 0).detail, 'Nothing was dropped or changed.');
  });
});
