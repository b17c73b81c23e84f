import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  TokenStore,
  exactOrigin,
  isTokenKey,
  normalizeTokenInput,
  tokenKey,
  validateTokenInput,
} from '../../../client/src/tokens';

class MapSecrets {
  readonly map = new Map<string, string>();
  get(key: string) {
    return Promise.resolve(this.map.get(key));
  }
  store(key: string, value: string) {
    this.map.set(key, value);
    return Promise.resolve();
  }
  delete(key: string) {
    this.map.delete(key);
    return Promise.resolve();
  }
}

void describe('token keys and store', () => {
  void it('derives one key per (scheme, exact origin)', () => {
    assert.equal(tokenKey('webexBearer', 'https://webexapis.com'), 'token:webexBearer@https://webexapis.com');
    assert.equal(
      tokenKey('webexBearer', 'HTTPS://WebexApis.COM:443/v1/x?y'),
      'token:webexBearer@https://webexapis.com',
    );
    const distinct = new Set(
      [
        'https://webexapis.com',
        'https://webexapis.com:444',
        'http://webexapis.com',
        'https://webexapis.com.evil.test',
        'https://webexapıs.com',
      ].map((o) => tokenKey('s', o)),
    );
    assert.equal(distinct.size, 5);
    assert.equal(exactOrigin('https://webexapıs.com'), 'https://xn--webexaps-zkb.com');
  });

  void it('refuses odd scheme names and non-http origins', () => {
    assert.throws(() => tokenKey('a b', 'https://x.test'));
    assert.throws(() => tokenKey('', 'https://x.test'));
    assert.throws(() => tokenKey('s@https://evil', 'https://x.test'));
    assert.throws(() => tokenKey('s', 'file:///etc/passwd'));
    assert.throws(() => tokenKey('s', 'not a url'));
    assert.ok(isTokenKey('token:s@https://x.test'));
    assert.ok(!isTokenKey('other'));
  });

  void it('stores, finds and clears by origin and scheme only', async () => {
    const secrets = new MapSecrets();
    const store = new TokenStore(secrets);
    await store.set('huaweiAccessToken', 'https://api.meeting.huaweicloud.com', 'tok-123456');
    assert.equal(await store.get('huaweiAccessToken', 'https://api.meeting.huaweicloud.com'), 'tok-123456');
    assert.equal(await store.get('huaweiAccessToken', 'https://api-intl.meeting.huaweicloud.com'), undefined);
    assert.equal(await store.get('webexBearer', 'https://api.meeting.huaweicloud.com'), undefined);
    assert.deepEqual(store.knownValues(), ['tok-123456']);
    await store.clear('huaweiAccessToken', 'https://api.meeting.huaweicloud.com');
    assert.equal(await store.has('huaweiAccessToken', 'https://api.meeting.huaweicloud.com'), false);
    assert.equal(secrets.map.size, 0);
  });

  void it('checks and normalizes what the user pastes', () => {
    assert.equal(normalizeTokenInput('  Bearer abc.def  ', 'Bearer '), 'abc.def');
    assert.equal(normalizeTokenInput('bearer abc', 'Bearer '), 'abc');
    assert.equal(normalizeTokenInput('abc', ''), 'abc');
    assert.equal(validateTokenInput('Bearer abc', 'Bearer '), undefined);
    assert.equal(validateTokenInput('abc', ''), undefined);
    assert.match(validateTokenInput('', '') ?? '', /Paste/);
    assert.match(validateTokenInput('abc\r\nX-Evil: 1', '') ?? '', /control|line/);
    assert.match(validateTokenInput('abc def', '') ?? '', /spaces/);
    assert.match(validateTokenInput('abcé', '') ?? '', /ASCII/);
    assert.match(validateTokenInput('x'.repeat(20_000), '') ?? '', /longer/);
  });
});
