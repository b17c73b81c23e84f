import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { MASK, maskDeep, maskSecrets } from '../../../client/src/http/index';

describe('maskSecrets', () => {
  const token = `tkn_${randomBytes(24).toString('base64url')}`;

  test('T4: masks the raw token wherever it appears', () => {
    assert.equal(maskSecrets(`Authorization: Bearer ${token}`, [token]), `Authorization: Bearer ${MASK}`);
    assert.equal(maskSecrets(`${token}${token}`, [token]), `${MASK}${MASK}`);
  });

  test('T4: masks the percent-encoded token (either hex case) and the JSON-escaped token', () => {
    const odd = 'a/b+c=d"e\\f g';
    const pct = encodeURIComponent(odd);
    assert.ok(!maskSecrets(`x=${pct}&y=${pct.toLowerCase()}`, [odd]).includes('%2F'));
    assert.equal(maskSecrets(JSON.stringify({ v: odd }), [odd]), `{"v":"${MASK}"}`);
  });

  test('T4: masks base64 of the token at every alignment, also inside Basic and "Bearer " encodings', () => {
    for (const prefix of ['', 'B', 'Be', 'Bearer ', 'user:']) {
      for (const encoding of ['base64', 'base64url'] as const) {
        const encoded = Buffer.from(prefix + token).toString(encoding);
        const out = maskSecrets(`header=${encoded};`, [token]);
        assert.ok(out.includes(MASK), `${prefix}|${encoding}`);
        // What is left cannot be decoded back to the token.
        assert.ok(
          !Buffer.from(out.replace(/^header=|;$/g, '').replace(MASK, ''), encoding)
            .toString('latin1')
            .includes(token),
        );
      }
    }
  });

  test('T4: masks the hex form', () => {
    assert.equal(maskSecrets(Buffer.from(token).toString('hex').toUpperCase(), [token]), MASK);
  });

  test('leaves text alone when there are no secrets or they are too short to mask meaningfully', () => {
    assert.equal(maskSecrets('abc', []), 'abc');
    assert.equal(maskSecrets('a b c', ['a']), 'a b c');
  });

  test('regex metacharacters in secrets are literal', () => {
    assert.equal(maskSecrets('x.*y and xaay', ['x.*y']), `${MASK} and xaay`);
  });

  test('maskDeep masks nested strings and keys, keeps other values', () => {
    const input = { a: [`Bearer ${token}`, 1, true, null], [token]: { b: token }, n: 3 };
    const out = maskDeep(input, [token]);
    assert.ok(!JSON.stringify(out).includes(token));
    assert.deepEqual(out.a, [`Bearer ${MASK}`, 1, true, null]);
    assert.equal(out.n, 3);
  });
});
