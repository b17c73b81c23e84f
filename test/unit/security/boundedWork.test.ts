/**
 * Bounded work on hostile input: a user catalog's pattern the ReDoS guard misread and its `uniqueItems` without
 * `maxItems`; a pasted cURL command with a deeply nested body. The tests drive the language server over a real
 * LSP connection (and the command line's bundle), and bound the wait where a hang is the failure.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { checkSync } from 'recheck';
import { obviouslyLinear, patternSafety } from '../../../server/src/catalog/userCatalog';
import { ImportCurl, type ImportCurlResult } from '../../../common/protocol';
import { Catalog } from '../../../server/src/catalog/catalog';
import { addBuiltins, readBuiltinDocuments } from '../../../server/src/catalog/builtin';
import { loadOpenApi } from '../../../server/src/catalog/openapi';
import { analyze, LIMITS } from '../../../server/src/features/analyze';
import { DEFAULT_SERVER_SETTINGS } from '../../../common/settings';
import { SCHEMAS_DIR } from '../../helpers/catalog';
import type { LspHarness } from '../../helpers/lspHarness';
import { Cli } from '../cli/cliHarness';
import { REQUEST_BOUND_MS, boundFor, startLogged, timed } from './helpers';

const EVIL_PATTERN = '^[^](a+)+[b]';

const catalogSpec = JSON.stringify({
  openapi: '3.1.0',
  info: { title: 'Hostile', version: '1' },
  servers: [{ url: 'https://hostile.example.test' }],
  paths: {
    '/things': {
      put: {
        operationId: 'put',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  code: { type: 'string', pattern: EVIL_PATTERN },
                  tags: { type: 'array', uniqueItems: true, items: { type: 'object' } },
                },
              },
            },
          },
        },
        responses: { '200': { description: 'OK' } },
      },
    },
  },
});

/** Every diagnostic, whatever its severity, as `severity: message`. */
const summary = (d: Diagnostic) =>
  `${d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'info'}: ${typeof d.message === 'string' ? d.message : d.message.value}`;

describe('user catalog patterns and uniqueItems stay bounded', () => {
  let dir: string;
  let catalogFile: string;
  let lsp: LspHarness;
  let errors: string[];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mp-bounded-'));
    catalogFile = join(dir, 'hostile.openapi.json');
    writeFileSync(catalogFile, catalogSpec);
    ({ lsp, errors } = await startLogged({ settings: { catalogs: { hostile: catalogFile } } }));
  });
  after(async () => {
    await lsp.dispose();
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(errors, [], 'the server logged errors');
  });

  /** The catalog loads after initialization: its diagnostics say it did. */
  async function catalogDiagnostics(): Promise<PublishDiagnosticsParams> {
    const uri = pathToFileURL(catalogFile).toString();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const hit = lsp.published.find((p) => p.uri === uri);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the catalog was never loaded');
  }

  test(`T27: ${EVIL_PATTERN} is not taken as linear: the pattern is cut out, and a 40-character value answers at once`, async () => {
    const loaded = await catalogDiagnostics();
    assert.deepEqual(loaded.diagnostics.map(summary), [
      `warning: User catalog "hostile": #/paths/~1things/put/requestBody/content/application~1json/schema/properties/code/pattern: "${EVIL_PATTERN}" can take exponential time on some inputs (catastrophic backtracking); the pattern is not checked.`,
    ]);
    const text = JSON.stringify({ operation: 'hostile.put', body: { code: `x${'a'.repeat(38)}c` } });
    const { result: diagnostics, ms } = await timed(() => lsp.open('file:///w/code.meeting.json', text));
    assert.deepEqual(diagnostics.map(summary), []);
    assert.ok(ms < boundFor(text), `took ${Math.round(ms)} ms of CPU`);
  });

  test('T27: uniqueItems without maxItems: a 2 MB array of objects is checked in linear time; a repeat is found', async () => {
    await catalogDiagnostics();
    const tags = Array.from({ length: 40_000 }, (_, i) => ({ id: i, name: `tag ${i}`, labels: ['a', 'b'] }));
    tags.push({ labels: ['a', 'b'], name: 'tag 17', id: 17 }); // item 17 again, its keys in another order
    const text = JSON.stringify({ operation: 'hostile.put', body: { tags } });
    assert.ok(text.length > 2_000_000, String(text.length));
    const { result: diagnostics, ms } = await timed(() => lsp.open('file:///w/tags.meeting.json', text));
    assert.ok(ms < boundFor(text), `took ${Math.round(ms)} ms of CPU`);
    assert.deepEqual(diagnostics.map(summary), [
      'info: This file is larger than 1 MB; request files this large are not sent.',
      'error: tags must not repeat items (items 17 and 40000 are the same).',
    ]);
    const unique = JSON.stringify({ operation: 'hostile.put', body: { tags: tags.slice(0, -1) } });
    assert.deepEqual((await lsp.open('file:///w/unique.meeting.json', unique)).map(summary), [
      'info: This file is larger than 1 MB; request files this large are not sent.',
    ]);
  });
});

