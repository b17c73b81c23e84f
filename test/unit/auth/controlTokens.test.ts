/**
 * The session's meeting-control tokens (client/src/auth/controlTokens.ts) against the Huawei stand-in on
 * 127.0.0.1, whose control token lives 60 s in place of 30 min. The clock and the timers are the test's, so
 * "before the end" is exact and nothing waits.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ControlTokenKeeper, IDLE_LIMIT_MS, controlConferenceId } from '../../../client/src/auth/controlTokens';
import { huaweiControlToken } from '../../../client/src/auth/huaweiControl';
import { FlowError } from '../../../client/src/auth/types';
import { fakeTimerDeps } from '../../helpers/fakeTimers';
import type { FakeTimer } from '../../helpers/fakeTimers';
import { settings } from '../http/helpers';
import { HOST_PASSWORD, LIVE_CONFERENCE, startHuaweiStandIn } from './huaweiStandIn';
import type { HuaweiStandIn } from './huaweiStandIn';

const LIFE_S = 60;
let s: HuaweiStandIn;
let now: number;
let timers: FakeTimer[];
let logs: string[];
let asked: number;

before(async () => {
  s = await startHuaweiStandIn({ controlLifeSeconds: LIFE_S });
});
after(() => s.close());
beforeEach(() => {
  now = Date.UTC(2026, 11, 3, 15);
  timers = [];
  logs = [];
  asked = 0;
});

function keeper(): ControlTokenKeeper {
  return new ControlTokenKeeper({
    mint: (input, baseUrl) => huaweiControlToken(input, { baseUrl, settings: settings(), now: () => now }),
    now: () => now,
    ...fakeTimerDeps(timers, () => now),
    log: (line) => logs.push(line),
  });
}

const ask = () => () => {
  asked++;
  return Promise.resolve<string | undefined>(HOST_PASSWORD);
};
const cancelled = () => {
  asked++;
  return Promise.resolve<string | undefined>(undefined);
};

/** Runs the next pending timer after moving the clock to its time; resolves once its keep-alive ended. */
async function fireNext(): Promise<void> {
  const t = timers.find((x) => !x.cleared);
  assert.ok(t, 'a keep-alive is scheduled');
  t.cleared = true;
  now = t.at;
  const scheduled = timers.length;
  const logged = logs.length;
  t.run();
  // Done when the next keep-alive is scheduled, or a line says it stopped (refused, or idle).
  for (let i = 0; i < 2000 && timers.length === scheduled && logs.length === logged; i++) {
    await new Promise((r) => setTimeout(r, 1));
  }
}

const controlCalls = () => s.seen.filter((x) => x.path === '/v1/mmc/control/conferences/token');

