/**
 * The catalog's error examples say only what the vendors document (#12 §3): a Webex answer named `documented` is
 * the one Webex's published spec gives for that operation and status, and a `documented-meaning` example holds the
 * words of Webex's response-code table for its status. The oracles are the published spec and the seed page with
 * that table (third-party text beside the repository, never copied into it): each part skips when its file is absent.
 * Any other error example is composed from documented parts (and where needed our reading, said in `x-decision`):
 * its summary says it is not a captured answer.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { SHARED } from '../helpers/documentedExamples';
import { errorExamples, type ErrorExample } from '../helpers/errorExamples';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});

const SPEC = join(SHARED, 'fixtures', 'webex-meeting.openapi.json');
/** Seed 002 (Webex Calling shared-line members): the page ends with Webex's response-code table. */
const TABLE = join(SHARED, 'seeds', '002_6c3c0dea375ffa27.txt');
const absent = (file: string) => (existsSync(file) ? false : `${file} is not present (third-party text)`);

const all = (): ErrorExample[] => [...errorExamples().values()].flat();

void describe("the catalog's error examples against the vendors' documents", () => {
  test("an error example that is not a vendor's published body says it is not a captured answer", () => {
    const composed = all().filter((e) => e.name !== 'documented');
    assert.ok(
      composed.some((e) => e.file === 'huawei-meeting.openapi.json'),
      'the Huawei examples are among them',
    );
    for (const e of composed) {
      assert.match(
        e.summary ?? '',
        /\(.*not a captured answer\)$/,
        `${e.file} ${e.method} ${e.path} ${e.status} ${e.name}`,
      );
    }
  });

  test(
    "a Webex answer named 'documented' is the published spec's example of that operation and status",
    { skip: absent(SPEC) },
    () => {
      const spec = obj(JSON.parse(readFileSync(SPEC, 'utf8')));
      const documented = all().filter((e) => e.file === 'webex-meetings.openapi.json' && e.name === 'documented');
      // The Personal Meeting Room's GET and PUT 403s: the only whole error bodies Webex publishes for our operations.
      assert.deepEqual(documented.map((e) => `${e.method} ${e.path} ${e.status}`).sort(), [
        'get /meetingPreferences/personalMeetingRoom 403',
        'put /meetingPreferences/personalMeetingRoom 403',
      ]);
      for (const e of documented) {
        const content = obj(obj(obj(obj(obj(obj(spec.paths)[e.path])[e.method]).responses)[String(e.status)]).content);
        const published = Object.values(content).map((m) => obj(m).example);
        assert.deepEqual([e.value], published, `${e.method.toUpperCase()} ${e.path} ${e.status}`);
      }
    },
  );

  test(
    "a 'documented-meaning' example holds the words of Webex's response-code table for its status",
    { skip: absent(TABLE) },
    () => {
      const words = new Map<number, string>();
      for (const line of readFileSync(TABLE, 'utf8').split('\n')) {
        const row = /^(\d{3}) \| [^|]+ \| (.+?) \|$/.exec(line.trim());
        if (row?.[1] !== undefined && row[2] !== undefined) words.set(Number(row[1]), row[2]);
      }
      assert.equal(words.get(401), 'Authentication credentials were missing or incorrect.');
      const meanings = all().filter((e) => e.name === 'documented-meaning');
      assert.ok(meanings.length >= 30, `every Webex operation's error statuses: ${meanings.length}`);
      for (const e of meanings) {
        const where = `${e.file} ${e.method.toUpperCase()} ${e.path} ${e.status}`;
        const table = words.get(e.status) ?? assert.fail(`${where}: no documented meaning of ${e.status}`);
        assert.equal(e.value.message, table, where);
        assert.deepEqual(e.value.errors, [{ description: table }], where);
        assert.match(e.summary ?? '', /not a captured answer/, where);
      }
    },
  );
});
