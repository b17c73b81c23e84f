import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { MASK, maskDeep, maskSecrets } from '../../../client/src/http/index';
import { echoedForms, reveals } from './helpers';
import { cpuNow } from '../../helpers/cpuTime';

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

  test('T4: masks every echoed form — JSON \\u escapes, HTML references, MIME-wrapped and UTF-16 base64 …', () => {
    for (const secret of [token, 'p@ss/wörd+"<&>'.repeat(2)]) {
      for (const [name, form] of Object.entries(echoedForms(secret))) {
        // The oracle finds the secret in the form as echoed, so it can find what masking leaves behind.
        assert.ok(reveals(`x ${form} y`, secret), `the oracle misses ${name}`);
        for (const text of [`x ${form} y`, `{"echoed":"${form}"}`, `<p title="${form}">${form}</p>`]) {
          const out = maskSecrets(text, [secret]);
          assert.ok(out.includes(MASK), `${name}: ${out}`);
          assert.equal(reveals(out, secret), undefined, `${name} still gives ${secret} away: ${out}`);
        }
      }
    }
  });

  test('T4: masking a 10 MB body with three secrets stays within a bound', () => {
    const body = JSON.stringify(
      Array.from({ length: 150_000 }, (_, i) => ({
        id: i,
        note: `n&amp;%41\\u0041 ${randomBytes(24).toString('base64')}`,
      })),
    );
    assert.ok(body.length > 10_000_000);
    const started = cpuNow();
    const out = maskSecrets(`${body}${token}`, [token, 'proxy-user:proxy-pass', 'another-secret-1234']);
    assert.ok(out.endsWith(MASK));
    assert.ok(cpuNow() - started < 10_000, `${cpuNow() - started} ms of CPU`);
  });

  test('leaves text alone when there are no secrets or they are too short to mask meaningfully', () => {
    assert.equal(maskSecrets('abc', []), 'abc');
    assert.equal(maskSecrets('a b c', ['a']), 'a b c');
  });

  // Texts shorter than any form of the secrets are skipped unread: the shortest form decides, not the secret.
  test('T4: a text exactly as long as the shortest form is still masked, whatever form that is', () => {
    const secret = 'abcdefghij';
    // base64 of the secret at the second alignment keeps 8 characters that are its bytes alone: fewer than 10.
    const fragment = Buffer.concat([Buffer.alloc(1), Buffer.from(secret)])
      .toString('base64')
      .slice(4, 12);
    assert.equal(fragment.length, 8);
    assert.equal(maskSecrets(fragment, [secret]), MASK);
    assert.deepEqual(maskDeep({ [fragment]: [fragment, fragment.slice(1)] }, [secret]), {
      [MASK]: [MASK, fragment.slice(1)],
    });
    assert.equal(maskSecrets('abcd', ['abcd']), MASK, 'a secret of the shortest length that is masked');
    assert.equal(maskSecrets('ABCD', ['abcd']), MASK);
    assert.equal(maskSecrets('abc', ['abcd']), 'abc');
    // The shortest form of several secrets is the shortest of all of them.
    assert.equal(maskSecrets('wxyz', [`long-${token}`, 'wxyz']), MASK);
  });

  // Wrapped base64 is searched for only where a line break stands between two base64 characters.
  test('T4: base64 of the token cut by any line break at any place, in pretty JSON, is masked', () => {
    const encoded = Buffer.from(`Bearer ${token}`).toString('base64');
    for (const eol of ['\n', '\r\n', '\\n', '\\r\\n']) {
      for (let cut = 1; cut < encoded.length; cut++) {
        const text = `{\n  "a": "x",\n  "v": "${encoded.slice(0, cut)}${eol}${encoded.slice(cut)}"\n}`;
        const out = maskSecrets(text, [token]);
        assert.equal(reveals(out, token), undefined, `${JSON.stringify(eol)} at ${cut}: ${out}`);
        assert.ok(out.startsWith('{\n  "a": "x",\n  "v": "'), 'the text around is kept');
      }
    }
    const pretty = `{\n  "token": "${token}",\n  "n": 1\n}`;
    assert.equal(maskSecrets(pretty, [token]), `{\n  "token": "${MASK}",\n  "n": 1\n}`);
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

  test('maskDeep keeps a "__proto__" key as data (a parsed response may have one), masked like any other', () => {
    const input = JSON.parse(`{"__proto__": {"polluted": "${token}"}, "k": 1}`) as Record<string, unknown>;
    const out = maskDeep(input, [token]);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.ok(Object.prototype.hasOwnProperty.call(out, '__proto__'));
    assert.deepEqual(Object.getOwnPropertyDescriptor(out, '__proto__')?.value, { polluted: MASK });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.keys(out), ['__proto__', 'k']);
  });
});
