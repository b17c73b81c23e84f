/**
 * npm start's mock answers the token endpoints: the Prism mock of the whole catalog (scripts/e2e/mockCatalog.mjs,
 * the very process `npm start` runs, here on a free port) serves every sign-in flow of client/src/auth end to
 * end, validating each request against the documented token operation as it does for the rest of the catalog.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signInWebexDevice } from '../../../client/src/auth/webexDevice';
import { refreshWebexToken } from '../../../client/src/auth/webexRefresh';
import { webexPersonalToken } from '../../../client/src/auth/webexPersonal';
import { signInHuaweiAccount, signInHuaweiAppId } from '../../../client/src/auth/huaweiLogin';
import { huaweiControlToken } from '../../../client/src/auth/huaweiControl';
import { FlowError, type FlowContext } from '../../../client/src/auth/types';
import { DEFAULT_REQUEST_SETTINGS } from '../../../common/settings';
import { closedPort } from '../http/helpers';

const prismBin = join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'prism');
const skip = existsSync(prismBin) ? false : `Prism is not installed (${prismBin})`;

describe('Sign in against the local mock (Prism, the whole catalog)', { skip }, () => {
  let mock: { origin: string; baseUrls: Record<string, string>; stop(): Promise<void> };
  const dir = mkdtempSync(join(tmpdir(), 'meeting-payloads-mock-'));
  const logFile = join(dir, 'prism.log');
  const ctx = (family: string): FlowContext => ({
    baseUrl: mock.baseUrls[family],
    settings: DEFAULT_REQUEST_SETTINGS,
  });

  before(async () => {
    const { startMockCatalog } = await import('../../../scripts/e2e/index.mjs');
    mock = await startMockCatalog({ port: await closedPort(), dir, logFile, readyTimeoutMs: 120_000 });
  });
  after(async () => {
    await mock?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const log = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-3000) : '');

  test('Webex device grant: code, link, then the tokens', async () => {
    const prompts: string[] = [];
    const tokens = await signInWebexDevice(
      { clientId: 'C-mock-client', clientSecret: 'mock-secret' },
      { ...ctx('webex-meetings'), progress: { deviceCode: (p) => prompts.push(p.userCode) } },
    ).catch((e: unknown) => assert.fail(`${String(e)}\n${log()}`));
    assert.deepEqual(prompts, ['536380']);
    assert.equal(tokens.origin, mock.origin);
    assert.ok(tokens.accessToken.length > 0 && tokens.refreshToken !== undefined);
    assert.ok(tokens.expiresAt !== undefined && tokens.expiresAt > Date.now() + 13 * 86_400_000);
  });

  test('Webex refresh and tokenExpiry', async () => {
    const refreshed = await refreshWebexToken(
      { clientId: 'C-mock-client', clientSecret: 'mock-secret' },
      { refreshToken: 'mock-refresh' },
      ctx('webex-meetings'),
    ).catch((e: unknown) => assert.fail(`${String(e)}\n${log()}`));
    assert.ok(refreshed.accessToken.length > 0);
    const personal = await webexPersonalToken('any-token', ctx('webex-meetings'));
    assert.equal(personal.expiresAt, 1893499200000);
  });

  test('Huawei App ID and account sign-in, and the control token', async () => {
    const app = await signInHuaweiAppId({ appId: 'mock-app', appKey: 'mock-key' }, ctx('huawei-meeting')).catch(
      (e: unknown) => assert.fail(`${String(e)}\n${log()}`),
    );
    assert.ok(app.accessToken.length > 0 && app.expiresAt !== undefined);
    const account = await signInHuaweiAccount({ account: 'host@example.com', password: 'pw' }, ctx('huawei-meeting'));
    assert.ok(account.accessToken.length > 0);
    const control = await huaweiControlToken(
      { conferenceId: '900244663', hostPassword: 'host-pw' },
      ctx('huawei-meeting'),
    ).catch((e: unknown) => assert.fail(`${String(e)}\n${log()}`));
    assert.equal(control.conferenceId, '900244663');
    assert.ok(control.expiresAt !== undefined && control.expiresAt > Date.now() + 29 * 60_000);
  });

  test('the mock checks the documented request: no credentials, a refusal in words', async () => {
    // The control token needs X-Password or the current token; without either the flow refuses before calling.
    await assert.rejects(huaweiControlToken({ conferenceId: '900244663' }, ctx('huawei-meeting')), FlowError);
    // A request the documentation refuses (no conferenceID) gets Prism's 4xx, which the flow reports.
    await assert.rejects(
      huaweiControlToken({ conferenceId: '', hostPassword: 'host-pw' }, ctx('huawei-meeting')),
      (e: unknown) => e instanceof FlowError,
    );
  });
});
