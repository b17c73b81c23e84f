/**
 * Request files and a user catalog for the "diagnostics a user can trust" regressions (#9), shared by the
 * unit tests and the tests over a real LSP connection.
 */
export const SHARED_LINE = 'webex.calling.putSharedLineAppearanceMembers';
export const DEPRECATED = `warning deprecated-operation@"${SHARED_LINE}": ${SHARED_LINE} is deprecated by the vendor.`;
export const MEMBER = {
  id: 'Y2lzY29zcGFyazovL3VzL1BFT1BMRS8w',
  port: 1,
  primaryOwner: true,
  lineType: 'PRIMARY',
  lineWeight: 1,
  hotlineEnabled: false,
  allowCallDeclineEnabled: true,
};

export const sharedLine = (member: Record<string, unknown>) =>
  JSON.stringify(
    { operation: SHARED_LINE, pathParams: { personId: 'p', applicationId: 'a' }, body: { members: [member] } },
    null,
    2,
  );

/** A user catalog whose body objects are made of oneOf, anyOf and if/then behind `$ref`s. */
export const PETS = JSON.stringify({
  openapi: '3.1.0',
  info: { title: 'Pets', version: '1' },
  servers: [{ url: 'https://pets.example.test' }],
  paths: {
    '/pets/{id}': {
      put: {
        operationId: 'putPet',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Owner' } } },
        },
        responses: { '200': { description: 'ok' } },
      },
    },
  },
  components: {
    schemas: {
      Owner: {
        type: 'object',
        required: ['pet'],
        properties: {
          pet: { $ref: '#/components/schemas/Pet' },
          contact: { $ref: '#/components/schemas/Contact' },
          home: { $ref: '#/components/schemas/Home' },
          strictPet: { $ref: '#/components/schemas/StrictPet' },
        },
      },
      Pet: { oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }] },
      StrictPet: {
        oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
        unevaluatedProperties: false,
      },
      Cat: {
        type: 'object',
        required: ['kind', 'meows'],
        properties: { kind: { const: 'cat' }, meows: { type: 'boolean' }, name: { type: 'string' } },
      },
      Dog: {
        type: 'object',
        required: ['kind', 'barks'],
        properties: { kind: { const: 'dog' }, barks: { type: 'boolean' }, name: { type: 'string' } },
      },
      Contact: {
        anyOf: [
          { type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } } },
          { type: 'object', required: ['phone'], properties: { phone: { type: 'string', pattern: '^[0-9]+$' } } },
        ],
      },
      Home: {
        type: 'object',
        properties: { kind: { enum: ['flat', 'house'] }, floor: { type: 'integer' }, garden: { type: 'boolean' } },
        if: { properties: { kind: { const: 'flat' } }, required: ['kind'] },
        then: { required: ['floor'] },
        else: { required: ['garden'] },
      },
    },
  },
});
