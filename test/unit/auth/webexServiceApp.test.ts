/**
 * Webex service app token (#10 §1) against the stand-in on 127.0.0.1: the documented call with the token
 * manager's token, the refusals in words (which credential was refused), and no canary (client secret, manager
 * token, refresh token) in any message. The token it gets renews like an integration's (webexRefresh.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FlowError } from '../../../client/src/auth/types';
import type { WebexServiceAppCredentials } from '../../../client/src/auth/types';
import { refreshWebex } from '../../../client/src/auth/webexRefresh';
import { signInWebexServiceApp } from '../../../client/src/auth/webexServiceApp';
import {
  NOW,
  REFRESHED_ACCESS_TOKEN,
  REFRESH_TOKEN,
  SERVICE_APP,
  SERVICE_APP_TOKEN,
  withWebexStandIn,
} from './webexStandIn';

function assertNoCanary(text: string): void {
  for (const canary of [SERVICE_APP.clientSecret, SERVICE_APP.managerToken, REFRESH_TOKEN]) {
    assert.ok(!text.includes(canary), `leaked: ${text}`);
  }
}

async function refused(over: Partial<WebexServiceAppCredentials>): Promise<FlowError> {
  return withWebexStandIn({ polls: [] }, async (_s, ctx) => {
    const e = await signInWebexServiceApp({ ...SERVICE_APP, ...over }, ctx).then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(e instanceof FlowError, String(e));
    assertNoCanary(e.message);
    return e;
  });
}

describe('Webex service app', () => {
  test('the token for the target organisation, with its expiry and refresh token', async () => {
    await withWebexStandIn({ polls: [] }, async (s, ctx) => {
      const t = await signInWebexServiceApp({ ...SERVICE_APP }, ctx);
      assert.equal(t.accessToken, SERVICE_APP_TOKEN);
      assert.equal(t.flow, 'webex-service-app');
      assert.equal(t.scheme, 'webexBearer');
      assert.equal(t.expiresAt, NOW + 3600_000);
      assert.equal(t.refreshToken, REFRESH_TOKEN);
      assert.equal(t.refreshExpiresAt, NOW + 7776000_000);
      assert.equal(t.origin, new URL(s.baseUrl).origin);
      const call = s.seen[0];
      assert.equal(call?.path, `/v1/applications/${SERVICE_APP.applicationId}/token`);
      assert.equal(call?.headers.authorization, `Bearer ${SERVICE_APP.managerToken}`);
      assert.deepEqual(JSON.parse(call?.body ?? ''), {
        clientId: SERVICE_APP.clientId,
        clientSecret: SERVICE_APP.clientSecret,
        targetOrgId: SERVICE_APP.targetOrgId,
      });
    });
  });

  test('its refresh goes through /access_token with the service app credentials, no manager token', async () => {
    await withWebexStandIn({ polls: [] }, async (s, ctx) => {
      const t = await signInWebexServiceApp({ ...SERVICE_APP }, ctx);
      const next = await refreshWebex(
        t,
        { clientId: SERVICE_APP.clientId, clientSecret: SERVICE_APP.clientSecret },
        ctx,
      );
      assert.equal(next.accessToken, REFRESHED_ACCESS_TOKEN);
      assert.equal(next.flow, 'webex-service-app', 'the renewed token still says where it came from');
      const last = s.seen.at(-1);
      assert.equal(last?.path, '/v1/access_token');
      assert.equal(last?.headers.authorization, undefined, 'the manager token is not sent on refresh');
    });
  });

  test('a refused manager token is said as such, never echoed', async () => {
    const e = await refused({ managerToken: 'canary-wrong-manager-0b9c' });
    assert.equal(e.code, 'invalid-credentials');
    assert.equal(e.vendorCode, 'manager_token');
    assert.match(e.message, /^Webex did not accept the token manager token/);
    assert.ok(!e.message.includes('canary-wrong-manager-0b9c'));
  });

  test('an organisation that did not authorize the app: 403 with the scope and Control Hub named', async () => {
    const e = await refused({ targetOrgId: 'T3RoZXJPcmc' });
    assert.equal(e.vendorCode, 'manager_token');
    assert.match(e.message, /spark:applications_token/);
    assert.match(e.message, /Webex said: The service app is not authorized for this organization/);
  });

  test("wrong client credentials or application id: the service app's details are refused", async () => {
    const wrongSecret = await refused({ clientSecret: 'canary-other-secret-77' });
    assert.equal(wrongSecret.vendorCode, undefined);
    assert.match(wrongSecret.message, /refused the service app's details/);
    assert.ok(!wrongSecret.message.includes('canary-other-secret-77'));
    const wrongApp = await refused({ applicationId: 'Tm9TdWNoQXBw' });
    assert.match(wrongApp.message, /refused the service app's details/);
  });

  test('ids that would change the path are refused before anything is sent', async () => {
    await withWebexStandIn({ polls: [] }, async (s, ctx) => {
      for (const applicationId of ['../../people', 'a/b', 'a?b', '']) {
        await assert.rejects(signInWebexServiceApp({ ...SERVICE_APP, applicationId }, ctx), /not a Webex id/);
      }
      assert.equal(s.seen.length, 0);
    });
  });
});
