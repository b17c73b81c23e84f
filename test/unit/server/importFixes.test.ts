import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importCurl } from '../../../server/src/features/importCurl';
import { pathText } from '../../../server/src/features/importFixes';
import { builtinCatalog } from '../../helpers/catalog';

const VMR = 'https://api.meeting.huaweicloud.com/v1/usg/dcs/member/vmr/room-1';
const CONF =
  'https://api.meeting.huaweicloud.com/v1/mmc/control/conferences/updateStartedConfConfig?conferenceID=900244663';
const curl = (url: string, data: unknown) =>
  `curl -X PUT -H 'X-Access-Token: abcdefghijklmnop1234' -d '${JSON.stringify(data)}' ${url}`;

void describe('the editor import fixes string booleans and numbers, and says so', () => {
  void it('a string boolean becomes a boolean, named in a note with both values', () => {
    const r = importCurl(curl(VMR, { vmrName: 'Room', allowGustFirst: 'false' }), builtinCatalog(), {
      fixMechanical: true,
    });
    assert.ok(r.ok);
    const file = JSON.parse(r.fileText) as { body: Record<string, unknown> };
    assert.equal(file.body.allowGustFirst, false);
    assert.equal(file.body.vmrName, 'Room', 'other values untouched');
    assert.ok(
      r.notes.includes('Changed body.allowGustFirst from "false" to false: the API takes a boolean there.'),
      r.notes.join('\n'),
    );
    assert.ok(!r.notes.some((n) => /allowGustFirst.*must be a boolean/i.test(n)), 'no problem left for it');
    assert.equal(r.fixable, 0);
    // The dropped credential is still named first among the notes.
    assert.match(r.notes.join('\n'), /X-Access-Token/);
  });

  void it('string integers become integers; a number that would change (beyond 2^53) is left and reported', () => {
    const r = importCurl(curl(CONF, { isLock: '1', lockSharing: '12345678901234567890' }), builtinCatalog(), {
      fixMechanical: true,
    });
    assert.ok(r.ok);
    const body = (JSON.parse(r.fileText) as { body: Record<string, unknown> }).body;
    assert.equal(body.isLock, 1);
    assert.equal(body.lockSharing, '12345678901234567890', 'never rounded');
    assert.ok(r.notes.includes('Changed body.isLock from "1" to 1: the API takes a number there.'), r.notes.join('\n'));
    assert.ok(
      r.notes.some((n) => /lockSharing/.test(n) && /error/.test(n)),
      'the unfixed value is still reported',
    );
  });

  void it('a misspelt key is counted as one click away, not renamed', () => {
    const r = importCurl(curl(VMR, { vmrNmae: 'Room', allowGustFirst: 'true' }), builtinCatalog(), {
      fixMechanical: true,
    });
    assert.ok(r.ok);
    const body = (JSON.parse(r.fileText) as { body: Record<string, unknown> }).body;
    assert.deepEqual(Object.keys(body), ['vmrNmae', 'allowGustFirst']);
    assert.equal(body.allowGustFirst, true);
    assert.equal(r.fixable, 1);
  });

  void it('without fixMechanical (check-docs, the command line) the command is imported as written', () => {
    const r = importCurl(curl(VMR, { allowGustFirst: 'false' }), builtinCatalog());
    assert.ok(r.ok);
    assert.equal((JSON.parse(r.fileText) as { body: Record<string, unknown> }).body.allowGustFirst, 'false');
    assert.equal(r.fixable, undefined);
    assert.ok(!r.notes.some((n) => n.startsWith('Changed ')));
  });

  void it('names paths the way the notes and Problems do', () => {
    assert.equal(pathText(['body', 'settings', 0, 'isLock']), 'body.settings[0].isLock');
  });
});
