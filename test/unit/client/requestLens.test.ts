import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ControlTokenKeeper } from '../../../client/src/auth/controlTokens';
import { credentialStatuses } from '../../../client/src/credentialStatus';
import { environmentStatusView } from '../../../client/src/statusText';
import { COPY_CURL_LENS, sendLensView, staleLensView, tokenWords } from '../../../client/src/requestLens';
import type { RequestLensInput } from '../../../client/src/requestLens';
import { TokenStore } from '../../../client/src/tokens';

const NOW = Date.UTC(2026, 0, 1, 12);
const HOUR = 3_600_000;
const HUAWEI = 'https://api.meeting.huaweicloud.com';

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

const base = (over: Partial<RequestLensInput> = {}): RequestLensInput => ({
  method: 'put',
  pathTemplate: '/v1/usg/dcs/member/vmr/{id}',
  url: `${HUAWEI}/v1/usg/dcs/member/vmr/room-7`,
  baseUrl: HUAWEI,
  environment: 'production',
  operationId: 'huawei.meeting.updateMemberVmr',
  credentials: [{ scheme: 'huaweiAccessToken', label: 'Huawei access token', profile: 'default' }],
  errorCount: 0,
  now: NOW,
  ...over,
});

void describe('the Send CodeLens words', () => {
  void it('names the resolved URL, the environment and the token state', () => {
    const view = sendLensView(base());
    assert.equal(
      view.title,
      '▶ Send PUT api.meeting.huaweicloud.com/v1/usg/dcs/member/vmr/room-7 · production · Huawei token: none',
    );
    assert.equal(
      view.tooltip,
      `Send huawei.meeting.updateMemberVmr as PUT ${HUAWEI}/v1/usg/dcs/member/vmr/room-7 (environment production)`,
    );
  });

  void it('keeps the query and the base path of the environment', () => {
    const view = sendLensView(
      base({ url: 'http://127.0.0.1:4010/v1/meetings/abc?current=true', pathTemplate: '/meetings/{meetingId}' }),
    );
    assert.match(view.title, /^▶ Send PUT 127\.0\.0\.1:4010\/v1\/meetings\/abc\?current=true · /);
  });

  void it('shows the template while a path parameter has no value, and says so', () => {
    const view = sendLensView(base({ url: undefined }));
    assert.match(view.title, /^▶ Send PUT api\.meeting\.huaweicloud\.com\/v1\/usg\/dcs\/member\/vmr\/\{id\} · /);
    assert.match(view.tooltip, /fill in the path parameters/);
  });

  void it('says the token state in words, for every state', () => {
    const slot = { scheme: 'webexBearer', label: 'Webex access token', profile: 'default' };
    assert.equal(tokenWords([slot], NOW), 'Webex token: none');
    assert.equal(tokenWords([{ ...slot, stored: { expiresAt: NOW + 4 * HOUR + 5 } }], NOW), 'Webex token: 4 h left');
    assert.equal(tokenWords([{ ...slot, stored: {} }], NOW), 'Webex token: set, expiry unknown');
    assert.equal(
      tokenWords([{ ...slot, stored: { expiresAt: NOW - 3 * 60_000 } }], NOW),
      'Webex token: expired 3 min ago',
    );
    assert.equal(tokenWords([{ ...slot, profile: 'acme' }], NOW), 'Webex token (acme): none');
    assert.equal(tokenWords([], NOW), 'no token needed');
    // Of several slots the lens names the one with a token stored.
    const two = [
      slot,
      { scheme: 'huaweiAccessToken', label: 'x', profile: 'default', stored: { expiresAt: NOW + HOUR } },
    ];
    assert.equal(tokenWords(two, NOW), 'Huawei token: 1 h left');
  });

  void it('names the environment problem instead of a token state when the target does not resolve', () => {
    const view = sendLensView(
      base({ url: undefined, baseUrl: undefined, problem: 'Environment "x" has no base URL for huawei-meeting.' }),
    );
    assert.equal(view.title, '▶ Send PUT /v1/usg/dcs/member/vmr/{id} · production');
    assert.match(view.tooltip, /^Environment "x" has no base URL/);
  });

  void it('counts errors in the tooltip', () => {
    assert.match(sendLensView(base({ errorCount: 1 })).tooltip, /The file has 1 error\.$/);
    assert.match(sendLensView(base({ errorCount: 3 })).tooltip, /The file has 3 errors\.$/);
  });

  void it('writes out invisible characters from the file and shortens long URLs', () => {
    const view = sendLensView(base({ url: `${HUAWEI}/v1/usg/dcs/member/vmr/a%E2%80%AEb`, environment: 'p\u202Eq' }));
    assert.match(view.title, / · p\\u\{202E\}q · /);
    const long = sendLensView(base({ url: `${HUAWEI}/v1/usg/dcs/member/vmr/${'x'.repeat(500)}` }));
    assert.ok(long.title.length < 220, long.title);
    assert.match(long.title, /…/);
  });

  void it('keeps the last good title while the file is invalid, saying why in the tooltip', () => {
    const good = sendLensView(base());
    const stale = staleLensView(good, 'Line 3: Expected a comma.');
    assert.equal(stale.title, good.title);
    assert.equal(stale.tooltip, 'Line 3: Expected a comma.\nShowing the request this file last described.');
  });

  void it('the Copy as cURL lens promises a placeholder, never the token', () => {
    assert.equal(COPY_CURL_LENS.title, 'Copy as cURL');
    assert.match(COPY_CURL_LENS.tooltip, /placeholder, never its value/);
  });
});

