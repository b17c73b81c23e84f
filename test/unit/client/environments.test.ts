import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MOCK_BASE_URL } from '../../../common/settings';
import {
  isLoopbackOrigin,
  listEnvironments,
  normalizeBaseUrl,
  resolveBaseUrl,
  selectedEnvironmentName,
  userOrDefault,
} from '../../../client/src/environments';

const HUAWEI = ['https://api.meeting.huaweicloud.com', 'https://api-intl.meeting.huaweicloud.com'];
const WEBEX = ['https://webexapis.com/v1'];

void describe('environments', () => {
  void it('never reads a workspace value, only the user value or the default', () => {
    const inspected = {
      defaultValue: {},
      globalValue: { staging: { baseUrls: { 'webex-meetings': 'https://staging.example/v1' } } },
      workspaceValue: { evil: { baseUrls: { 'webex-meetings': 'http://127.0.0.1:9/canary' } } },
      workspaceFolderValue: { evil2: { baseUrls: { 'webex-meetings': 'http://127.0.0.1:9/canary' } } },
    };
    const names = listEnvironments(inspected).entries.map((e) => e.name);
    assert.deepEqual(names, ['production', 'production-intl', 'mock', 'staging']);
    assert.equal(
      selectedEnvironmentName({ defaultValue: 'production', workspaceValue: 'evil' } as never),
      'production',
    );
    assert.equal(
      selectedEnvironmentName({ defaultValue: 'production', globalValue: 'mock', workspaceValue: 'evil' } as never),
      'mock',
    );
    assert.equal(userOrDefault({ defaultValue: 1, workspaceValue: 2 } as never), 1);
    assert.equal(selectedEnvironmentName(undefined), 'production');
    assert.equal(selectedEnvironmentName({ globalValue: '   ' }), 'production');
  });

  void it('resolves the built-ins from the documented server URLs', () => {
    const view = listEnvironments({ defaultValue: {} });
    const prod = resolveBaseUrl(view, 'production', 'huawei-meeting', HUAWEI);
    assert.ok(prod.ok);
    assert.equal(prod.baseUrl, 'https://api.meeting.huaweicloud.com');
    const intl = resolveBaseUrl(view, 'production-intl', 'huawei-meeting', HUAWEI);
    assert.ok(intl.ok);
    assert.equal(intl.origin, 'https://api-intl.meeting.huaweicloud.com');
    const webexIntl = resolveBaseUrl(view, 'production-intl', 'webex-meetings', WEBEX);
    assert.ok(webexIntl.ok);
    assert.equal(webexIntl.baseUrl, 'https://webexapis.com/v1');
    // The mock keeps the production base path, like the merged Prism catalog of the e2e harness.
    const mock = resolveBaseUrl(view, 'mock', 'webex-calling', WEBEX);
    assert.ok(mock.ok);
    assert.equal(mock.baseUrl, `${MOCK_BASE_URL}/v1`);
    assert.equal(mock.origin, MOCK_BASE_URL);
    assert.equal(mock.environment.confirmBeforeSend, false);
    const huaweiMock = resolveBaseUrl(view, 'mock', 'huawei-meeting', HUAWEI);
    assert.ok(huaweiMock.ok && huaweiMock.baseUrl === MOCK_BASE_URL);
    assert.ok(resolveBaseUrl(view, 'mock', 'x', []).ok, 'the mock needs no documented server URL');
    assert.equal(resolveBaseUrl(view, 'production', 'x', []).ok, false);
  });

  void it('uses user environments per family and explains what is missing', () => {
    const view = listEnvironments({
      globalValue: {
        lab: { baseUrls: { 'huawei-meeting': 'https://lab.example:8443/' }, confirmBeforeSend: false },
        production: { baseUrls: { 'huawei-meeting': 'https://evil.example' } },
        broken: { baseUrls: { 'huawei-meeting': 'ftp://x' } },
        notAnObject: 'https://x',
      },
    });
    assert.deepEqual(
      view.entries.map((e) => e.name),
      ['production', 'production-intl', 'mock', 'lab', 'broken'],
    );
    assert.ok(view.ignored.includes('production'));
    assert.ok(view.ignored.includes('notAnObject'));
    const lab = resolveBaseUrl(view, 'lab', 'huawei-meeting', HUAWEI);
    assert.ok(lab.ok);
    assert.equal(lab.baseUrl, 'https://lab.example:8443');
    assert.equal(lab.environment.confirmBeforeSend, false);
    // The reserved name still means the built-in, never the user's entry.
    const prod = resolveBaseUrl(view, 'production', 'huawei-meeting', HUAWEI);
    assert.ok(prod.ok && prod.origin === 'https://api.meeting.huaweicloud.com');
    const missing = resolveBaseUrl(view, 'lab', 'webex-meetings', WEBEX);
    assert.ok(!missing.ok && /no base URL for the API family "webex-meetings"/.test(missing.reason));
    const unknown = resolveBaseUrl(view, 'nope', 'webex-meetings', WEBEX);
    assert.ok(!unknown.ok && /not defined/.test(unknown.reason));
    assert.equal(resolveBaseUrl(view, 'broken', 'huawei-meeting', HUAWEI).ok, false);
  });

  void it('previewBeforeSend is on only when the user environment says true; built-ins never', () => {
    const view = listEnvironments({
      globalValue: {
        careful: { baseUrls: { 'webex-calling': 'https://lab.example' }, previewBeforeSend: true },
        loose: { baseUrls: { 'webex-calling': 'https://lab.example' }, previewBeforeSend: 'yes' },
        plain: { baseUrls: { 'webex-calling': 'https://lab.example' } },
      },
    });
    assert.deepEqual(
      view.entries.filter((e) => e.previewBeforeSend === true).map((e) => e.name),
      ['careful'],
    );
    assert.ok(view.entries.every((e) => e.previewBeforeSend === undefined || e.previewBeforeSend === true));
  });

  void it('normalizes base URLs and refuses credentials, queries and other schemes', () => {
    assert.equal(normalizeBaseUrl('HTTPS://WebexApis.com:443/v1/'), 'https://webexapis.com/v1');
    assert.equal(normalizeBaseUrl('https://user:pw@webexapis.com'), undefined);
    assert.equal(normalizeBaseUrl('https://webexapis.com/?x=1'), undefined);
    assert.equal(normalizeBaseUrl('javascript:alert(1)'), undefined);
    assert.equal(normalizeBaseUrl('not a url'), undefined);
  });

  void it('knows loopback origins (no confirmation for the mock)', () => {
    for (const o of ['http://127.0.0.1:4010', 'http://localhost:3000', 'http://[::1]:4010', 'http://127.255.0.1']) {
      assert.ok(isLoopbackOrigin(o), o);
    }
    for (const o of [
      'https://webexapis.com',
      'http://127.0.0.1.evil.test',
      'http://128.0.0.1',
      'http://localhost.evil.test',
      'nonsense',
    ]) {
      assert.ok(!isLoopbackOrigin(o), o);
    }
  });
});
