/**
 * Secrets in Safe PUT's preview (#15): the two sides of the diff and the summary never show a field the catalog
 * marks secret (PINs, passwords, join links), at any depth, yet say whether each one changes; the request that
 * Send from the preview sends (the prepared body) keeps every value as written.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'jsonc-parser';
import { hasRead, previewPut, type PutPreview } from '../../../common/readPlan';
import type { PreparedRequest } from '../../../common/requestSpec';
import {
  SECRET_CHANGED,
  SECRET_MASK,
  SECRET_SET,
  maskSecrets,
  maskSecretsAfter,
  secretFieldTest,
} from '../../../common/secretValues';
import { DEFAULT_SERVER_SETTINGS } from '../../../common/settings';
import { previewTexts } from '../../../client/src/preview/previewDocs';
import { prepareRequest } from '../../../server/src/features/prepareRequest';
import { builtinCatalog, doc } from '../../helpers/catalog';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
/** Canaries: must appear in no side and no summary line. */
const PIN = '80417';
const NEW_PIN = '61533';
const CHAIR = 'chair-canary-7313';
const GUEST = 'guest-canary-2958';

function prepared(example: string, body?: unknown): PreparedRequest {
  const file = JSON.parse(readFileSync(join(EXAMPLES, example), 'utf8')) as Record<string, unknown>;
  if (body !== undefined) file.body = body;
  const r = prepareRequest(doc(JSON.stringify(file, null, 2)), builtinCatalog(), DEFAULT_SERVER_SETTINGS);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.request;
}

function preview(put: PreparedRequest, resource: unknown): PutPreview {
  const p = previewPut(put, resource);
  assert.ok(p.ok, p.ok ? '' : p.reason);
  return p.value;
}

function assertNoCanary(...texts: string[]): void {
  for (const t of texts) for (const c of [PIN, NEW_PIN, CHAIR, GUEST]) assert.ok(!t.includes(c), `leaked ${c}`);
}

const pmr = { topic: 'Room', hostPin: PIN, enabledAutoLock: false, autoLockMinutes: 10 };

