import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeIntegration,
  codeCopiedText,
  copyCodeLabel,
  deviceCodeMessage,
  encodeIntegration,
  integrationKey,
  openableVerificationUri,
  recordFromTokenSet,
  DEFAULT_REDIRECT_URI,
  decodeServiceApp,
  encodeServiceApp,
  refreshCredentialsKey,
  serviceAppKey,
  signInSupport,
  validateIntegrationField,
  webexMethodItems,
  webexMethodKey,
} from '../../../client/src/signIn/signInPlan';
import { decodeTokenRecord, encodeTokenRecord, isTokenKey } from '../../../client/src/tokens';
import { renewalDue } from '../../../client/src/auth/renew';

const NOW = Date.parse('2026-12-03T12:00:00Z');

void describe('Sign In plan', () => {
  void it('runs the Webex device grant for Webex tokens, the Huawei login for Huawei ones, and says why not for the others', () => {
    assert.deepEqual(signInSupport('webexBearer', 'Webex access token'), { flow: 'webex-device', name: 'Webex' });
    assert.deepEqual(signInSupport('huaweiAccessToken', 'Huawei access token'), {
      flow: 'huawei-login',
      name: 'Huawei Cloud Meeting',
    });
    const control = signInSupport('huaweiConferenceAuthorization', 'Huawei meeting-control token');
    assert.equal(control.flow, undefined);
    assert.match(control.flow === undefined ? control.reason : '', /obtained on Send.*host password/);
    assert.deepEqual(signInSupport('other', 'Other token'), {
      flow: undefined,
      reason: 'Sign In is not available yet for the Other token: use Set Token to paste one.',
    });
  });

  void it('keeps the integration per origin, apart from the tokens, and reads back only whole records', () => {
    const key = integrationKey('https://webexapis.com');
    assert.equal(key, 'signin:webex-integration@https://webexapis.com');
    assert.equal(isTokenKey(key), false, 'the integration is not listed as a token');
    const creds = { clientId: 'C0ffee', clientSecret: 's3cret' };
    assert.deepEqual(decodeIntegration(encodeIntegration(creds)), creds);
    for (const bad of [undefined, '', 'not json', '{"clientId":"a"}', '{"clientId":"","clientSecret":"b"}', '[]']) {
      assert.equal(decodeIntegration(bad), undefined, String(bad));
    }
  });

  void it('checks a client id or secret as one word of visible ASCII', () => {
    assert.equal(validateIntegrationField(' Cabc-123_x ', 'Client ID'), undefined);
    assert.equal(validateIntegrationField('  ', 'Client ID'), "Enter the integration's Client ID.");
    assert.equal(
      validateIntegrationField('a b', 'Client Secret'),
      'A Client Secret has no spaces or special characters.',
    );
    assert.equal(validateIntegrationField('é', 'Client ID'), 'A Client ID has no spaces or special characters.');
    assert.equal(validateIntegrationField('x'.repeat(513), 'Client ID'), 'That is too long for a Client ID.');
  });

  void it('opens only an https link, or http on loopback; anything else is text only', () => {
    const prompt = { userCode: '123456', verificationUri: 'https://login.example/device', expiresAt: NOW + 300_000 };
    assert.equal(openableVerificationUri(prompt), 'https://login.example/device');
    assert.equal(
      openableVerificationUri({ ...prompt, verificationUriComplete: 'https://login.example/device?code=123456' }),
      'https://login.example/device?code=123456',
    );
    assert.equal(
      openableVerificationUri({ ...prompt, verificationUri: 'http://127.0.0.1:9/d' }),
      'http://127.0.0.1:9/d',
    );
    for (const bad of [
      'http://login.example/device',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'command:x',
      'nope',
    ]) {
      assert.equal(openableVerificationUri({ ...prompt, verificationUri: bad }), undefined, bad);
    }
    // A bad complete link falls back to the plain one.
    assert.equal(
      openableVerificationUri({ ...prompt, verificationUriComplete: 'javascript:x' }),
      'https://login.example/device',
    );
  });

  void it('words the device-code notice, with invisible characters written out and links only where allowed', () => {
    const prompt = { userCode: '123\u202e456', verificationUri: 'https://login.example/d', expiresAt: NOW + 300_000 };
    assert.equal(
      deviceCodeMessage(prompt, NOW),
      'open [https://login.example/d](https://login.example/d) and enter the code 123\\u{202E}456. The code works for 5 min.',
    );
    assert.match(deviceCodeMessage({ ...prompt, expiresAt: NOW - 1 }, NOW), /works for 1 min\.$/);
    // The complete link (code filled in) is the target; the plain address is what is shown.
    assert.equal(
      deviceCodeMessage(
        { ...prompt, userCode: '123456', verificationUriComplete: 'https://login.example/d?c=123456' },
        NOW,
      ),
      'open [https://login.example/d](https://login.example/d?c=123456) and enter the code 123456. The code works for 5 min.',
    );
    // A link the notice may not open is text only; nothing from the server can open or close a link.
    assert.equal(
      deviceCodeMessage({ ...prompt, userCode: '1](command:x)', verificationUri: 'javascript:alert(1)' }, NOW),
      'open javascript:alert%281%29 and enter the code 1%5D%28command:x%29. The code works for 5 min.',
    );
    const hostile = deviceCodeMessage({ ...prompt, verificationUri: 'https://login.example/d)[x](command:evil' }, NOW);
    assert.equal((hostile.match(/\]\(/g) ?? []).length, 1, hostile);
    assert.doesNotMatch(hostile, /\(command:/);
  });

  void it('ends the notice with our Copy Code link, the only command link in it', () => {
    const prompt = { userCode: '123456', verificationUri: 'https://login.example/d', expiresAt: NOW + 300_000 };
    assert.equal(
      deviceCodeMessage(prompt, NOW, 'meetingPayloads.copyDeviceCode'),
      'open [https://login.example/d](https://login.example/d) and enter the code 123456. [Copy Code and Open Link](command:meetingPayloads.copyDeviceCode) The code works for 5 min.',
    );
    // Nothing to open: the action only copies, and says so.
    const textOnly = { ...prompt, verificationUri: 'http://login.example/d' };
    assert.equal(copyCodeLabel(textOnly), 'Copy Code');
    assert.equal(
      deviceCodeMessage(textOnly, NOW, 'meetingPayloads.copyDeviceCode'),
      'open http://login.example/d and enter the code 123456. [Copy Code](command:meetingPayloads.copyDeviceCode) The code works for 5 min.',
    );
    const hostile = deviceCodeMessage(
      { ...prompt, userCode: '1](command:x)', verificationUri: 'https://login.example/d)[x](command:evil' },
      NOW,
      'meetingPayloads.copyDeviceCode',
    );
    assert.deepEqual(hostile.match(/\(command:[^)]*\)/g), ['(command:meetingPayloads.copyDeviceCode)'], hostile);
  });

  void it('confirms Copy Code without the code, saying whether the page opens', () => {
    const prompt = { userCode: '731942', verificationUri: 'https://login.example/d', expiresAt: NOW + 300_000 };
    assert.equal(
      codeCopiedText(prompt),
      'Sign-in code copied to the clipboard; the sign-in page opens in your browser: paste the code there.',
    );
    const textOnly = { ...prompt, verificationUri: 'http://login.example/d' };
    assert.equal(codeCopiedText(textOnly), 'Sign-in code copied to the clipboard: paste it on the sign-in page.');
    for (const p of [prompt, textOnly]) assert.ok(!codeCopiedText(p).includes(p.userCode));
  });

  void it('stores a signed-in token as a record with expiry and refresh token, read back the same', () => {
    const record = recordFromTokenSet(
      {
        scheme: 'webexBearer',
        origin: 'https://webexapis.com',
        accessToken: 'AT',
        expiresAt: NOW + 14 * 86_400_000,
        refreshToken: 'RT',
        refreshExpiresAt: NOW + 90 * 86_400_000,
        scopes: ['spark:kms'],
        flow: 'webex-device',
      },
      NOW,
    );
    assert.deepEqual(record, {
      token: 'AT',
      obtainedAt: NOW,
      flow: 'webex-device',
      expiresAt: NOW + 14 * 86_400_000,
      refreshToken: 'RT',
      refreshExpiresAt: NOW + 90 * 86_400_000,
      scopes: ['spark:kms'],
    });
    assert.deepEqual(decodeTokenRecord(encodeTokenRecord(record)), record);
    assert.deepEqual(
      recordFromTokenSet({ scheme: 'webexBearer', origin: 'o', accessToken: 'AT', flow: 'webex-device' }, NOW),
      { token: 'AT', obtainedAt: NOW, flow: 'webex-device' },
    );
  });

  void it('renews a signed-in token near or past its end, while its refresh token lasts; never a pasted one', () => {
    const signedIn = {
      token: 'AT',
      obtainedAt: NOW - 14 * 86_400_000,
      expiresAt: NOW + 4 * 60_000,
      refreshToken: 'RT',
      refreshExpiresAt: NOW + 76 * 86_400_000,
      flow: 'webex-device',
    };
    assert.equal(renewalDue(signedIn, NOW), true, 'within 5 min of its end');
    assert.equal(renewalDue({ ...signedIn, expiresAt: NOW - 1 }, NOW), true, 'expired');
    assert.equal(renewalDue({ ...signedIn, flow: 'webex-refresh' }, NOW), true, 'renewed before');
    assert.equal(renewalDue({ ...signedIn, flow: 'webex-pkce' }, NOW), true, 'authorization code');
    assert.equal(renewalDue({ ...signedIn, flow: 'webex-service-app' }, NOW), true, 'service app');
    assert.equal(renewalDue({ ...signedIn, flow: 'webex-personal' }, NOW), false, 'a pasted personal token');
    assert.equal(renewalDue({ ...signedIn, expiresAt: NOW + 3_600_000 }, NOW), false, 'an hour left');
    assert.equal(renewalDue({ ...signedIn, refreshExpiresAt: NOW }, NOW), false, 'the refresh token ended');
    const { refreshToken: _none, ...withoutRefresh } = signedIn;
    assert.equal(renewalDue(withoutRefresh, NOW), false, 'nothing to renew with');
    const { flow: _pasted, ...pasted } = signedIn;
    assert.equal(renewalDue(pasted, NOW), false, 'a pasted token');
    // A short-lived token renews at half its life, not 5 min before a 6-minute end.
    const short = { ...signedIn, obtainedAt: NOW - 60_000, expiresAt: NOW + 5 * 60_000 };
    assert.equal(renewalDue(short, NOW), false);
    assert.equal(renewalDue({ ...short, obtainedAt: NOW - 4 * 60_000, expiresAt: NOW + 2 * 60_000 }, NOW), true);
  });

  void it('offers the three Webex ways, the one used last first', () => {
    assert.deepEqual(
      webexMethodItems().map((m) => m.method),
      ['device', 'pkce', 'serviceApp'],
    );
    assert.deepEqual(
      webexMethodItems('serviceApp').map((m) => m.method),
      ['serviceApp', 'device', 'pkce'],
    );
    assert.deepEqual(
      webexMethodItems('nonsense').map((m) => m.method),
      ['device', 'pkce', 'serviceApp'],
    );
    assert.equal(webexMethodKey('https://webexapis.com'), 'signin:webex-method@https://webexapis.com');
  });

  void it('keeps a valid redirect URI with the integration, drops an invalid one', () => {
    const withRedirect = { clientId: 'C', clientSecret: 'S', redirectUri: DEFAULT_REDIRECT_URI };
    assert.deepEqual(decodeIntegration(encodeIntegration(withRedirect)), withRedirect);
    assert.deepEqual(decodeIntegration(JSON.stringify({ ...withRedirect, redirectUri: 'https://evil.example/cb' })), {
      clientId: 'C',
      clientSecret: 'S',
    });
  });

  void it('stores a service app apart from the integration, and renews each with its own client credentials', () => {
    const app = { clientId: 'C', clientSecret: 'S', targetOrgId: 'O', applicationId: 'A' };
    const key = serviceAppKey('https://webexapis.com');
    assert.equal(key, 'signin:webex-service-app@https://webexapis.com');
    assert.equal(isTokenKey(key), false, 'the service app is not listed as a token');
    assert.deepEqual(decodeServiceApp(encodeServiceApp(app)), app);
    assert.deepEqual(decodeIntegration(encodeServiceApp(app)), { clientId: 'C', clientSecret: 'S' });
    for (const bad of [undefined, '', '{', JSON.stringify({ ...app, targetOrgId: '' }), '[]']) {
      assert.equal(decodeServiceApp(bad), undefined, String(bad));
    }
    assert.equal(refreshCredentialsKey('webex-service-app', 'https://x.test'), serviceAppKey('https://x.test'));
    for (const flow of ['webex-device', 'webex-pkce', 'webex-refresh', undefined]) {
      assert.equal(refreshCredentialsKey(flow, 'https://x.test'), integrationKey('https://x.test'));
    }
  });

  void it('renews a Huawei login token by logging in again (no refresh token needed) and a control token by keep-alive', () => {
    const login = { token: 'AT', obtainedAt: NOW - 86_000_000, expiresAt: NOW + 4 * 60_000 };
    assert.equal(renewalDue({ ...login, flow: 'huawei-app-id' }, NOW), true, 'App ID: a new signed login');
    assert.equal(renewalDue({ ...login, flow: 'huawei-account' }, NOW), true, 'account: a new login');
    assert.equal(renewalDue({ ...login, flow: 'huawei-app-id', expiresAt: NOW + 3_600_000 }, NOW), false);
    assert.equal(renewalDue(login, NOW), false, 'a pasted Huawei token is never renewed');
    // The control token lives 30 min: renewed five minutes before its end (at 25 min), never sooner.
    const control = { token: 'CT', flow: 'huawei-control', obtainedAt: NOW - 24 * 60_000, expiresAt: NOW + 6 * 60_000 };
    assert.equal(renewalDue(control, NOW), false);
    assert.equal(renewalDue({ ...control, expiresAt: NOW + 5 * 60_000 }, NOW), true);
  });
});