void describe('credentialStatuses', () => {
  void it('reads the active profile and expiry of each slot at the origin, never the value', async () => {
    const store = new TokenStore(new MapSecrets());
    await store.set('huaweiAccessToken', HUAWEI, { token: 'tok-secret-1', expiresAt: NOW + HOUR, obtainedAt: NOW });
    const slots = [
      { scheme: 'huaweiAccessToken', header: 'X-Access-Token', prefix: '', label: 'Huawei access token' },
      { scheme: 'webexBearer', header: 'Authorization', prefix: 'Bearer ', label: 'Webex' },
    ];
    const statuses = await credentialStatuses(store, noControl, { credentials: slots, query: [] }, HUAWEI);
    assert.deepEqual(statuses, [
      {
        scheme: 'huaweiAccessToken',
        label: 'Huawei access token',
        profile: 'default',
        stored: { expiresAt: NOW + HOUR, obtainedAt: NOW },
      },
      { scheme: 'webexBearer', label: 'Webex', profile: 'default' },
    ]);
    assert.doesNotMatch(JSON.stringify(statuses), /tok-secret-1/);
    // Another origin has nothing stored.
    const elsewhere = await credentialStatuses(
      store,
      noControl,
      { credentials: slots, query: [] },
      'https://api-intl.meeting.huaweicloud.com',
    );
    assert.ok(elsewhere.every((s) => s.stored === undefined));
  });

  void it('shows an unreadable secret store as "none"', async () => {
    const broken = {
      activeProfile: () => 'default',
      getRecord: () => Promise.reject(new Error('keyring locked')),
    };
    const slots = [{ scheme: 'webexBearer', header: 'Authorization', prefix: 'Bearer ', label: 'Webex' }];
    assert.deepEqual(
      await credentialStatuses(broken, noControl, { credentials: slots, query: [] }, 'https://webexapis.com'),
      [{ scheme: 'webexBearer', label: 'Webex', profile: 'default' }],
    );
  });

  void it('a meeting-control token held by the keeper is "held" with its time left, then "none" once forgotten', async () => {
    let now = NOW;
    // The keeper is the real one; only its call to Huawei is replaced (the stand-in tests cover that call).
    const keeper = new ControlTokenKeeper({
      now: () => now,
      mint: (input) =>
        Promise.resolve({
          scheme: 'huaweiConferenceAuthorization',
          origin: HUAWEI,
          accessToken: 'control-secret-1',
          expiresAt: now + 30 * 60_000,
          flow: 'huawei-control',
          conferenceId: input.conferenceId,
        }),
    });
    let changes = 0;
    keeper.onDidChange(() => changes++);
    const store = new TokenStore(new MapSecrets());
    const request = {
      credentials: [
        {
          scheme: 'huaweiConferenceAuthorization',
          header: 'X-Conference-Authorization',
          prefix: '',
          label: 'Huawei meeting-control token',
        },
      ],
      query: [['conferenceID', '900244663']] as Array<[string, string]>,
    };
    const words = async () => {
      const c = await credentialStatuses(store, keeper, request, HUAWEI);
      return {
        lens: tokenWords(c, now),
        bar: environmentStatusView({ environment: 'prod', origin: HUAWEI, credentials: c, trusted: true, now }),
      };
    };
    assert.equal((await words()).lens, 'Huawei control token: none', 'nothing held, nothing stored');
    await keeper.tokenFor(HUAWEI, HUAWEI, '900244663', () => Promise.resolve('host-pw'));
    assert.equal(changes, 1, 'minting is a change');
    now += 60_000;
    const held = await words();
    assert.equal(held.lens, 'Huawei control token: held, 29 min left');
    assert.equal(held.bar.text, '$(key) prod · Huawei control token: held, 29 min left');
    assert.match(
      held.bar.tooltip,
      /Huawei meeting-control token for https:\/\/api\.meeting\.huaweicloud\.com: token held in memory for this session \(minted on Send\), 29 min left/,
    );
    assert.doesNotMatch(JSON.stringify(held), /control-secret-1|host-pw/);
    // Another meeting's request holds nothing.
    const other = await credentialStatuses(store, keeper, { ...request, query: [['conferenceID', '1']] }, HUAWEI);
    assert.equal(tokenWords(other, now), 'Huawei control token: none');
    // A pasted control token is what shows once the held one is gone, as Send would use it.
    await store.set('huaweiConferenceAuthorization', HUAWEI, { token: 'pasted', obtainedAt: now });
    assert.equal((await words()).lens, 'Huawei control token: held, 29 min left', 'the live held token wins');
    assert.equal(keeper.forget(HUAWEI, '900244663'), true);
    assert.equal(changes, 2, 'forgetting is a change');
    assert.equal((await words()).lens, 'Huawei control token: set, expiry unknown');
    await store.clear('huaweiConferenceAuthorization', HUAWEI);
    assert.equal((await words()).lens, 'Huawei control token: none');
    // Running out needs no event: the words are computed from the expiry at each redraw.
    await keeper.tokenFor(HUAWEI, HUAWEI, '900244663', () => Promise.resolve('host-pw'));
    now += 31 * 60_000;
    assert.equal((await words()).lens, 'Huawei control token: none', 'expired: no longer held');
    keeper.dispose();
  });
});

/** A keeper that holds nothing. */
const noControl = { live: () => undefined };
