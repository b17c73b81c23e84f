import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokenListItems, tokenMenuEntries } from '../../../client/src/tokenMenu';

const NOW = Date.parse('2026-12-03T06:00:00Z');

void describe('token menu and list', () => {
  void it('offers what makes sense for the active credential', () => {
    const credential = {
      scheme: 'webexBearer',
      label: 'Webex access token',
      origin: 'https://webexapis.com',
      profile: 'default',
      stored: false,
    };
    const none = tokenMenuEntries({ credential, environment: 'production' });
    assert.deepEqual(
      none.map((e) => e.action),
      ['signIn', 'setToken', 'switchProfile', 'showTokens', 'selectEnvironment'],
    );
    assert.equal(none[0]?.label, 'Sign In to Webex');
    assert.equal(none[1]?.label, 'Set Token: paste a Webex token');
    const stored = tokenMenuEntries({ credential: { ...credential, stored: true, profile: 'acme' }, environment: 'p' });
    assert.deepEqual(
      stored.map((e) => e.action),
      ['signIn', 'setToken', 'clearToken', 'switchProfile', 'showTokens', 'selectEnvironment'],
    );
    assert.equal(stored[0]?.label, 'Sign In to Webex again');
    assert.match(stored[2]?.detail ?? '', /profile "acme"/);
    assert.match(stored[3]?.label ?? '', /now "acme"/);
    // Huawei access tokens sign in (App ID or account); the control token is minted on Send, so no Sign In.
    const huawei = tokenMenuEntries({
      credential: { ...credential, scheme: 'huaweiAccessToken', label: 'Huawei access token' },
      environment: 'p',
    });
    assert.deepEqual(
      huawei.map((e) => e.action),
      ['signIn', 'setToken', 'switchProfile', 'showTokens', 'selectEnvironment'],
    );
    assert.equal(huawei[0]?.label, 'Sign In to Huawei Cloud Meeting');
    const control = tokenMenuEntries({
      credential: { ...credential, scheme: 'huaweiConferenceAuthorization', label: 'Huawei meeting-control token' },
      environment: 'p',
    });
    assert.deepEqual(
      control.map((e) => e.action),
      ['setToken', 'switchProfile', 'showTokens', 'selectEnvironment'],
    );
    const noFile = tokenMenuEntries({ environment: 'mock' });
    assert.deepEqual(
      noFile.map((e) => e.action),
      ['showTokens', 'selectEnvironment'],
    );
  });

  void it('lists scheme, origin, profile and expiry, marks the one in use, never a value', () => {
    const items = tokenListItems(
      [
        { scheme: 'webexBearer', origin: 'https://webexapis.com', profile: 'acme', expiresAt: NOW + 5 * 3_600_000 },
        { scheme: 'webexBearer', origin: 'https://webexapis.com', profile: 'default' },
        {
          scheme: 'huaweiAccessToken',
          origin: 'https://api.meeting.huaweicloud.com',
          profile: 'default',
          expiresAt: NOW - 60_000,
          refreshable: true,
        },
      ],
      (e) => e.profile === 'acme',
      NOW,
    );
    assert.deepEqual(
      items.map((i) => [i.label, i.description]),
      [
        ['webexBearer · https://webexapis.com', 'profile "acme" · 5 h left (until 2026-12-03 11:00 UTC) · in use'],
        ['webexBearer · https://webexapis.com', 'profile "default" · expiry unknown'],
        [
          'huaweiAccessToken · https://api.meeting.huaweicloud.com',
          'profile "default" · expired 1 min ago · renewable',
        ],
      ],
    );
  });
});
