/**
 * Set Token for a Webex token (#10 §1): the pasted token's real expiry is asked from tokenExpiry on a stand-in
 * of Webex on 127.0.0.1, and the stored record carries it (so the status bar counts down to it). A token Webex
 * refuses, or an endpoint that does not answer, leaves the expiry unknown and says why, never the token.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { webexPersonalToken } from '../../../client/src/auth/webexPersonal';
import { asksExpiry, pastedTokenRecord, pastedTokenWords } from '../../../client/src/signIn/pastedToken';
import type { ExpiryAnswer } from '../../../client/src/signIn/pastedToken';
import { tokenHealth } from '../../../client/src/tokenHealth';
import { decodeTokenRecord, encodeTokenRecord } from '../../../client/src/tokens';
import { settings } from '../http/helpers';
import { PERSONAL_EXP, PERSONAL_TOKEN, startWebexStandIn } from '../auth/webexStandIn';

const NOW = Date.UTC(2029, 11, 31, 12);

async function ask(token: string, baseUrl?: string): Promise<ExpiryAnswer> {
  const standIn = await startWebexStandIn({ polls: [] });
  try {
    return await webexPersonalToken(token, { baseUrl: baseUrl ?? standIn.baseUrl, settings: settings() }).then(
      (tokens): ExpiryAnswer => ({ ok: true, tokens }),
      (error: Error): ExpiryAnswer => ({ ok: false, error }),
    );
  } finally {
    await standIn.close();
  }
}

describe('Set Token asks a Webex token its real expiry', () => {
  test('only Webex tokens are asked', () => {
    assert.equal(asksExpiry('webexBearer'), true);
    assert.equal(asksExpiry('huaweiAccessToken'), false);
    assert.equal(asksExpiry('huaweiConferenceAuthorization'), false);
  });

  test('the expiry Webex reports is stored in the record and said in words', async () => {
    const answer = await ask(PERSONAL_TOKEN);
    const record = pastedTokenRecord(PERSONAL_TOKEN, NOW, answer);
    assert.deepEqual(record, {
      token: PERSONAL_TOKEN,
      obtainedAt: NOW,
      expiresAt: PERSONAL_EXP,
      flow: 'webex-personal',
    });
    // Stored and read back the same: the status bar's countdown comes from this record.
    const back = decodeTokenRecord(encodeTokenRecord(record));
    assert.deepEqual(back, record);
    assert.equal(tokenHealth(back, NOW).words, '24 h left');
    const words = pastedTokenWords('Webex access token', 'https://webexapis.com', NOW, answer);
    assert.deepEqual(words, {
      text: 'Webex access token set for https://webexapis.com: 24 h left (Webex says it ends 2030-01-01 12:00 UTC).',
      warn: false,
    });
    assert.ok(!words.text.includes(PERSONAL_TOKEN));
  });

  test('a token Webex refuses is stored without an expiry, with a warning that never holds it', async () => {
    const wrong = 'canary-pasted-wrong-3c1d9e';
    const answer = await ask(wrong);
    assert.equal(answer.ok, false);
    assert.deepEqual(pastedTokenRecord(wrong, NOW, answer), { token: wrong, obtainedAt: NOW });
    const words = pastedTokenWords('Webex access token', 'https://webexapis.com', NOW, answer);
    assert.equal(words.warn, true);
    assert.equal(
      words.text,
      'Webex access token set for https://webexapis.com; its expiry is unknown: Webex did not accept this token (expired, revoked or mistyped).',
    );
    assert.ok(!words.text.includes(wrong));
  });

  test('an endpoint that cannot be reached leaves the expiry unknown and says so', async () => {
    // The stand-in is closed before the call: nothing listens there any more.
    const standIn = await startWebexStandIn({ polls: [] });
    const baseUrl = standIn.baseUrl;
    await standIn.close();
    const answer = await webexPersonalToken(PERSONAL_TOKEN, { baseUrl, settings: settings() }).then(
      (tokens): ExpiryAnswer => ({ ok: true, tokens }),
      (error: Error): ExpiryAnswer => ({ ok: false, error }),
    );
    const words = pastedTokenWords('Webex access token', 'x', NOW, answer);
    assert.equal(words.warn, true);
    assert.match(words.text, /its expiry is unknown: The Webex token expiry endpoint could not be reached/);
    assert.ok(!words.text.includes(PERSONAL_TOKEN));
    assert.deepEqual(pastedTokenRecord(PERSONAL_TOKEN, NOW, answer), { token: PERSONAL_TOKEN, obtainedAt: NOW });
  });

  test('anything but a FlowError is not shown verbatim', () => {
    const words = pastedTokenWords('T', 'x', NOW, { ok: false, error: new Error(`boom ${PERSONAL_TOKEN}`) });
    assert.equal(words.text, 'T set for x; its expiry is unknown: Webex could not be asked (see the output channel).');
    assert.deepEqual(pastedTokenWords('T', 'x', NOW), { text: 'T set for x.', warn: false });
  });
});
