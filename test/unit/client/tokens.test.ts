import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_PROFILE,
  TokenStore,
  decodeTokenRecord,
  encodeTokenRecord,
  exactOrigin,
  isTokenKey,
  normalizeTokenInput,
  tokenKey,
  validateProfileName,
  validateTokenInput,
} from '../../../client/src/tokens';

class MapMemento {
  readonly map = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.map.get(key) as T | undefined;
  }
  update(key: string, value: unknown) {
    this.map.set(key, JSON.parse(JSON.stringify(value)) as unknown);
    return Promise.resolve();
  }
}

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

  void it('reads a bare token stored before records existed, under the same key, and lists it', async () => {
    const secrets = new MapSecrets();
    const memento = new MapMemento();
    // What the previous version wrote: the bare value under token:<scheme>@<origin>.
    secrets.map.set('token:webexBearer@https://webexapis.com', 'legacy-tok-0001');
    const store = new TokenStore(secrets, memento);
    assert.deepEqual(await store.getRecord('webexBearer', 'https://webexapis.com'), { token: 'legacy-tok-0001' });
    assert.equal(await store.get('webexBearer', 'HTTPS://WEBEXAPIS.COM:443'), 'legacy-tok-0001');
    assert.deepEqual(store.entries(), [
      { scheme: 'webexBearer', origin: 'https://webexapis.com', profile: DEFAULT_PROFILE },
    ]);
    assert.equal(secrets.map.get('token:webexBearer@https://webexapis.com'), 'legacy-tok-0001', 'left as it was');
    // Replacing it writes a record under the same key.
    await store.set('webexBearer', 'https://webexapis.com', { token: 'new-tok', expiresAt: 5, obtainedAt: 1 });
    assert.equal(secrets.map.size, 1);
    assert.deepEqual(await store.getRecord('webexBearer', 'https://webexapis.com'), {
      token: 'new-tok',
      expiresAt: 5,
      obtainedAt: 1,
    });
  });

  void it('encodes records so that no bare token can be mistaken for one', () => {
    const rec = {
      token: 'a.b-c',
      expiresAt: 10,
      obtainedAt: 2,
      refreshToken: 'r',
      scopes: ['s1'],
      flow: 'webex-device',
    };
    assert.deepEqual(decodeTokenRecord(encodeTokenRecord(rec)), rec);
    // Every value validateTokenInput accepts decodes as itself (a record starts with "v1 ", and tokens have no spaces).
    for (const bare of ['v1', 'v1{"token":"x"}', '{"token":"x"}', 'v1x', 'eyJhbGciOi.x.y']) {
      assert.equal(validateTokenInput(bare, ''), undefined);
      assert.deepEqual(decodeTokenRecord(bare), { token: bare });
    }
    assert.equal(decodeTokenRecord('v1 not json'), undefined);
    assert.equal(decodeTokenRecord('v1 {"token":""}'), undefined);
    assert.equal(decodeTokenRecord('v1 {"token":"t","expiresAt":"soon"}')?.expiresAt, undefined);
    assert.equal(decodeTokenRecord(''), undefined);
    assert.equal(decodeTokenRecord(undefined), undefined);
  });

  void it('keeps several named profiles per scheme and origin, the active one used by default', async () => {
    const secrets = new MapSecrets();
    const memento = new MapMemento();
    const store = new TokenStore(secrets, memento);
    const o = 'https://webexapis.com';
    let changes = 0;
    store.onDidChange(() => changes++);
    await store.set('webexBearer', o, 'tok-default');
    await store.setActiveProfile('webexBearer', o, 'acme corp');
    assert.equal(store.activeProfile('webexBearer', o), 'acme corp');
    assert.equal(store.activeProfile('webexBearer', 'https://api-usgov.webex.com'), DEFAULT_PROFILE);
    assert.equal(await store.get('webexBearer', o), undefined, 'the new profile has no token yet');
    await store.set('webexBearer', o, { token: 'tok-acme', expiresAt: 99 });
    assert.equal(await store.get('webexBearer', o), 'tok-acme');
    assert.equal(await store.get('webexBearer', o, DEFAULT_PROFILE), 'tok-default');
    assert.ok(secrets.map.has('token:webexBearer@https://webexapis.com#acme corp'));
    assert.deepEqual(store.profiles('webexBearer', o), ['default', 'acme corp']);
    assert.deepEqual(
      store.entries().map((e) => [e.profile, e.expiresAt]),
      [
        ['acme corp', 99],
        ['default', undefined],
      ],
    );
    assert.ok(changes >= 3);
    // A second store over the same storage (a reload) sees the same.
    const again = new TokenStore(secrets, memento);
    assert.equal(again.activeProfile('webexBearer', o), 'acme corp');
    assert.equal(await again.get('webexBearer', o), 'tok-acme');
    await again.clear('webexBearer', o);
    assert.equal(await again.get('webexBearer', o, DEFAULT_PROFILE), 'tok-default');
    assert.deepEqual(
      again.entries().map((e) => e.profile),
      ['default'],
    );
    assert.ok(!JSON.stringify([...memento.map]).includes('tok-'), 'the index holds no token');
  });

  void it('refuses profile names that could change the key', async () => {
    const store = new TokenStore(new MapSecrets(), new MapMemento());
    for (const bad of ['', ' ', 'a#b', 'a@b', 'x'.repeat(41), '-lead', 'a/b']) {
      assert.ok(validateProfileName(bad) !== undefined, bad);
      if (bad.trim() !== '') await assert.rejects(store.setActiveProfile('s', 'https://x.test', bad));
    }
    assert.equal(validateProfileName('Acme Corp_2.eu'), undefined);
    assert.throws(() => tokenKey('s', 'https://x.test', 'a#b'));
    assert.equal(tokenKey('s', 'https://x.test', 'acme'), 'token:s@https://x.test#acme');
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
