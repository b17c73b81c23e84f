/**
 * One secret-name heuristic (`common/secretNames.ts`) for headers, query parameters and fields. Every property and
 * parameter name of the catalog and of Webex's published spec is run through it, in each place the documents use
 * it: the names judged secret must be exactly the reviewed credentials below (so a documented non-secret such as
 * `sessionTypeId` or `authenticationMethod` is never masked or dropped, and no real credential stops being one).
 * Generated spellings of credentials are still caught; each place that decides by a name decides by this
 * definition; and a token canary stays masked in every export.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { looksSecret, nameWords, type SecretPlace } from '../../../common/secretNames';
import { checkHeaders, nameProblem } from '../../../common/headerRules';
import { secretFieldTest, redactSecretFields } from '../../../client/src/http/redactFields';

const ROOT = join(__dirname, '..', '..', '..');
const WEBEX_SPEC = '/work/shared/fixtures/webex-meeting.openapi.json';

/** Every name the documents use, with the places they use it in (`field` for schema properties). */
function documentedNames(): Map<string, Set<SecretPlace>> {
  const names = new Map<string, Set<SecretPlace>>();
  const add = (name: string, place: SecretPlace) =>
    (names.get(name) ?? names.set(name, new Set()).get(name)!).add(place);
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    if (typeof o.properties === 'object' && o.properties !== null) {
      Object.keys(o.properties).forEach((k) => add(k, 'field'));
    }
    if (typeof o.name === 'string' && (o.in === 'header' || o.in === 'query')) add(o.name, o.in);
    Object.values(o).forEach(walk);
  };
  for (const f of readdirSync(join(ROOT, 'schemas')).filter((f) => f.endsWith('.json'))) {
    walk(JSON.parse(readFileSync(join(ROOT, 'schemas', f), 'utf8')));
  }
  walk(JSON.parse(readFileSync(WEBEX_SPEC, 'utf8')));
  return names;
}

/**
 * The documented names that hold a secret, reviewed one by one against their descriptions: every field the catalog
 * marks `x-secret`, the credential headers, and Webex's passwords, PINs and keys (`hostKey`: "Key for joining the
 * meeting as host"; `secret`: "Secret used to generate payload signature"). Webex's `key` field is an HTTP error
 * code and its `sessionId` a meeting instance id: not secrets.
 */
const SECRETS = [
  'Authorization',
  'X-Access-Token',
  'X-Conference-Authorization',
  'X-Password',
  'accessToken',
  'access_token',
  'audienceJoinUri',
  'audioPin',
  'chairJoinUri',
  'chairJoinUrl',
  'chairPwd',
  'client_secret',
  'code',
  'code_verifier',
  'device_code',
  'guestJoinUri',
  'guestPwd',
  'gustJoinUrl',
  'gustPwd',
  'hostKey',
  'hostPin',
  'panelistPassword',
  'password',
  'phoneAndVideoSystemPanelistPassword',
  'phoneAndVideoSystemPassword',
  'phoneSecurityPwd',
  'refreshToken',
  'refresh_token',
  'secret',
  'sipPassword',
  'token',
];

test('over every documented name, in every place it is used, exactly the reviewed credentials look secret', () => {
  const names = documentedNames();
  assert.ok(names.size > 1000, `${names.size} names`);
  const judged: string[] = [];
  for (const [name, places] of names) {
    for (const place of places) if (looksSecret(name, place)) judged.push(`${name} (${place})`);
  }
  const expected = [...names]
    .filter(([n]) => SECRETS.includes(n))
    .flatMap(([n, places]) => [...places].map((p) => `${n} (${p})`));
  assert.deepEqual(judged.sort(), expected.sort());
  // Every reviewed credential is documented somewhere (the list is not stale).
  assert.deepEqual(
    SECRETS.filter((s) => !names.has(s)),
    [],
  );
});

test('the names the union got wrong are not secrets; the nouns still are', () => {
  const notSecret: Array<[string, SecretPlace]> = [
    ['sessionTypeId', 'field'],
    ['sessionTypeId', 'query'],
    ['authenticationMethod', 'field'],
    ['authSettingsEnabled', 'field'],
    ['breakoutSessionId', 'query'],
    ['sessionId', 'query'],
    ['tokenType', 'field'],
    ['confTokenExpireTime', 'field'],
    ['refresh_token_expires_in', 'field'],
    ['X-Authorization-Type', 'header'],
    ['passwordCriteria', 'field'],
    ['requireStrongPassword', 'field'],
    ['X-Pin', 'header'],
    ['pin', 'query'],
    ['key', 'field'],
    ['countryCode', 'field'],
    ['errorCode', 'query'],
    ['X-Request-Id', 'header'],
    ['Accept-Language', 'header'],
    ['TrackingID', 'header'],
    ['vmrName', 'field'],
    ['signatureMethod', 'query'],
  ];
  for (const [name, place] of notSecret) assert.equal(looksSecret(name, place), false, `${name} (${place})`);
  assert.deepEqual(nameWords('X-ACCESS-TOKEN'), ['access', 'token']);
  assert.deepEqual(nameWords('chairJoinURI'), ['chair', 'join', 'uri']);
});

