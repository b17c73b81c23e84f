import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  NEAR_EXPIRY_MS,
  durationWords,
  nearExpiryMs,
  nextRefreshDelay,
  renewalDelay,
  shortTokenName,
  tokenHealth,
} from '../../../client/src/tokenHealth';
import { rng } from '../../helpers/jsonTexts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-12-03T06:00:00Z');

void describe('token health in words', () => {
  void it('says how long is left in the largest unit that fits, rounded down', () => {
    assert.equal(durationWords(4 * HOUR + 59 * MIN), '4 h');
    assert.equal(durationWords(HOUR), '1 h');
    assert.equal(durationWords(59 * MIN + 59_000), '59 min');
    assert.equal(durationWords(47 * HOUR), '47 h');
    assert.equal(durationWords(2 * DAY), '2 d');
    assert.equal(durationWords(14 * DAY - 1), '13 d');
    assert.equal(durationWords(59_000), 'less than a minute');
    assert.equal(durationWords(-5), 'less than a minute');
  });

  void it('names every state', () => {
    assert.deepEqual(tokenHealth(undefined, NOW), { state: 'none', words: 'no token' });
    assert.deepEqual(tokenHealth({}, NOW), { state: 'unknown-expiry', words: 'expiry unknown' });
    assert.deepEqual(tokenHealth({ expiresAt: NOW + 4 * HOUR + 1 }, NOW), {
      state: 'valid',
      leftMs: 4 * HOUR + 1,
      words: '4 h left',
    });
    assert.equal(tokenHealth({ expiresAt: NOW + 14 * MIN }, NOW).state, 'expiring');
    assert.equal(tokenHealth({ expiresAt: NOW + 16 * MIN }, NOW).state, 'valid');
    assert.deepEqual(tokenHealth({ expiresAt: NOW - 3 * MIN }, NOW), {
      state: 'expired',
      leftMs: -3 * MIN,
      words: 'expired 3 min ago',
    });
    assert.equal(tokenHealth({ expiresAt: NOW }, NOW).state, 'expired', 'the last millisecond is not sent');
  });

  void it('warns at a fifth of a short life (the 30-minute Huawei control token) and 15 min otherwise', () => {
    const control = { obtainedAt: NOW, expiresAt: NOW + 30 * MIN };
    assert.equal(nearExpiryMs(control), 6 * MIN);
    assert.equal(tokenHealth(control, NOW + 23 * MIN).state, 'valid');
    assert.equal(tokenHealth(control, NOW + 25 * MIN).state, 'expiring');
    assert.equal(nearExpiryMs({ obtainedAt: NOW, expiresAt: NOW + 12 * HOUR }), NEAR_EXPIRY_MS);
    assert.equal(nearExpiryMs({ expiresAt: NOW + MIN }), NEAR_EXPIRY_MS);
    assert.equal(nearExpiryMs({ obtainedAt: NOW, expiresAt: NOW + 2 * MIN }), MIN, 'never under a minute');
  });

  void it('oracle: the words and the state agree with the time left, for generated expiries', () => {
    const next = rng(10);
    for (let i = 0; i < 2000; i++) {
      const life = Math.floor(next() * 30 * DAY) + 1;
      const obtainedAt = NOW - Math.floor(next() * 2 * life);
      const info = { obtainedAt, expiresAt: obtainedAt + life };
      const left = info.expiresAt - NOW;
      const h = tokenHealth(info, NOW);
      const where = JSON.stringify({ i, life, obtainedAt });
      assert.equal(h.leftMs, left, where);
      if (left <= 0) {
        assert.equal(h.state, 'expired', where);
        assert.match(h.words, /^expired .+ ago$/, where);
        continue;
      }
      assert.equal(h.state, left <= nearExpiryMs(info) ? 'expiring' : 'valid', where);
      const m = /^(\d+) (d|h|min) left$/.exec(h.words);
      if (left < MIN) {
        assert.equal(h.words, 'less than a minute left', where);
        continue;
      }
      assert.ok(m, where + h.words);
      const unit = { d: DAY, h: HOUR, min: MIN }[m[2] as 'd' | 'h' | 'min'];
      const n = Number(m[1]);
      // Rounded down: the number of units said is never more than what is left, and one more would be.
      assert.ok(n * unit <= left && left < (n + 1) * unit, where + h.words);
    }
  });

  void it('redraws when the words would change, not every second', () => {
    const info = { obtainedAt: NOW - HOUR, expiresAt: NOW + 4 * HOUR + 30 * MIN };
    const d = nextRefreshDelay(info, NOW);
    assert.ok(d !== undefined && d > 30 * MIN - 1000 && d <= 30 * MIN + 1000, String(d));
    assert.equal(tokenHealth(info, NOW + (d ?? 0) - 100).words, '4 h left');
    assert.equal(tokenHealth(info, NOW + (d ?? 0)).words, '3 h left', 'the redraw comes just after the change');
    // Entering the near-expiry window redraws (warning colour) even within the unit.
    const near = { expiresAt: NOW + 15 * MIN + 20_000 };
    const dn = nextRefreshDelay(near, NOW) ?? 0;
    assert.ok(dn <= 21_000, String(dn));
    assert.equal(tokenHealth(near, NOW + dn).state, 'expiring');
    assert.equal(nextRefreshDelay(undefined, NOW), undefined);
    assert.equal(nextRefreshDelay({}, NOW), undefined);
    assert.equal(nextRefreshDelay({ expiresAt: NOW - 1 }, NOW), MIN);
    const next = rng(3);
    for (let i = 0; i < 500; i++) {
      const e = { expiresAt: NOW + Math.floor(next() * 3 * DAY) - HOUR };
      const delay = nextRefreshDelay(e, NOW) ?? 0;
      assert.ok(delay >= 1000 && delay <= DAY + 1000, JSON.stringify({ e, delay }));
    }
  });

  void it('schedules renewal five minutes before the end, or at half of a short life', () => {
    assert.equal(renewalDelay({ obtainedAt: NOW, expiresAt: NOW + 12 * HOUR }, NOW), 12 * HOUR - 5 * MIN);
    assert.equal(renewalDelay({ obtainedAt: NOW, expiresAt: NOW + 6 * MIN }, NOW), 3 * MIN);
    assert.equal(renewalDelay({ expiresAt: NOW + 2 * MIN }, NOW), 0, 'due now');
    assert.equal(renewalDelay({ expiresAt: NOW - HOUR }, NOW), 0);
    assert.equal(renewalDelay({}, NOW), undefined);
  });

  void it('names the schemes shortly for the status bar', () => {
    assert.equal(shortTokenName('webexBearer', 'Webex access token'), 'Webex token');
    assert.equal(shortTokenName('huaweiAccessToken', ''), 'Huawei token');
    assert.equal(shortTokenName('huaweiConferenceAuthorization', ''), 'Huawei control token');
    assert.equal(shortTokenName('roomToken', 'Room token'), 'Room token');
    assert.equal(shortTokenName('roomToken', ''), 'roomToken');
  });
});
