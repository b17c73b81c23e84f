/**
 * The fields each operation's catalog marks secret (`x-secret`, or `format: password` in user catalogs), found in
 * the request body and every documented response, through `$ref`s, compositions, items and cycles (T43).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog } from '../../../server/src/catalog/catalog';
import { secretFieldNames } from '../../../server/src/catalog/secretFields';
import { loadUserCatalog } from '../../../server/src/catalog/userCatalog';
import { builtinCatalog } from '../../helpers/catalog';

const namesOf = (catalog: Catalog): Record<string, string[]> =>
  Object.fromEntries(catalog.all().map((op) => [op.id, secretFieldNames(op, (ref) => catalog.resolveRef(ref))]));

describe('secretFieldNames', () => {
  test('T43: the built-in operations name their PINs, passwords and join links, from bodies and responses', () => {
    assert.deepEqual(namesOf(builtinCatalog()), {
      'huawei.meeting.updateMemberVmr': ['chairPwd', 'gustPwd'],
      'huawei.meeting.updateStartedConfConfig': [],
      'huawei.meeting.updateRecurringMeeting': [
        'audienceJoinUri',
        'chairJoinUri',
        'guestJoinUri',
        'guestPwd',
        'password',
      ],
      'webex.calling.putSharedLineAppearanceMembers': [],
      'webex.meetings.updatePersonalMeetingRoomOptions': ['hostPin'],
    });
  });

  test('T43: a user catalog marks them with x-secret or format: password, reached through refs and cycles', () => {
    const spec = {
      openapi: '3.0.3',
      info: { title: 'Rooms', version: '1' },
      servers: [{ url: 'https://rooms.example.com' }],
      paths: {
        '/rooms/{id}': {
          put: {
            operationId: 'updateRoom',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            requestBody: {
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Room' } } },
            },
            responses: {
              '200': {
                description: 'ok',
                content: {
                  'application/json': {
                    schema: { type: 'array', items: { allOf: [{ $ref: '#/components/schemas/Answer' }] } },
                  },
                },
              },
            },
          },
        },
      },
      components: {
        schemas: {
          Room: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              dialInCode: { type: 'string', format: 'password' },
              parent: { $ref: '#/components/schemas/Room' },
              lock: { $ref: '#/components/schemas/Code' },
            },
          },
          Code: { type: 'string', 'x-secret': true },
          Answer: {
            type: 'object',
            properties: { room: { $ref: '#/components/schemas/Room' }, webLink: { type: 'string', 'x-secret': true } },
            additionalProperties: { type: 'object', properties: { hostKey: { type: 'string', format: 'password' } } },
          },
        },
      },
    };
    const result = loadUserCatalog('rooms', JSON.stringify(spec), 'rooms.json');
    if ('error' in result) assert.fail(result.error);
    const catalog = new Catalog();
    catalog.add(result.loaded, 'rooms');
    assert.equal(catalog.problems.length, 0, JSON.stringify(catalog.problems));
    assert.deepEqual(Object.values(namesOf(catalog)), [['dialInCode', 'hostKey', 'lock', 'webLink']]);
  });
});
