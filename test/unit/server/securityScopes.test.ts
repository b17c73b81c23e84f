import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadOpenApi } from '../../../server/src/catalog/openapi';
import { builtinCatalog } from '../../helpers/catalog';

void describe('scopes of the security requirements', () => {
  void it('the built-in catalog lists the documented scopes of the Webex operations', () => {
    const catalog = builtinCatalog();
    assert.deepEqual(catalog.get('webex.meetings.updatePersonalMeetingRoomOptions')?.credentials, [
      {
        scheme: 'webexBearer',
        header: 'Authorization',
        prefix: 'Bearer ',
        label: 'Webex access token',
        scopes: [['meeting:preferences_write'], ['meeting:admin_preferences_write']],
      },
    ]);
    assert.deepEqual(catalog.get('webex.calling.putSharedLineAppearanceMembers')?.credentials[0]?.scopes, [
      ['spark-admin:people_write'],
    ]);
    // Huawei's tokens have no scopes: no list, not an empty one.
    assert.equal(catalog.get('huawei.meeting.updateMemberVmr')?.credentials[0]?.scopes, undefined);
  });

  void it('collects alternatives per scheme, ignores what is not a list of names', () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      servers: [{ url: 'https://x.test' }],
      components: { securitySchemes: { b: { type: 'http', scheme: 'bearer' } } },
      paths: {
        '/a': {
          put: {
            operationId: 'a',
            responses: { '204': { description: 'ok' } },
            security: [{ b: ['one', 'two'] }, { b: ['three', 5, ''] }, { b: 'four' }, { b: [] }],
          },
        },
      },
    };
    const loaded = loadOpenApi(doc, { docId: 't', family: 't', source: 'user' });
    assert.deepEqual(loaded.operations[0]?.credentials[0]?.scopes, [['one', 'two'], ['three']]);
  });
});
