/**
 * Undocumented-key reports over a real LSP connection: the complete diagnostics (every severity) of the
 * shared-line repro,
 * Rename before Remove applied as an editor would, and a user catalog with oneOf/anyOf/if-then behind $ref.
 * Every documented request example (`test/helpers/documentedExamples.ts`) gets no diagnostic of any severity
 * but the reviewed, true ones, whatever the unknown-field setting. Generated bodies the independent validator accepts
 * get nothing (but true deprecations); mutated ones it rejects get an error at a place it names.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol';
import { LspHarness } from '../helpers/lspHarness';
import { DEPRECATED as deprecated, MEMBER, PETS, sharedLine } from '../helpers/trustCases';
import { documentedRequests, expectedDiagnostics } from '../helpers/documentedExamples';
import { generatedCases, misjudged } from '../helpers/generatedCases';

const SEVERITY: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

/** `severity code@underlined: message` for every diagnostic. */
function summary(text: string, diagnostics: Diagnostic[]): string[] {
  const d = TextDocument.create('x', 'x', 1, text);
  return diagnostics.map(
    (x) =>
      `${SEVERITY[x.severity ?? 0]} ${String(x.code)}@${text.slice(d.offsetAt(x.range.start), d.offsetAt(x.range.end))}: ${typeof x.message === 'string' ? x.message : ''}`,
  );
}

describe('#9 §1 over LSP: undocumented-property reports are never wrong', () => {
  let dir: string;
  let lsp: LspHarness;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mp-trust-'));
    const catalogFile = join(dir, 'pets.openapi.json');
    writeFileSync(catalogFile, PETS);
    lsp = await LspHarness.start({
      settings: { validation: { unknownBodyFields: 'warning' }, catalogs: { pets: catalogFile } },
    });
  });
  after(async () => {
    await lsp.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('shared-line member without "port": the missing property and the deprecation, nothing else', async () => {
    const { port: _port, ...member } = MEMBER;
    const text = sharedLine(member);
    const uri = 'file:///trust/no-port.meeting.json';
    assert.deepEqual(summary(text, await lsp.open(uri, text)), [
      deprecated,
      'error required@{: Missing required property "port" in members[0].',
    ]);
  });

  test('shared-line member with "lineType": "SHARED": one enum error, no undocumented warnings', async () => {
    const text = sharedLine({ ...MEMBER, lineType: 'SHARED' });
    const uri = 'file:///trust/shared.meeting.json';
    const diagnostics = await lsp.open(uri, text);
    assert.deepEqual(
      summary(text, diagnostics).map((s) => s.slice(0, s.indexOf(':'))),
      ['warning deprecated-operation@"webex.calling.putSharedLineAppearanceMembers"', 'error enum@"SHARED"'],
    );
    const actions = await lsp.codeActions(uri, diagnostics);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Change to "SHARED_CALL_APPEARANCE"'],
    );
  });

  test('a typo beside an error: Rename (preferred) comes before Remove, and applying it keeps the value', async () => {
    const { port: _port, ...member } = MEMBER;
    const text = sharedLine({ ...member, Port: 2 });
    const uri = 'file:///trust/typo.meeting.json';
    const diagnostics = await lsp.open(uri, text);
    assert.deepEqual(summary(text, diagnostics), [
      deprecated,
      'error required@{: Missing required property "port" in members[0].',
      'warning unknown-property@"Port": "Port" is not documented for this operation in members[0]. Did you mean "port"?',
    ]);
    const actions = await lsp.codeActions(
      uri,
      diagnostics.filter((d) => d.code === 'unknown-property'),
    );
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred]),
      [
        ['Rename to "port"', true],
        ['Remove "Port"', false],
      ],
    );
    const [edit] = actions[0].edit!.changes![uri];
    assert.equal(edit.newText, '"port"');
    const after = await lsp.edit(uri, edit.range, edit.newText);
    assert.deepEqual(summary(text.replace('"Port"', '"port"'), after), [deprecated]);
  });

  test('a user catalog with oneOf/anyOf/if-then behind $ref: the best branch only, no false undocumented keys', async () => {
    const uri = 'file:///trust/pet.meeting.json';
    const text = JSON.stringify(
      {
        operation: 'pets.putPet',
        pathParams: { id: '1' },
        body: { pet: { kind: 'cat', name: 'Tom' }, contact: { phone: '12a' }, home: { kind: 'flat', garden: true } },
      },
      null,
      2,
    );
    await lsp.open(uri, text);
    // The catalog loads after initialization: wait (bounded) until the operation is known.
    const latest = () => [...lsp.published].reverse().find((p) => p.uri === uri)?.diagnostics;
    const deadline = Date.now() + 10_000;
    while ((latest() ?? [{ code: 'unknown-operation' }]).some((d) => d.code === 'unknown-operation')) {
      assert.ok(Date.now() < deadline, `the user catalog never loaded: ${JSON.stringify(latest())}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    const diagnostics = latest()!;
    assert.deepEqual(summary(text, diagnostics), [
      'error required@"pet": Missing required property "meows" in pet.',
      'error pattern@"12a": phone must be digits only.',
      'error required@"home": Missing required property "floor" in home.',
    ]);
  });
});

describe('documented examples over LSP: no diagnostic of any severity but the reviewed ones', () => {
  const requests = documentedRequests();
  for (const unknownBodyFields of ['warning', 'error'] as const) {
    test(`${requests.length} documented requests, unknown fields as ${unknownBodyFields}`, async () => {
      assert.ok(requests.length >= 25, `${requests.length} documented requests`);
      const lsp = await LspHarness.start({ settings: { validation: { unknownBodyFields } } });
      try {
        const wrong: string[] = [];
        for (const [i, r] of requests.entries()) {
          const got = summary(r.text, await lsp.open(`file:///trust/documented-${i}.meeting.json`, r.text));
          if (JSON.stringify(got) !== JSON.stringify(expectedDiagnostics(r))) {
            wrong.push(`${r.source}: ${JSON.stringify(got)}`);
          }
        }
        assert.deepEqual(wrong, []);
      } finally {
        await lsp.dispose();
      }
    });
  }
});

describe('generated bodies over LSP, judged by an independent validator (@cfworker/json-schema)', () => {
  test('valid bodies get no diagnostic; each invalid one an error where the oracle rejects it (seeded, 60 bodies)', async () => {
    const cases = generatedCases(20261203, 60, 2);
    assert.ok(cases.filter((c) => c.valid).length >= 60 && cases.filter((c) => !c.valid).length >= 100);
    const lsp = await LspHarness.start();
    try {
      const wrong: string[] = [];
      for (const [i, c] of cases.entries()) {
        const d = TextDocument.create('x', 'x', 1, c.text);
        const reported = (await lsp.open(`file:///trust/generated-${i}.meeting.json`, c.text)).map((x) => ({
          severity: SEVERITY[x.severity ?? 0],
          code: String(x.code),
          message: typeof x.message === 'string' ? x.message : x.message.value,
          offset: d.offsetAt(x.range.start),
        }));
        const problem = misjudged(c, reported);
        if (problem) wrong.push(problem);
      }
      assert.deepEqual(wrong, []);
    } finally {
      await lsp.dispose();
    }
  });
});