/** Credential spellings a header, query parameter or field may take: prefixes, separators, case. */
function credentialSpellings(): string[] {
  const nouns = ['token', 'Token', 'TOKEN', 'secret', 'Secret', 'password', 'Password', 'passwd', 'pwd', 'Pwd'];
  nouns.push('passcode', 'Passcode', 'jwt', 'JWT', 'credential', 'Credentials', 'cookie', 'bearer', 'signature');
  nouns.push('authorization', 'Authorization', 'auth', 'Auth', 'session', 'Session');
  nouns.push('apikey', 'ApiKey', 'api-key', 'api_key', 'API_KEY', 'APIKEY', 'access-key', 'AccessKey', 'hostKey');
  nouns.push('host_key', 'privateKey', 'secret-key', 'subscription-key');
  const prefixes = ['', 'x-', 'X-', 'access', 'refresh', 'user-', 'my_', 'vmr', 'ACCESS'];
  return prefixes.flatMap((p) => nouns.map((n) => `${p}${n}`));
}

test('every spelling of a credential is secret in every place', () => {
  const names = [...credentialSpellings(), 'code', 'sig', 'device_code', 'authCode', 'code_verifier'];
  assert.ok(names.length > 300);
  for (const place of ['header', 'query', 'field'] as const) {
    assert.deepEqual(
      names.filter((n) => !looksSecret(n, place)),
      [],
      `credentials missed as ${place}`,
    );
  }
  for (const name of ['hostPin', 'chairJoinUri', 'guestJoinURL', 'audienceJoinUri', 'HOSTPIN', 'vmr_pin']) {
    assert.equal(looksSecret(name, 'field'), true, name);
  }
  for (const name of ['key', 'X-Key', 'sessionid', 'JSESSIONID', 'PHPSESSID']) {
    assert.equal(looksSecret(name, 'query'), true, name);
    assert.equal(looksSecret(name, 'header'), true, name);
  }
});

const ctx = { operationId: 'op', documented: [], credentialHeaders: [] };

test('the header rules decide by the one definition: credentials dropped, a PIN header refused as undocumented', () => {
  for (const name of ['X-Session', 'X-Api-Key', 'X-Auth-Token', 'sig', 'Cookie', 'X-Secret']) {
    assert.equal(nameProblem(name, ctx)?.code, 'credential-header', `header ${name}`);
  }
  // X-Pin is no token-store credential: it is refused (never sent, the value stays in the file) as undocumented.
  const pin = checkHeaders([['X-Pin', '1234']], ctx);
  assert.deepEqual(
    pin.problems.map((p) => [p.code, p.action]),
    [['header-not-allowed', 'refuse']],
  );
  assert.deepEqual(pin.dropped, []);
  // A documented header is the operation's own: not dropped by the name heuristic.
  assert.equal(nameProblem('X-Pin', { ...ctx, documented: ['X-Pin'] }), undefined);
  // A security scheme's header is a credential whatever its name.
  assert.equal(nameProblem('X-Pin', { ...ctx, credentialHeaders: ['x-pin'] })?.code, 'credential-header');
});

test('export redaction decides by the one definition and masks a canary under every secret name', () => {
  const isSecret = secretFieldTest([]);
  const CANARY = 'CANARY_TOKEN_5f1c';
  for (const name of [...SECRETS, 'hostPin', 'X-Session', 'passwordEntry_password', 'sessionToken']) {
    if (!looksSecret(name, 'field')) continue;
    const r = redactSecretFields(`{"${name}": "${CANARY}", "n": {"${name}": 1234}}`, isSecret);
    assert.ok(!r.text.includes(CANARY) && !r.text.includes('1234'), `redacted ${name}: ${r.text}`);
  }
  // Documented non-secrets keep their values in a support bundle.
  const kept = redactSecretFields('{"sessionTypeId": 3, "authenticationMethod": "WPA", "key": "404"}', isSecret);
  assert.deepEqual(kept.names, []);
});
