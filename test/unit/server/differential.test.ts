/**
 * The differential oracle (scripts/fuzz/differential.ts) in a fixed-seed run: 900 bodies drawn from the schemas
 * of every operation (the bundled catalog and the user catalog test/fixtures/combinators.openapi.json, whose
 * bodies reach their properties only through $ref, allOf, anyOf, oneOf and if/then/else), each checked as drawn
 * and with three known mutations, by analyze() and by @cfworker/json-schema on the raw OpenAPI document. The
 * long run is `npm run fuzz -- --differential`. A failure prints every class of disagreement with its first
 * body and the line that replays it.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkCase,
  loadTarget,
  report,
  runDifferential,
  type CheckName,
  type DifferentialSummary,
  type OracleTarget,
} from '../../../scripts/fuzz/differential';
import { merge } from '../../../scripts/fuzz/schemaGen';
import { UNKNOWN_KEY, type MutationKind } from '../../../scripts/fuzz/schemaMutations';
import { analyze } from '../../../server/src/features/analyze';
import { DEFAULT_SERVER_SETTINGS } from '../../../common/settings';

const SEED = 20261202;
const BODIES = 900;
const PLAIN = { indent: 2, unknownFields: 'warning' } as const;
const undeclared = { declared: new Set<string>(), openNames: false, namePatterns: [] };

describe('differential oracle: analyze() against an independent JSON Schema 2020-12 validator', () => {
  let target: OracleTarget;
  let run: DifferentialSummary;
  before(() => {
    target = loadTarget();
    run = runDifferential(target, { seed: SEED, start: 0, count: BODIES, mutationsPerBody: 3 });
  });

  test('covers every operation, bundled and user catalog, and every kind of mutation', (t) => {
    const ids = target.operations.map((o) => o.op.id);
    for (const id of [
      'huawei.meeting.updateMemberVmr',
      'huawei.meeting.updateStartedConfConfig',
      'huawei.meeting.updateRecurringMeeting',
      'webex.calling.putSharedLineAppearanceMembers',
      'webex.meetings.updatePersonalMeetingRoomOptions',
      'oracle.updateRoom',
      'oracle.addLayout',
    ]) {
      assert.ok(ids.includes(id), `${id} is judged (operations: ${ids.join(', ')})`);
    }
    assert.equal(run.bodies, BODIES);
    assert.ok(run.cases >= BODIES * 3, `${run.cases} request files`);
    assert.equal(run.generatorMisses, 0, 'every generated body is valid for the independent validator');
    const kinds: MutationKind[] = [
      'wrong-type',
      'enum-near-miss',
      'missing-required',
      'unknown-key',
      'boundary-in',
      'boundary-out',
      'format',
    ];
    for (const kind of kinds) assert.ok((run.mutations[kind] ?? 0) >= 10, `${kind}: ${run.mutations[kind] ?? 0}`);
    t.diagnostic(
      report({ ...run, disagreements: [] })
        .split('\n')
        .slice(0, 2)
        .join('; '),
    );
  });

  const checks: Array<[CheckName, string]> = [
    ['verdict', 'verdicts agree: we report an error exactly when the independent validator rejects the body'],
    [
      'at-path',
      'every mutation the independent validator rejects is reported at its path, underlining the mutated value or key',
    ],
    ['undocumented', 'no "not documented" report names a property the schema declares at that place'],
    [
      'located',
      'every error stands where the independent validator finds one; deprecated properties are reported where the schema deprecates them, and nothing else',
    ],
  ];
  for (const [check, title] of checks) {
    test(title, () => {
      // The run's report narrowed to this check, so the test fails with the disagreements it is about.
      const disagreements = run.disagreements.filter((d) => d.check === check);
      assert.equal(disagreements.length, 0, report({ ...run, disagreements }));
    });
  }

  test('the oracle notices planted disagreements (it can fail)', () => {
    const vmr = target.operations.find((o) => o.op.id === 'huawei.meeting.updateMemberVmr')!;
    const config = target.operations.find((o) => o.op.id === 'huawei.meeting.updateStartedConfConfig')!;
    // Judged by another operation's schema, a valid room body is rejected: a verdict disagreement.
    const judgedWrongly = checkCase(
      target.catalog,
      { ...vmr, pointer: config.pointer },
      { vmrName: 'Room' },
      [],
      undefined,
      PLAIN,
    );
    assert.deepEqual(
      judgedWrongly.disagreements.map((d) => d.check),
      ['verdict'],
    );
    // A mutation claimed at a place where nothing changed is not found there.
    const misplaced = checkCase(
      target.catalog,
      vmr,
      { vmrName: 'Room', chairPwd: 12 },
      [],
      { kind: 'wrong-type', path: ['vmrName'], note: 'planted', body: undefined },
      PLAIN,
    );
    assert.deepEqual(
      misplaced.disagreements.map((d) => d.check),
      ['at-path'],
    );
    // An undocumented key no mutation added, in an open schema: reported, so the oracle flags it.
    const layout = target.operations.find((o) => o.op.id === 'oracle.addLayout')!;
    const stray = checkCase(
      target.catalog,
      layout,
      { shapes: [{ type: 'circle', radius: 1 }], [UNKNOWN_KEY]: 1 },
      [],
      undefined,
      PLAIN,
    );
    assert.deepEqual(
      stray.disagreements.map((d) => d.check),
      ['undocumented'],
    );
    // A property the schema would deprecate that is not reported as deprecated.
    const deprecated = { path: ['vmrName'], view: { ...merge([]), deprecated: true }, ...undeclared };
    const silent = checkCase(target.catalog, vmr, { vmrName: 'Room' }, [deprecated], undefined, PLAIN);
    assert.deepEqual(
      silent.disagreements.map((d) => d.check),
      ['located'],
    );
  });

  test('email format: a local part over 64 characters or a domain label over 63 is invalid, as RFC 5321 and the independent validator say', () => {
    const pmr = target.operations.find((o) => o.op.id === 'webex.meetings.updatePersonalMeetingRoomOptions')!;
    const body = (email: string) => ({
      topic: 'Room',
      hostPin: '4325',
      enabledAutoLock: false,
      autoLockMinutes: 0,
      enabledNotifyHost: false,
      supportCoHost: true,
      coHosts: [{ email, displayName: 'A' }],
    });
    const verdicts = (email: string) => {
      const text = JSON.stringify({ operation: pmr.op.id, query: { siteUrl: 'a.webex.com' }, body: body(email) });
      const ours = analyze(text, target.catalog, DEFAULT_SERVER_SETTINGS).problems.map(
        (p) => `${p.code}@${p.path?.join('.')}`,
      );
      return { ours, independent: pmr.independent.verdict(pmr.pointer, body(email)).valid };
    };
    assert.deepEqual(verdicts(`${'a'.repeat(64)}@${'b'.repeat(63)}.com`), { ours: [], independent: true });
    assert.deepEqual(verdicts(`${'a'.repeat(65)}@example.com`), {
      ours: ['format@body.coHosts.0.email'],
      independent: false,
    });
    assert.deepEqual(verdicts(`ann@${'b'.repeat(64)}.com`), {
      ours: ['format@body.coHosts.0.email'],
      independent: false,
    });
  });
});
