/**
 * The one choice of `--env` / `--base-url` (`cli/send/baseUrl.ts`) that `send`, `diff` and `token` share: every
 * answer and every message, for both callers' words.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseBaseUrl } from '../../../cli/send/baseUrl';
import { UsageError } from '../../../cli/errors';

const SERVERS = ['https://api.meeting.huaweicloud.com', 'https://api-intl.meeting.huaweicloud.com'];
const choose = (env: string | undefined, baseUrl: string | undefined, servers: readonly string[] = SERVERS) =>
  chooseBaseUrl(
    { env, baseUrl, servers },
    'the request goes',
    'x.op documents no absolute server URL: give --base-url.',
  );

function refused(run: () => unknown, message: string): void {
  assert.throws(run, (e: unknown) => e instanceof UsageError && e.message === message);
}

test('an environment resolves against the documented servers; a base URL is normalized', () => {
  assert.equal(choose('production', undefined), 'https://api.meeting.huaweicloud.com');
  assert.equal(choose('production-intl', undefined), 'https://api-intl.meeting.huaweicloud.com');
  assert.equal(choose('mock', undefined), 'http://127.0.0.1:4010');
  assert.equal(choose('mock', undefined, []), 'http://127.0.0.1:4010');
  assert.equal(choose(undefined, 'http://127.0.0.1:8080/api/'), 'http://127.0.0.1:8080/api');
});

test('every refusal says what to give, in the words of its caller', () => {
  refused(() => choose('production', 'https://x.example'), 'give --env or --base-url, not both.');
  refused(
    () => choose(undefined, undefined),
    'choose where the request goes: --env production|production-intl|mock or --base-url <url>.',
  );
  refused(
    () => chooseBaseUrl({ env: undefined, baseUrl: undefined, servers: [] }, 'the token comes from', 'unused'),
    'choose where the token comes from: --env production|production-intl|mock or --base-url <url>.',
  );
  refused(
    () => choose('lab', undefined),
    '--env must be one of production, production-intl, mock, not "lab" (or use --base-url).',
  );
  refused(
    () => choose(undefined, 'https://user@x.example'),
    '--base-url must be an http(s) URL without user name, query or fragment, not "https://user@x.example".',
  );
  refused(
    () => choose(undefined, 'ftp://x.example'),
    '--base-url must be an http(s) URL without user name, query or fragment, not "ftp://x.example".',
  );
  refused(() => choose('production', undefined, []), 'x.op documents no absolute server URL: give --base-url.');
});
