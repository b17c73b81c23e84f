/**
 * The token endpoints (`x-sign-in`) are documented catalog operations that are not request-file operations: a file
 * naming one gets one error, hover documents it and says why, completion does not offer it, and Send refuses it.
 * And nothing a request file says can send a token to another origin: hostile files sent anyway (as --force does)
 * reach only the environment's origin.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { builtinCatalog, doc, problemsOf } from '../../helpers/catalog';
import { withCursor } from '../../helpers/cursor';
import { hover } from '../../../server/src/features/hover';
import { complete } from '../../../server/src/features/completion';
import { prepareRequest } from '../../../server/src/features/prepareRequest';
import { DEFAULT_SERVER_SETTINGS } from '../../../common/settings';
import { sendRequest } from '../../../client/src/http/index';
import { settings, startServer } from '../http/helpers';

const SIGN_IN_IDS = [
  'huawei.auth.accountAuth',
  'huawei.auth.appAuth',
  'huawei.auth.controlToken',
  'webex.auth.accessToken',
  'webex.auth.deviceAuthorize',
  'webex.auth.deviceToken',
  'webex.auth.tokenExpiry',
];

describe('token endpoints in the catalog', () => {
  test('are kept apart from the request-file operations', () => {
    const catalog = builtinCatalog();
    assert.deepEqual(
      catalog
        .signInOperations()
        .map((o) => o.id)
        .sort(),
      SIGN_IN_IDS,
    );
    assert.ok(!catalog.all().some((o) => o.signIn === true || o.id.includes('.auth.')));
    for (const id of SIGN_IN_IDS) assert.equal(catalog.get(id), undefined, id);
  });

  for (const id of SIGN_IN_IDS) {
    test(`a file naming ${id} gets one error at the operation, and Send refuses it`, () => {
      const text = JSON.stringify({ operation: id, body: { client_id: 'x' } });
      const problems = problemsOf(text);
      assert.deepEqual(
        problems.map((p) => [p.severity, p.code]),
        [['error', 'sign-in-operation']],
      );
      const p = problems[0];
      assert.match(p.message, /is a sign-in endpoint, not sent from request files/);
      assert.equal(text.slice(p.offset, p.offset + p.length), JSON.stringify(id));
      assert.deepEqual(p.fixes ?? [], []);
      const prepared = prepareRequest(doc(text), builtinCatalog(), DEFAULT_SERVER_SETTINGS);
      assert.equal(prepared.ok, false);
      assert.match(prepared.ok ? '' : prepared.reason, /sign-in endpoint/);
    });
  }

  test('hover on the operation documents the endpoint and says why it is not sent', () => {
    const { text, offset } = withCursor('{"operation": "huawei.auth.app|Auth"}');
    const h = hover(doc(text), offset, parse(text), builtinCatalog());
    const md = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    assert.match(md, /\*\*POST\*\* `https:\/\/api\.meeting\.huaweicloud\.com\/v2\/usg\/acs\/auth\/appauth`/);
    assert.match(md, /Huawei App ID signature/);
    assert.match(md, /not sent from request files/);
  });

  test('completion of "operation" does not offer them', () => {
    const { text, offset } = withCursor('{"operation": "|"}');
    const labels = complete(doc(text), offset, parse(text), builtinCatalog()).map((i) => i.label);
    assert.ok(labels.length > 0);
    assert.ok(!labels.some((l) => l.includes('.auth.')), labels.join(', '));
  });
});

describe('a request file cannot send a token to another origin', () => {
  const TOKEN = 'canary-access-token-9d1e';

  test('hostile paths, headers, envelope keys and operations, sent anyway: only the environment origin is reached', async (t) => {
    const evil = await startServer(t, (_req, res) => res.end('stolen'));
    // The environment's server redirects everything to the other origin: never followed either.
    const api = await startServer(t, (_req, res) => {
      res.writeHead(307, { Location: `${evil.url}/steal` });
      res.end();
    });
    const host = `127.0.0.1:${evil.port}`;
    const vmr = (extra: Record<string, unknown>) => ({
      operation: 'huawei.meeting.updateMemberVmr',
      pathParams: { id: 'vmr-1' },
      body: { vmrName: 'Room' },
      ...extra,
    });
    const files: Array<Record<string, unknown>> = [
      vmr({ pathParams: { id: `${evil.url}/steal` } }),
      vmr({ pathParams: { id: `//${host}/steal` } }),
      vmr({ pathParams: { id: `@${host}` } }),
      vmr({ pathParams: { id: `../../../..//${host}` } }),
      vmr({ headers: { Host: host, 'X-Forwarded-Host': host, ':authority': host, 'X-Original-URL': evil.url } }),
      vmr({ headers: { 'X-Access-Token': 'from-the-file', Authorization: `Bearer from-the-file` } }),
      vmr({ baseUrl: evil.url, url: evil.url, server: evil.url, servers: [evil.url], origin: evil.url }),
      vmr({ query: { redirect_uri: evil.url, url: evil.url } }),
      { operation: 'huawei.auth.appAuth', body: { appId: 'a', clientType: 72, expireTime: 1, nonce: 'n'.repeat(32) } },
      { operation: 'huawei.auth.controlToken', query: { conferenceID: '1' }, headers: { 'X-Password': 'x' } },
    ];
    let sent = 0;
    for (const file of files) {
      const prepared = prepareRequest(doc(JSON.stringify(file)), builtinCatalog(), DEFAULT_SERVER_SETTINGS);
      if (!prepared.ok) {
        assert.ok(String(file.operation).includes('.auth.'), `refused: ${prepared.reason}`);
        continue;
      }
      const req = prepared.request;
      const slot = req.credentials[0];
      // Validation errors are ignored, as --force does: what the core sends is what counts.
      await sendRequest(req, {
        baseUrl: api.url,
        settings: settings(),
        token: { value: TOKEN, slot, origin: api.origin },
      });
      sent++;
    }
    assert.equal(sent, files.length - 2);
    assert.equal(evil.connections, 0, 'the other origin was never contacted');
    for (const r of api.requests) {
      assert.equal(r.headers.host, `127.0.0.1:${api.port}`, r.url);
      assert.equal(r.headers['x-access-token'], TOKEN, r.url);
      assert.ok(!JSON.stringify(r.headers).includes('from-the-file'), r.url);
    }
  });
});