describe('meeting-control tokens minted on Send', () => {
  test('the conference id comes from a request sent with the control token, not from any other', () => {
    const control = [{ scheme: 'huaweiConferenceAuthorization' }];
    assert.equal(controlConferenceId({ credentials: control, query: [['conferenceID', '986030665']] }), '986030665');
    assert.equal(controlConferenceId({ credentials: control, query: [] }), undefined);
    assert.equal(controlConferenceId({ credentials: control, query: [['conferenceID', '']] }), undefined);
    const access = [{ scheme: 'huaweiAccessToken' }];
    assert.equal(controlConferenceId({ credentials: access, query: [['conferenceID', '1']] }), undefined);
  });

  test('the host password is asked once; the token is reused while it lives', async () => {
    const k = keeper();
    const first = await k.tokenFor(s.baseUrl, s.baseUrl, LIVE_CONFERENCE, ask());
    assert.ok(first);
    assert.equal(first.scheme, 'huaweiConferenceAuthorization');
    assert.equal(first.expiresAt, now + LIFE_S * 1000);
    const calls = controlCalls().length;
    now += 10_000;
    const again = await k.tokenFor(s.baseUrl, s.baseUrl, LIVE_CONFERENCE, ask());
    assert.equal(again?.accessToken, first.accessToken);
    assert.equal(asked, 1, 'asked once');
    assert.equal(controlCalls().length, calls, 'no request while it lives');
    assert.equal(k.live(s.baseUrl, LIVE_CONFERENCE)?.accessToken, first.accessToken);
    k.dispose();
    assert.equal(k.live(s.baseUrl, LIVE_CONFERENCE), undefined, 'dispose forgets it');
  });

  test('kept alive by the timer before its end, with the current token and no password', async () => {
    const k = keeper();
    let changes = 0;
    k.onDidChange(() => changes++);
    const first = await k.tokenFor(s.baseUrl, s.baseUrl, LIVE_CONFERENCE, ask());
    assert.ok(first?.expiresAt);
    assert.equal(changes, 1, 'minted: the status bar and the lens are told');
    const pending = timers.find((t) => !t.cleared);
    // Half of a 60 s life (the gate's margin for short-lived tokens): 30 s before the end.
    assert.equal(pending?.at, first.expiresAt - (LIFE_S * 1000) / 2);
    await fireNext();
    const call = controlCalls().at(-1);
    assert.equal(call?.headers['x-conference-authorization'], first.accessToken);
    assert.equal(call?.headers['x-password'], undefined, 'the keep-alive sends no password');
    const kept = k.live(s.baseUrl, LIVE_CONFERENCE);
    assert.ok(kept && kept.accessToken !== first.accessToken);
    assert.ok((kept.expiresAt ?? 0) > (first.expiresAt ?? 0), 'its life was extended');
    assert.equal(changes, 2, 'renewed: told again');
    assert.ok(
      timers.some((t) => !t.cleared),
      'the next keep-alive is scheduled',
    );
    k.dispose();
    assert.ok(
      timers.every((t) => t.cleared),
      'dispose stops the keep-alive',
    );
  });

  test('a Send near the end keeps the token alive first instead of sending one about to end', async () => {
    const k = keeper();
    const first = await k.tokenFor(s.baseUrl, s.baseUrl, LIVE_CONFERENCE, ask());
    now += 45_000; // 15 s left of 60
    const next = await k.tokenFor(s.baseUrl, s.baseUrl, LIVE_CONFERENCE, ask());
    assert.ok(next && first && next.accessToken !== first.accessToken);
    assert.equal(controlCalls().at(-1)?.headers['x-conference-authorization'], first.accessToken);
    assert.equal(asked, 1);
    k.dispose();
  });

  test('after a rejected token, the next Send mints one from the password held in memory, without asking', async () => {
    const k = keeper();
    const first = await k.tokenFor(s.baseUrl, s.baseUrl, LIVE_CONFERENCE, ask());
    assert.equal(k.rejected(s.baseUrl, LIVE_CONFERENCE), true);
    const next = await k.tokenFor(s.baseUrl, s.baseUrl, LIVE_CONFERENCE, ask());
    assert.ok(next && first && next.accessToken !== first.accessToken);
    assert.equal(controlCalls().at(-1)?.headers['x-password'], HOST_PASSWORD);
    assert.equal(asked, 1);
    k.dispose();
  });

  test('a refused mint says what Huawei said, and the password is asked again next time', async () => {
    const k = keeper();
    await assert.rejects(k.tokenFor(s.baseUrl, s.baseUrl, '111', ask()), (e: unknown) => {
      assert.ok(e instanceof FlowError);
      assert.equal(e.code, 'refused');
      assert.match(e.message, /Huawei answered 400 MMC\.111070005: conference not started\.$/);
      assert.ok(!e.message.includes(HOST_PASSWORD));
      return true;
    });
    await assert.rejects(k.tokenFor(s.baseUrl, s.baseUrl, '111', ask()));
    assert.equal(asked, 2, 'a refused password is not kept');
    k.dispose();
  });

  test('a refused keep-alive drops the token and says so to listeners (status bar: none)', async () => {
    const k = keeper();
    const changes: Array<string | undefined> = [];
    k.onDidChange(() => changes.push(k.live(s.baseUrl, LIVE_CONFERENCE)?.accessToken));
    const first = await k.tokenFor(s.baseUrl, s.baseUrl, LIVE_CONFERENCE, ask());
    assert.ok(first);
    // A stand-in that never issued the token refuses the keep-alive, as Huawei does once the meeting ended.
    const ended = await startHuaweiStandIn({ controlLifeSeconds: LIFE_S });
    try {
      // The held entry keeps its base URL: point the keeper at a stand-in where the meeting is not running.
      await k.tokenFor(ended.baseUrl, s.baseUrl, LIVE_CONFERENCE, ask()); // same token, base URL updated
      await fireNext();
    } finally {
      await ended.close();
    }
    assert.deepEqual(changes, [first.accessToken, undefined], 'minted, then dropped');
    assert.equal(k.live(s.baseUrl, LIVE_CONFERENCE), undefined);
    assert.match(logs.at(-1) ?? '', /alive failed/);
    assert.ok(!logs.join('\n').includes(HOST_PASSWORD));
    k.dispose();
  });

  test('cancelling the password box sends nothing', async () => {
    const k = keeper();
    const before = controlCalls().length;
    assert.equal(await k.tokenFor(s.baseUrl, s.baseUrl, LIVE_CONFERENCE, cancelled), undefined);
    assert.equal(controlCalls().length, before);
    k.dispose();
  });

  test('keep-alive stops after two hours without a Send, and the password is forgotten', async () => {
    const k = keeper();
    await k.tokenFor(s.baseUrl, s.baseUrl, LIVE_CONFERENCE, ask());
    let rounds = 0;
    while (now < Date.UTC(2026, 11, 3, 15) + IDLE_LIMIT_MS + 60_000 && timers.some((t) => !t.cleared)) {
      await fireNext();
      rounds++;
      assert.ok(rounds < 400, 'bounded');
    }
    assert.equal(
      timers.some((t) => !t.cleared),
      false,
      'no timer left',
    );
    assert.equal(k.live(s.baseUrl, LIVE_CONFERENCE), undefined);
    assert.ok(logs.some((l) => /no longer kept alive/.test(l)));
    await k.tokenFor(s.baseUrl, s.baseUrl, LIVE_CONFERENCE, ask());
    assert.equal(asked, 2, 'asked again after the idle limit');
    k.dispose();
  });

  test('a refused keep-alive (meeting ended) drops the token; the next Send mints again', async () => {
    const k = keeper();
    const first = await k.tokenFor(s.baseUrl, s.baseUrl, LIVE_CONFERENCE, ask());
    assert.ok(first);
    // The stand-in forgets its tokens: the keep-alive is refused as for a meeting that ended.
    s.controlTokens.splice(0);
    await fireNext();
    assert.equal(k.live(s.baseUrl, LIVE_CONFERENCE), undefined);
    assert.ok(logs.some((l) => /alive failed/.test(l)));
    const next = await k.tokenFor(s.baseUrl, s.baseUrl, LIVE_CONFERENCE, ask());
    assert.ok(next);
    assert.equal(asked, 1, 'the password held in memory mints the new one');
    for (const line of logs) {
      assert.ok(!line.includes(HOST_PASSWORD) && !line.includes(first.accessToken), line);
    }
    k.dispose();
  });
});