describe('the second line: a time bound per match', () => {
  test('T27: a pattern the guard wrongly let through is given up after one slow match, and the file says so', async () => {
    // As if recheck had called ^(a+)+$ safe: the document goes to the catalog without the sanitizer.
    const doc = JSON.parse(catalogSpec.replace(JSON.stringify(EVIL_PATTERN), JSON.stringify('^(a+)+$'))) as unknown;
    const catalog = new Catalog();
    addBuiltins(catalog, readBuiltinDocuments(SCHEMAS_DIR));
    catalog.add(
      loadOpenApi(doc, { family: 'slipped', docId: 'urn:test:slipped', source: 'slipped', idPrefix: 'slipped' }),
      'slipped',
    );
    const fileFor = (code: string) => JSON.stringify({ operation: 'slipped.put', body: { code } });
    const run = (code: string) =>
      analyze(fileFor(code), catalog, DEFAULT_SERVER_SETTINGS).problems.map(
        (p) => `${p.severity} ${p.code}: ${p.message}`,
      );
    assert.deepEqual(run('aaab'), [
      'error pattern: code is not in the expected format: it must match the pattern ^(a+)+$.',
    ]);
    const warning = `warning pattern-unchecked: The catalog's pattern "^(a+)+$" took longer than 500 ms on a value here, so it is no longer checked.`;
    const given = await timed(() => Promise.resolve(run(`${'a'.repeat(40)}b`)));
    assert.deepEqual(given.result, [warning]);
    assert.ok(given.ms < REQUEST_BOUND_MS, `took ${Math.round(given.ms)} ms of CPU`);
    // Given up: later values are accepted at once, and still reported as not checked.
    assert.deepEqual(run('aaab'), [warning]);
  });

  test('T27: a slipped patternProperties pattern is bounded too where keys are checked for being documented', async () => {
    // The undocumented-key walk and completion test keys against patternProperties: the same bounded engine.
    const slipped = {
      openapi: '3.1.0',
      info: { title: 'Slipped keys', version: '1' },
      servers: [{ url: 'https://hostile.example.test' }],
      paths: {
        '/keys': {
          put: {
            operationId: 'put',
            requestBody: {
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { name: { type: 'string' } },
                    patternProperties: { '^(a+)+$': {} },
                  },
                },
              },
            },
            responses: { '200': { description: 'ok' } },
          },
        },
      },
    };
    const catalog = new Catalog();
    addBuiltins(catalog, readBuiltinDocuments(SCHEMAS_DIR));
    catalog.add(
      loadOpenApi(slipped, { family: 'keys', docId: 'urn:test:keys', source: 'keys', idPrefix: 'keys' }),
      'keys',
    );
    const text = JSON.stringify({ operation: 'keys.put', body: { name: 'n', [`${'a'.repeat(40)}b`]: 1 } });
    const { result: problems, ms } = await timed(() =>
      Promise.resolve(analyze(text, catalog, DEFAULT_SERVER_SETTINGS).problems),
    );
    assert.ok(ms < REQUEST_BOUND_MS, `took ${Math.round(ms)} ms of CPU`);
    // Given up, the pattern matches every key: nothing is called undocumented falsely.
    assert.ok(!problems.some((p) => p.code === 'unknown-property'), JSON.stringify(problems));
  });
});

describe('the ReDoS fast path reads classes the way JavaScript does', () => {
  test('T27: [^] (any character) and [] (nothing) end the class at once; patterns built on them are judged', () => {
    assert.equal(obviouslyLinear(EVIL_PATTERN), false);
    assert.match(patternSafety(EVIL_PATTERN) ?? '', /exponential/);
    assert.equal(obviouslyLinear('^[^]*a$'), false); // [^] matches the "a" that follows
    assert.equal(obviouslyLinear('^[^a]*a$'), true);
    assert.equal(obviouslyLinear('^[]a*$'), true);
  });

  test(
    'T27: whatever the fast path calls linear, recheck finds safe too (600 generated patterns)',
    { timeout: 120_000 },
    () => {
      const parts = [
        'a',
        'b',
        '[^]',
        '[]',
        '[^a]',
        '[ab]',
        '[]a]',
        '\\d',
        '.',
        '(a+)',
        '(a|b)',
        'a+',
        'b*',
        '[^]+',
        '\\]',
      ];
      const quantifiers = ['', '', '*', '+', '?', '{2,5}'];
      let seed = 13;
      const next = (n: number): number => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % n;
      };
      let claimed = 0;
      for (let k = 0; k < 600; k++) {
        let source = next(2) === 0 ? '^' : '';
        for (let n = 1 + next(5); n > 0; n--) {
          source += parts[next(parts.length)] + quantifiers[next(quantifiers.length)];
        }
        if (next(2) === 0) source += '$';
        try {
          new RegExp(source, 'u');
        } catch {
          continue;
        }
        if (!obviouslyLinear(source)) continue;
        claimed++;
        // patternSafety would trust the fast path: ask recheck itself.
        assert.equal(checkSync(source, 'u', { timeout: 10_000 }).status, 'safe', source);
      }
      assert.ok(claimed > 50, `only ${claimed} patterns were called linear`);
    },
  );
});

