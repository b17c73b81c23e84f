/**
 * One secret-name heuristic (`common/secretNames.ts`) for headers, query parameters and fields. Before, the header
 * rules and the export redaction each kept a list; the lists are kept here, as they were, so a test fails if the
 * one definition ever stops catching a name either of them caught (nothing starts leaking). Names come from the
 * catalog, Webex's published spec and generated spellings; and each place that decides by a name is checked to
 * decide by this definition.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { looksSecret } from '../../../common/secretNames';
import { nameProblem } from '../../../common/headerRules';
import { secretFieldTest, redactSecretFields } from '../../../client/src/http/redactFields';

const ROOT = join(__dirname, '..', '..', '..');

/** `client/src/http/redactFields.ts` before: field names (suffixes). */
const FIELD_LIST_BEFORE = /(pwd|passwd|password|passcode|pin|secret|token|apikey|hostkey|joinuri|joinurl)$/i;
/** `common/headerRules.ts` before: header and query names, after any `X-`. */
const HEADER_LIST_BEFORE =
  /token|secret|passw(or)?d|pwd|passcode|api[-_]?key|access[-_]?key|^key$|signature|^sig$|^auth|jwt|credential|session|cookie|bearer|^code$/i;
const caughtBefore = (name: string): boolean =>
  FIELD_LIST_BEFORE.test(name) || HEADER_LIST_BEFORE.test(name.replace(/^x-/i, ''));

/** Every property and parameter name of the catalog and of Webex's published spec. */
function documentedNames(): Set<string> {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    if (typeof o.properties === 'object' && o.properties !== null) {
      Object.keys(o.properties).forEach((k) => names.add(k));
    }
    if (typeof o.name === 'string' && typeof o.in === 'string') names.add(o.name);
    Object.values(o).forEach(walk);
  };
  for (const f of readdirSync(join(ROOT, 'schemas')).filter((f) => f.endsWith('.json'))) {
    walk(JSON.parse(readFileSync(join(ROOT, 'schemas', f), 'utf8')));
  }
  walk(JSON.parse(readFileSync('/work/shared/fixtures/webex-meeting.openapi.json', 'utf8')));
  return names;
}

/** Spellings a header, query parameter or field may take: prefixes, separators, case. */
function generatedNames(): string[] {
  const words = ['token', 'secret', 'password', 'passwd', 'pwd', 'passcode', 'pin', 'apikey', 'api-key', 'api_key'];
  words.push('hostkey', 'host_key', 'accesskey', 'access-key', 'key', 'signature', 'sig', 'auth', 'authorization');
  words.push('jwt', 'credential', 'session', 'cookie', 'bearer', 'code', 'joinuri', 'joinurl', 'join_url');
  const prefixes = ['', 'x-', 'X-', 'host', 'chair', 'guest', 'access', 'refresh', 'user-', 'my_', 'vmr'];
  const suffixes = ['', 'Id', 's', '-value', 'Enabled'];
  const out: string[] = [];
  for (const p of prefixes) {
    for (const w of words) {
      for (const s of suffixes) {
        for (const cased of [w, w.toUpperCase(), w[0].toUpperCase() + w.slice(1)]) out.push(`${p}${cased}${s}`);
      }
    }
  }
  return out;
}

test('every name either old list caught is still caught (documented and generated names)', () => {
  const names = [...documentedNames(), ...generatedNames()];
  const caught = names.filter(caughtBefore);
  assert.ok(caught.length > 500, `${caught.length} names caught before`);
  const leaking = caught.filter((n) => !looksSecret(n));
  assert.deepEqual(leaking, [], 'names that would start leaking');
});

test('names that are not secrets stay unflagged', () => {
  for (const name of ['vmrName', 'subject', 'X-Request-Id', 'Accept-Language', 'TrackingID', 'meetingNumber']) {
    assert.equal(looksSecret(name), false, name);
  }
});

test('the header rules and the export redaction decide by the one definition', () => {
  const ctx = { operationId: 'op', documented: [], credentialHeaders: [] };
  const isSecret = secretFieldTest([]);
  for (const name of ['X-Session', 'hostPin', 'chairJoinUri', 'X-Api-Key', 'hostKey', 'sig', 'passwordEntry']) {
    assert.equal(looksSecret(name), true, name);
    assert.equal(nameProblem(name, ctx)?.code, 'credential-header', `header ${name}`);
    assert.ok(isSecret(name), `field ${name}`);
    const r = redactSecretFields(`{"${name}": "CUSTOMER_VALUE"}`, isSecret);
    assert.ok(!r.text.includes('CUSTOMER_VALUE'), `redacted ${name}`);
  }
  // A documented header is the operation's own: not dropped by the name heuristic.
  assert.equal(nameProblem('X-Pin', { ...ctx, documented: ['X-Pin'] }), undefined);
});
