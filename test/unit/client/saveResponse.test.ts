import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { responseFileName, responseFileText } from '../../../client/src/send/saveResponse';

void describe('Save response to file', () => {
  void test('proposes <request name>.response.json beside the request file, .txt for other content', () => {
    assert.equal(responseFileName('/w/rooms/vmr.meeting.json', true), 'vmr.response.json');
    assert.equal(responseFileName('C:\\w\\Room.MEETING.JSON', true), 'Room.response.json');
    assert.equal(responseFileName('/w/page.meeting.json', false), 'page.response.txt');
    assert.equal(responseFileName('/w/.meeting.json', true), 'response.response.json');
  });

  void test('writes the body as received, with every stored token masked (an echoing server)', () => {
    const token = 'tok_0123456789abcdef';
    const text = responseFileText(`{"echo":"Bearer ${token}","n":1}`, [token]);
    assert.ok(!text.includes(token), text);
    assert.match(text, /"n":1/);
    assert.equal(responseFileText('{"a":"b"}', [token]), '{"a":"b"}');
  });
});