const VMR_URL = 'https://api.meeting.huaweicloud.com/v1/usg/dcs/member/vmr/r1';
const nested = (depth: number) => `{"vmrName":${'['.repeat(depth - 1)}1${']'.repeat(depth - 1)}}`;

describe('importing a cURL command with a deeply nested body', () => {
  let lsp: LspHarness;
  let errors: string[];
  let cli: Cli;
  before(async () => {
    ({ lsp, errors } = await startLogged());
    cli = await Cli.build();
  });
  after(async () => {
    await lsp.dispose();
    cli.dispose();
    assert.deepEqual(errors, [], 'the server logged errors');
  });
  const importOverLsp = (command: string): Promise<ImportCurlResult> =>
    lsp.client.sendRequest(ImportCurl.method, { command });

  test('T25: a 20 KB command nested 10,000 deep is refused at once with the depth limit of request files', async () => {
    const command = `curl -X PUT ${VMR_URL} -d '${nested(10_000)}'`;
    const { result, ms } = await timed(() => importOverLsp(command));
    assert.ok(ms < REQUEST_BOUND_MS, `took ${Math.round(ms)} ms of CPU`);
    assert.deepEqual(result, {
      ok: false,
      reason: `The data is nested more than ${LIMITS.maxDepth - 1} levels deep (at character ${11 + LIMITS.maxDepth - 1}): a request file allows ${LIMITS.maxDepth}, its envelope included.`,
    });
  });

  test('T25: nested exactly as deep as a request file allows, the body is imported, re-indented', async () => {
    const result = await importOverLsp(`curl -X PUT ${VMR_URL} -d '${nested(LIMITS.maxDepth - 1)}'`);
    assert.ok(result.ok, JSON.stringify(result));
    const lines = result.fileText.split('\n');
    // The innermost value: two spaces per level of the file, and nothing but the value (no "undefined").
    assert.ok(lines.includes(`${'  '.repeat(LIMITS.maxDepth)}1`), 'the innermost line');
    assert.ok(!result.fileText.includes('undefined'));
    assert.deepEqual(JSON.parse(result.fileText), {
      operation: 'huawei.meeting.updateMemberVmr',
      pathParams: { id: 'r1' },
      body: JSON.parse(nested(LIMITS.maxDepth - 1)),
    });
    assert.deepEqual(result.notes, ['7:16: error: vmrName must be a string, not an array.']);
  });

  test('T25: a body whose indentation would pass 5 MB is kept as written, and the notes say so', async () => {
    const items = Array.from({ length: 20_000 }, () => '1').join(',');
    const body = `{"vmrName":${'['.repeat(250)}${items}${']'.repeat(250)}}`;
    const result = await importOverLsp(`curl -X PUT ${VMR_URL} -d '${body}'`);
    assert.ok(result.ok, JSON.stringify(result));
    assert.ok(result.fileText.includes(`"body": ${body}\n}`), 'the body as written');
    assert.deepEqual(result.notes, [
      'The body was kept as written: re-indented, it would be larger than 5 MB.',
      '6:22: error: vmrName must be a string, not an array.',
    ]);
  });

  test('T25: the command line refuses an 80 KB command nested 40,000 deep, within its memory', async () => {
    const r = await cli.run(['import-curl', '--', 'curl', '-X', 'PUT', VMR_URL, '-d', nested(40_000)], {
      timeoutMs: 20_000,
    });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stderr,
      `meeting-payloads import-curl: The data is nested more than ${LIMITS.maxDepth - 1} levels deep (at character ${11 + LIMITS.maxDepth - 1}): a request file allows ${LIMITS.maxDepth}, its envelope included.\n`,
    );
    assert.equal(r.stdout, '');
  });
});
