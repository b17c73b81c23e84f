/**
 * "What the server said" (common/serverSaid.ts) over the vendors' error envelopes, Prism's sl-violations and
 * generated bodies; the one table of known codes (common/errorCodes.ts) and who reads it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { HUAWEI_INVALID_TOKEN, KNOWN_ERROR_CODES, huaweiCodeMeaning } from '../../../common/errorCodes';
import { SAID_MAX_ERRORS, SAID_TEXT_CHARS, parseViolations, serverSaid } from '../../../common/serverSaid';

const json = (v: unknown): string => JSON.stringify(v);

void describe('serverSaid', () => {
  void test('Webex: message, every errors[].description and the trackingId, in that order', () => {
    const said = serverSaid(
      403,
      [],
      json({
        message: 'The server understood the request, but refused to fulfill it.',
        errors: [
          { description: 'Not permitted to view or change other user’s preferences.' },
          { description: 'Second.' },
        ],
        trackingId: 'ROUTER_1234',
      }),
    );
    assert.deepEqual(said, {
      vendor: 'webex',
      items: [
        { label: 'Message', text: 'The server understood the request, but refused to fulfill it.' },
        { label: 'Error', text: 'Not permitted to view or change other user’s preferences.' },
        { label: 'Error', text: 'Second.' },
        { label: 'Tracking ID', text: 'ROUTER_1234' },
      ],
      violations: [],
    });
  });

  void test('Webex Calling: errorCode, with the meaning of a known one', () => {
    const said = serverSaid(
      400,
      [],
      json({ message: 'Bad', errorCode: 25008, errors: [{ description: 'Missing required field', errorCode: 25008 }] }),
    );
    assert.equal(said?.vendor, 'webex');
    assert.deepEqual(said?.items[1], { label: 'Error code', text: '25008', meaning: 'A required field is missing.' });
    assert.deepEqual(said?.items[2], {
      label: 'Error',
      text: 'Missing required field (error code 25008)',
      meaning: 'A required field is missing.',
    });
  });

  void test('Huawei: error_code and error_msg with their meanings, and the request_id', () => {
    const said = serverSaid(
      401,
      [],
      json({ error_code: HUAWEI_INVALID_TOKEN, error_msg: 'token invalid', request_id: 'req-1' }),
    );
    assert.deepEqual(said, {
      vendor: 'huawei',
      items: [
        {
          label: 'Error code',
          text: 'USG.000000004',
          meaning: 'The access token is invalid: it expired, was logged out, or a newer login replaced it.',
        },
        { label: 'Error message', text: 'token invalid' },
        { label: 'Request ID', text: 'req-1' },
      ],
      violations: [],
    });
    const started = serverSaid(
      400,
      [],
      json({ error_code: 'MMC.111071065', error_msg: 'CONF_MODIFY_FAIL_AS_CONF_ALREADY_STARTED' }),
    );
    assert.match(started?.items[0]?.meaning ?? '', /^MMC codes concern the meeting/);
    assert.match(started?.items[1]?.meaning ?? '', /already started/);
    assert.equal(serverSaid(400, [], json({ error_code: 'XYZ.1', error_msg: 'm' }))?.items[0]?.meaning, undefined);
  });

  void test('nothing to say: a success, a body that is no envelope, an empty or non-JSON body', () => {
    assert.equal(serverSaid(200, [], json({ message: 'fine' })), undefined);
    assert.equal(serverSaid(500, [], json({ result: 'x' })), undefined);
    assert.equal(serverSaid(500, [], ''), undefined);
    assert.equal(serverSaid(502, [], '<html>Bad gateway</html>'), undefined);
    assert.equal(serverSaid(400, [], json(['message'])), undefined);
    assert.equal(serverSaid(400, [], json({ message: 42.5, errors: 'x' }))?.items[0]?.text, '42.5');
  });

  void test('Prism violations become a readable list, on any status', () => {
    const header = json([
      {
        location: ['request', 'body', 'allowGustFirst'],
        severity: 'Error',
        code: 'type',
        message: 'Request body property allowGustFirst must be boolean',
      },
      { location: ['request', 'header', 'x-access-token'], severity: 'Warning', message: 'Missing' },
      { location: [], message: 'Whole request' },
      { nonsense: true },
    ]);
    const said = serverSaid(200, [['SL-Violations', header]], '{}');
    assert.deepEqual(said, {
      vendor: 'other',
      items: [],
      violations: [
        {
          where: 'body › allowGustFirst',
          message: 'Request body property allowGustFirst must be boolean',
          severity: 'Error',
        },
        { where: 'header › x-access-token', message: 'Missing', severity: 'Warning' },
        { where: 'request', message: 'Whole request', severity: 'error' },
      ],
    });
    assert.deepEqual(parseViolations('not json'), []);
    assert.deepEqual(parseViolations(json({ location: ['x'] })), []);
  });

  void test('bounded: long strings are cut, at most SAID_MAX_ERRORS errors', () => {
    const said = serverSaid(
      400,
      [],
      json({ message: 'm'.repeat(5000), errors: Array.from({ length: 50 }, (_, i) => ({ description: `e${i}` })) }),
    );
    assert.equal(said?.items[0]?.text.length, SAID_TEXT_CHARS);
    assert.equal(said?.items.filter((i) => i.label === 'Error').length, SAID_MAX_ERRORS);
  });

  void test('oracle over generated bodies: never throws, and every text comes from the body', () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const keys = ['message', 'errors', 'trackingId', 'error_code', 'error_msg', 'request_id', 'errorCode', 'other'];
    const value = (depth: number): unknown => {
      switch (rand(depth > 2 ? 4 : 6)) {
        case 0:
          return `s${rand(1000)} ${'x'.repeat(rand(3) * 300)}`;
        case 1:
          return rand(100000);
        case 2:
          return null;
        case 3:
          return rand(2) === 0;
        case 4:
          return Array.from({ length: rand(4) }, () => ({
            description: value(depth + 1),
            errorCode: value(depth + 1),
          }));
        default:
          return Object.fromEntries(keys.filter(() => rand(2) === 0).map((k) => [k, value(depth + 1)]));
      }
    };
    for (let i = 0; i < 500; i++) {
      const body = json(Object.fromEntries(keys.filter(() => rand(2) === 0).map((k) => [k, value(0)])));
      const said = serverSaid(400 + rand(200), [], body);
      for (const item of said?.items ?? []) {
        assert.ok(item.text.length <= SAID_TEXT_CHARS + 30, 'bounded');
        const core = item.text.replace(/ \(error code [^)]*\)$/, '').replace(/…$/, '');
        assert.ok(body.includes(core.slice(0, 40)), `"${core.slice(0, 40)}" comes from ${body.slice(0, 200)}`);
      }
    }
  });
});

void describe('the table of known error codes', () => {
  void test('each code once, with a meaning and a source; prefixes give a meaning to unknown Huawei codes', () => {
    const keys = KNOWN_ERROR_CODES.map((k) => `${k.field}:${k.code}`);
    assert.equal(new Set(keys).size, keys.length);
    for (const k of KNOWN_ERROR_CODES) {
      assert.ok(k.meaning.length > 10 && k.source.length > 5, k.code);
    }
    assert.match(huaweiCodeMeaning('USG.123') ?? '', /^USG codes/);
    assert.equal(huaweiCodeMeaning('ABC'), undefined);
  });

  void test('no second list: the Huawei invalid-token code is spelled only in common/errorCodes.ts', () => {
    const root = join(__dirname, '..', '..', '..');
    for (const file of ['client/src/send/credentialNotice.ts', 'client/src/auth/huaweiLogin.ts']) {
      assert.ok(!readFileSync(join(root, file), 'utf8').includes("'USG.000000004'"), file);
    }
  });
});
