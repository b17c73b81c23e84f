/**
 * RequestStop: one signal per send for its deadline and the caller's Cancel, with one shared timer and one
 * listener per caller's signal (client/src/http/stop.ts). Through undici, test/unit/http/send.test.ts holds the
 * timeouts and cancellations; here, the bookkeeping that sharing needs.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { RequestStop, runningStops } from '../../../client/src/http/stop';

/**
 * Resolves when `stop` aborts (bounded by the deadline the test set). The shared timer never keeps the process
 * alive (a send's socket does), so the wait holds the loop open itself.
 */
async function aborted(stop: RequestStop): Promise<void> {
  const keepAlive = setInterval(() => undefined, 1_000);
  try {
    await once(stop, 'abort');
  } finally {
    clearInterval(keepAlive);
  }
}

describe('RequestStop', { timeout: 10_000 }, () => {
  test('the deadline aborts with a TimeoutError; a later deadline is not reached by an earlier one', async () => {
    const late = new RequestStop(400, undefined);
    const early = new RequestStop(20, undefined);
    await aborted(early);
    assert.equal(early.aborted, true);
    assert.equal(early.timedOut, true);
    assert.ok(early.reason instanceof DOMException);
    assert.equal(early.reason.name, 'TimeoutError');
    assert.equal(late.aborted, false, 'the later deadline is still ahead');
    await aborted(late);
    assert.equal(late.timedOut, true);
    early.end();
    late.end();
    assert.equal(runningStops(), 0);
  });

  test('an ended stop is reached neither by its deadline nor by the caller', async () => {
    const caller = new AbortController();
    const ended = new RequestStop(10, caller.signal);
    let fired = 0;
    ended.on('abort', () => (fired += 1));
    ended.end();
    // A stop with a later deadline: when it fires, the ended one's deadline has long passed.
    const sentinel = new RequestStop(60, undefined);
    await aborted(sentinel);
    caller.abort(new Error('cancelled'));
    assert.equal(fired, 0);
    assert.equal(ended.aborted, false);
    assert.equal(ended.timedOut, false);
    sentinel.end();
    assert.equal(runningStops(), 0);
  });

  test("the caller's Cancel reaches every send under way on its signal, with its reason, once", () => {
    const caller = new AbortController();
    const first = new RequestStop(60_000, caller.signal);
    const second = new RequestStop(60_000, caller.signal);
    const done = new RequestStop(60_000, caller.signal);
    done.end();
    const other = new RequestStop(60_000, new AbortController().signal);
    const seen: string[] = [];
    first.on('abort', () => seen.push('first'));
    second.on('abort', () => seen.push('second'));
    const reason = new Error('Cancelled by the user');
    caller.abort(reason);
    assert.deepEqual(seen, ['first', 'second']);
    assert.equal(first.reason, reason);
    assert.equal(second.reason, reason);
    assert.equal(first.timedOut, false);
    assert.equal(done.aborted, false);
    assert.equal(other.aborted, false, "another caller's send goes on");
    first.abort(new Error('again'));
    assert.equal(first.reason, reason, 'a second abort changes nothing');
    assert.deepEqual(seen, ['first', 'second']);
    for (const s of [first, second, other]) s.end();
    assert.equal(runningStops(), 0);
  });

  test("a send started on an already-cancelled signal is stopped at once; a signal's later sends are followed too", () => {
    const gone = new AbortController();
    gone.abort(new Error('before'));
    const late = new RequestStop(60_000, gone.signal);
    assert.equal(late.aborted, true);
    assert.equal((late.reason as Error).message, 'before');
    late.end();

    const caller = new AbortController();
    new RequestStop(60_000, caller.signal).end();
    const again = new RequestStop(60_000, caller.signal);
    caller.abort(new Error('now'));
    assert.equal(again.aborted, true, 'a signal seen before still reaches a new send');
    again.end();
    assert.equal(runningStops(), 0);
  });
});
