/**
 * Documented examples get no diagnostic of any severity from `meeting-payloads validate` (the real bundle, as a
 * child process) but the reviewed, true ones of `test/helpers/documentedExamples.ts`; the same list is held over
 * LSP in `test/lsp/trustedDiagnostics.test.ts`. Also: what the importer says of the seed pages' cURL commands (each
 * note true), and that the research notes hold no request example this collection would miss.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Cli, REPO_ROOT, scratchDir } from '../cli/cliHarness';
import { checkResponse } from '../../../server/src/features/responseCheck';
import { builtinCatalog } from '../../helpers/catalog';
import {
  documentedRequests,
  documentedResponses,
  expectedDiagnostics,
  researchRequestBlocks,
  seedRequests,
  GUST_ERRATA,
} from '../../helpers/documentedExamples';

const TOKEN_DROPPED =
  'Dropped the X-Access-Token header: credentials are never imported; the token comes from your own token store when you send.';
const IGNORED_K = 'Ignored -k: TLS certificates are always verified.';

test('the research notes hold only schemas in their code blocks (a request example there would be checked here)', () => {
  assert.deepEqual(researchRequestBlocks(), []);
});

test('the importer’s notes on the seed pages are true: the token left out, transport options, the doc’s POST', () => {
  const notes = Object.fromEntries(seedRequests().map((r) => [r.source, r.notes]));
  assert.deepEqual(notes, {
    'seed 000_986df913e00944ca.txt requestExamples[0]': undefined,
    'seed 001_f7ed5b7a8ae23820.txt example request': [],
    'seed 001_f7ed5b7a8ae23820.txt cURL 1 as written': [
      TOKEN_DROPPED,
      IGNORED_K,
      'Ignored -i, -v: output and transport options do not belong in a request file.',
      `10:23: error: ${GUST_ERRATA}`,
    ],
    'seed 001_f7ed5b7a8ae23820.txt cURL 1 imported by the editor': [
      TOKEN_DROPPED,
      IGNORED_K,
      'Ignored -i, -v: output and transport options do not belong in a request file.',
      'Changed body.allowGustFirst from "false" to false: the API takes a boolean there.',
    ],
    'seed 003_eabbb181c142f78a.txt example request': [],
    // api-research.md 4.4.1: the page's cURL uses -X POST; the method is PUT.
    ...Object.fromEntries(
      ['as written', 'imported by the editor'].map((how) => [
        `seed 003_eabbb181c142f78a.txt cURL 1 ${how}`,
        [
          'The command uses POST, but huawei.meeting.updateStartedConfConfig is PUT /v1/mmc/control/conferences/updateStartedConfConfig: the request file sends PUT.',
          IGNORED_K,
          'Ignored -i: output and transport options do not belong in a request file.',
        ],
      ]),
    ),
    'seed 004_7c70c2f1602250b9.txt example request': [],
    ...Object.fromEntries(
      ['as written', 'imported by the editor'].map((how) => [
        `seed 004_7c70c2f1602250b9.txt cURL 1 ${how}`,
        [TOKEN_DROPPED, IGNORED_K, 'Ignored -i: output and transport options do not belong in a request file.'],
      ]),
    ),
  });
});

test('documented response examples match what the catalog documents for their status: nothing missing, mistyped or undocumented', () => {
  const responses = documentedResponses();
  assert.ok(responses.length >= 8, `${responses.length} responses`);
  const differing = responses
    .map((r) => ({ r, result: checkResponse({ ...r, truncated: false }, builtinCatalog()) }))
    .filter(
      ({ result }) => result.missing.length + result.wrongType.length + result.undocumented.length > 0 || result.note,
    )
    .map(({ r, result }) => `${r.source}: ${JSON.stringify(result)}`);
  assert.deepEqual(differing, []);
});

describe('validate: documented examples', () => {
  let cli: Cli;
  const files = scratchDir();
  const requests = documentedRequests();
  before(async () => {
    cli = await Cli.build();
    requests.forEach((r, i) => files.write(`d${String(i).padStart(2, '0')}.meeting.json`, r.text));
  });
  after(() => {
    cli.dispose();
    files.dispose();
  });

  test('check-examples finds the catalog clean, with as many examples as the README says', async () => {
    const schemas = readdirSync(join(REPO_ROOT, 'schemas'))
      .filter((f) => f.endsWith('.openapi.json'))
      .map((f) => join(REPO_ROOT, 'schemas', f));
    const r = await cli.run(['check-examples', ...schemas], { timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const counts = [...r.stdout.matchAll(/: (\d+) examples(?: and \d+ schema defaults?)? checked .*, all valid/g)].map(
      (m) => Number(m[1]),
    );
    assert.equal(counts.length, schemas.length, r.stdout);
    const total = counts.reduce((a, b) => a + b, 0);
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    assert.match(readme, new RegExp(`Our catalog: clean \\(${total} examples[,)]`), `the README should say ${total}`);
  });

  for (const unknown of ['warning', 'error']) {
    test(`no problem but the reviewed ones, unknown fields as ${unknown}`, async () => {
      const r = await cli.run(['validate', '--format', 'json', '--unknown-fields', unknown, '.'], {
        cwd: files.dir,
        timeoutMs: 120_000,
      });
      const report = JSON.parse(r.stdout) as {
        files: Array<{ file: string; problems: Array<{ severity: string; code: string; message: string }> }>;
      };
      assert.equal(report.files.length, requests.length);
      const wrong: string[] = [];
      for (const f of report.files) {
        const req = requests[Number(/^d(\d+)\./.exec(f.file)?.[1])];
        const got = f.problems.map((p) => `${p.severity} ${p.code}: ${p.message}`);
        // The LSP test holds the underlined text; here severity, code and message.
        const expected = expectedDiagnostics(req).map((e) => e.replace(/@.*?: /, ': '));
        if (JSON.stringify(got) !== JSON.stringify(expected)) wrong.push(`${req.source}: ${JSON.stringify(got)}`);
      }
      assert.deepEqual(wrong, []);
      // Errors exit 1: the one documented mistake (seed 001's quoted boolean) is an error.
      assert.equal(r.code, 1);
    });
  }
});
