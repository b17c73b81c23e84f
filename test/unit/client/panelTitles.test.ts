import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileNameOfUri, historyEntryTitle, restoredFileOf } from '../../../client/src/panel/titles';

void describe('response panel titles from a file URI', () => {
  void it('names a history entry after its file, as a live response, marked as history', () => {
    assert.equal(
      historyEntryTitle('PUT', 'file:///w/rooms/room%207.meeting.json'),
      'PUT room 7.meeting.json (history)',
    );
    assert.equal(fileNameOfUri('vscode-remote://remote/w/a.meeting.json'), 'a.meeting.json');
    assert.equal(fileNameOfUri('memfs:/customer/v.meeting.json'), 'v.meeting.json');
    assert.equal(fileNameOfUri('file:///w/bad%E0.meeting.json'), 'bad%E0.meeting.json', 'undecodable: as written');
  });

  void it("takes the restored panel's file from its saved state, trusting nothing", () => {
    const file = 'file:///w/a.meeting.json';
    assert.equal(restoredFileOf({ v: 1, view: { type: 'showResponse', file }, history: { file: 'file:///b' } }), file);
    assert.equal(
      restoredFileOf({ v: 1, history: { file } }),
      file,
      'a pending view was not kept: the history names it',
    );
    for (const bad of [
      undefined,
      null,
      'x',
      1,
      { view: { file: 7 } },
      { view: { file: 'not a url' } },
      { view: null },
    ]) {
      assert.equal(restoredFileOf(bad), undefined, JSON.stringify(bad));
    }
    assert.equal(restoredFileOf({ view: { file: `file:///${'a'.repeat(5000)}` } }), undefined, 'too long');
  });
});