describe('secret values in the preview', () => {
  it('Webex hostPin: masked on both sides, "(changed)" on the right, the summary names it without values', () => {
    const put = prepared('webex-update-personal-room.meeting.json', { ...pmr, hostPin: NEW_PIN, topic: 'New' });
    assert.ok(put.secretFields?.includes('hostPin'), 'the catalog marks hostPin secret');
    const p = preview(put, pmr);
    const texts = previewTexts(put, 'webex.meetings.getPersonalMeetingRoomOptions', p);
    assertNoCanary(texts.left, texts.right, texts.title, p.summary.join('\n'), JSON.stringify(p.changes));
    assert.deepEqual(parse(texts.left), { ...pmr, hostPin: SECRET_MASK });
    assert.deepEqual(parse(texts.right), { ...pmr, topic: 'New', hostPin: SECRET_CHANGED });
    assert.ok(p.summary.includes('hostPin changes (a secret, not shown)'), p.summary.join('\n'));
    assert.ok(p.summary.includes('topic changes from "Room" to "New"'), 'other fields keep their values');
    // What Send from the preview sends is the prepared body, unmasked.
    assert.equal((JSON.parse(put.body ?? '{}') as { hostPin: string }).hostPin, NEW_PIN);
  });

  it('an unchanged PIN is masked alike on both sides: no difference, nothing in the summary', () => {
    const put = prepared('webex-update-personal-room.meeting.json', { ...pmr, topic: 'New' });
    const p = preview(put, pmr);
    const texts = previewTexts(put, 'read', p);
    assertNoCanary(texts.left, texts.right, p.summary.join('\n'));
    assert.equal((parse(texts.left) as typeof pmr).hostPin, SECRET_MASK);
    assert.equal((parse(texts.right) as typeof pmr).hostPin, SECRET_MASK);
    assert.ok(!p.summary.some((l) => l.includes('hostPin')), p.summary.join('\n'));
  });

  it('Huawei VMR passwords: one changed, one set, none shown', () => {
    const put = prepared('huawei-update-vmr.meeting.json', { chairPwd: CHAIR, gustPwd: GUEST, vmrName: 'Room' });
    const p = preview(put, { id: 'r', vmrName: 'Room', chairPwd: '999001' });
    const texts = previewTexts(put, 'read', p);
    assertNoCanary(texts.left, texts.right, p.summary.join('\n'), JSON.stringify(p.changes));
    assert.ok(!texts.left.includes('999001'), 'the current password is not shown either');
    const right = parse(texts.right) as Record<string, unknown>;
    assert.equal(right.chairPwd, SECRET_CHANGED);
    assert.equal(right.gustPwd, SECRET_SET);
    assert.deepEqual(p.summary, ['chairPwd changes (a secret, not shown)', 'gustPwd is set (a secret, not shown)']);
  });

  it('a secret inside another field (a guest password in the settings object) is masked in the summary too', () => {
    const body = {
      subject: 'Sync',
      confConfigInfo: { isSendNotify: true, guestPwd: GUEST },
    };
    const put = prepared('huawei-update-recurring-meeting.meeting.json', body);
    const p = preview(put, { subject: 'Sync', confConfigInfo: { isSendNotify: false, guestPwd: '120034' } });
    const texts = previewTexts(put, 'read', p);
    assertNoCanary(texts.left, texts.right, p.summary.join('\n'), JSON.stringify(p.changes));
    assert.ok(!`${texts.left}${p.summary.join('\n')}`.includes('120034'));
    const line = p.summary.find((l) => l.startsWith('confConfigInfo changes'));
    assert.ok(line?.includes(SECRET_CHANGED), p.summary.join('\n'));
  });

  it('the items of a list the catalog marks secret are not named at all', () => {
    const current = { ...pmr, coHosts: [{ email: 'gone@example.com', displayName: 'Gone' }] };
    const body = { ...pmr, coHosts: [{ email: 'new@example.com' }] };
    const put = prepared('webex-update-personal-room.meeting.json', body);
    assert.ok(hasRead(put.read));
    const p = preview({ ...put, read: { ...put.read, secretFields: [...put.read.secretFields, 'coHosts'] } }, current);
    assert.ok(!/gone@|Gone|new@/.test(`${p.summary.join('\n')}${JSON.stringify(p.changes)}`), p.summary.join('\n'));
    assert.ok(p.summary.includes('1 cohost(s) removed: "(secret, not shown)"'), p.summary.join('\n'));
    assert.ok(p.summary.includes('1 item(s) added to coHosts: "(secret, not shown)"'), p.summary.join('\n'));
  });

  it('a list item named by its whole value (no key, no label) is quoted with its secrets masked', () => {
    // Co-hosts are told apart by email and named by displayName/email; items with neither are quoted whole.
    const current = { ...pmr, coHosts: [{ email: 'a@example.com', displayName: 'A' }, { meetingPassword: CHAIR }] };
    const body = { ...pmr, coHosts: [{ email: 'a@example.com' }, { hostPin: NEW_PIN, note: 'kept' }] };
    const put = prepared('webex-update-personal-room.meeting.json', body);
    const p = preview(put, current);
    const texts = previewTexts(put, 'read', p);
    assertNoCanary(texts.left, texts.right, p.summary.join('\n'), JSON.stringify(p.changes));
    assert.ok(p.summary.includes(`1 cohost(s) removed: {"meetingPassword":"${SECRET_MASK}"}`), p.summary.join('\n'));
    assert.ok(
      p.summary.includes(`1 item(s) added to coHosts: {"hostPin":"${SECRET_MASK}","note":"kept"}`),
      p.summary.join('\n'),
    );
  });
});

describe('secretValues', () => {
  const isSecret = secretFieldTest(['hostPin']);

  it('catalog names and secret-looking names are secret; flags and ordinary names are not', () => {
    assert.equal(isSecret('hostPin'), true);
    assert.equal(isSecret('chairPwd'), true, 'by its name');
    assert.equal(isSecret('requireStrongPassword'), false);
    assert.equal(isSecret('topic'), false);
  });

  it('masks strings and numbers at any depth, keeps flags, nulls and everything else', () => {
    assert.deepEqual(
      maskSecrets(
        { a: 1, hostPin: 1234, list: [{ password: 'x', ok: true }], pwd: { v: 's', on: false, n: null } },
        isSecret,
      ),
      {
        a: 1,
        hostPin: SECRET_MASK,
        list: [{ password: SECRET_MASK, ok: true }],
        pwd: { v: SECRET_MASK, on: false, n: null },
      },
    );
  });

  it('the side after says equal, changed or set; a number and its string differ', () => {
    const before = { hostPin: '1', list: [{ password: 'a' }], same: { password: 'k' } };
    const after = { hostPin: 1, list: [{ password: 'a' }, { password: 'b' }], same: { password: 'k' }, pwd: 'n' };
    assert.deepEqual(maskSecretsAfter(after, before, isSecret), {
      hostPin: SECRET_CHANGED,
      list: [{ password: SECRET_MASK }, { password: SECRET_SET }],
      same: { password: SECRET_MASK },
      pwd: SECRET_SET,
    });
  });
});
