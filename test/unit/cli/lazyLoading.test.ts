/**
 * Each command loads only its own code: the bundle's files a run imports are recorded by a module resolve hook
 * (in the spawned process), so the test sees what Node really loaded, not what the build says it should.
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { Cli, scratchDir } from './cliHarness';

let cli: Cli;
let hook: string;
const scratch = scratchDir();

before(async () => {
  cli = await Cli.build();
  // Registered with --import; the hook appends every file URL it resolves to $LOADED_LOG.
  const resolveHook = join(cli.root, 'resolveHook.mjs');
  writeFileSync(
    resolveHook,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.startsWith('file:') && process.env.LOADED_LOG) appendFileSync(process.env.LOADED_LOG, result.url + '\\n');
  return result;
}
`,
  );
  hook = join(cli.root, 'register.mjs');
  writeFileSync(
    hook,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(resolveHook).href)});\n`,
  );
});

after(() => {
  cli?.dispose();
  scratch.dispose();
});

async function loadedFiles(
  args: string[],
  log: string,
): Promise<{ names: string[]; bytes: number; code: number | null }> {
  const path = join(scratch.dir, log);
  writeFileSync(path, '');
  const r = await cli.run(args, { nodeArgs: ['--import', hook], env: { LOADED_LOG: path } });
  const files = [
    ...new Set(
      readFileSync(path, 'utf8')
        .split('\n')
        .filter((u) => u.includes('/dist/cli/')),
    ),
  ].map((u) => new URL(u).pathname);
  return { names: files.map((f) => basename(f)), bytes: files.reduce((n, f) => n + statSync(f).size, 0), code: r.code };
}

test('validate with the bundled catalog loads neither the user-catalog loader, the HTTP client nor the server', async () => {
  const file = scratch.write('ok.meeting.json', JSON.stringify({ operation: 'huawei.meeting.updateRecurringMeeting' }));
  const { names, bytes } = await loadedFiles(['validate', file], 'validate.log');
  assert.ok(
    names.some((n) => n.startsWith('validate-')),
    names.join(', '),
  );
  for (const other of ['userCatalogFile-', 'send-', 'lsp-', 'checkExamples-', 'importCurl-']) {
    assert.ok(!names.some((n) => n.startsWith(other)), `${other}* loaded: ${names.join(', ')}`);
  }
  // recheck alone is over 3 MB of the bundle.
  assert.ok(bytes < 1_500_000, `validate loaded ${bytes} bytes of the bundle`);
});

test('validate with --catalog loads the user-catalog loader', async () => {
  const catalog = scratch.write(
    'extra.openapi.json',
    JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'extra', version: '1' },
      paths: {
        '/x': {
          put: {
            operationId: 'putX',
            requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
          },
        },
      },
    }),
  );
  const file = scratch.write('x.meeting.json', JSON.stringify({ operation: 'extra.putX', body: {} }));
  const { names, code } = await loadedFiles(['validate', '--catalog', `extra=${catalog}`, file], 'catalog.log');
  assert.equal(code, 0);
  assert.ok(
    names.some((n) => n.startsWith('userCatalogFile-')),
    names.join(', '),
  );
});

test('token loads its own chunk, not the language server, validate or the user-catalog loader', async () => {
  // No credentials: the command stops after loading what it needs (exit 2), nothing is sent.
  const { names, code } = await loadedFiles(['token', 'webexBearer', '--env', 'production'], 'token.log');
  assert.equal(code, 2);
  assert.ok(
    names.some((n) => n.startsWith('token-')),
    names.join(', '),
  );
  for (const other of ['userCatalogFile-', 'lsp-', 'validate-', 'checkExamples-', 'checkDocs-', 'importCurl-']) {
    assert.ok(!names.some((n) => n.startsWith(other)), `${other}* loaded: ${names.join(', ')}`);
  }
});

test('send and diff load their own chunks, not the language server, validate or the user-catalog loader', async () => {
  const file = scratch.write(
    'send.meeting.json',
    JSON.stringify({ operation: 'huawei.meeting.updateStartedConfConfig', query: { conferenceID: '1' }, body: {} }),
  );
  for (const command of ['send', 'diff']) {
    // Port 9 on 127.0.0.1 (discard) refuses: the request fails after everything it needs was loaded.
    const { names } = await loadedFiles([command, file, '--base-url', 'http://127.0.0.1:9'], `${command}.log`);
    assert.ok(
      names.some((n) => n.startsWith(`${command}-`)),
      names.join(', '),
    );
    for (const other of ['userCatalog-', 'lsp-', 'validate-', 'checkExamples-', 'checkDocs-', 'importCurl-']) {
      assert.ok(!names.some((n) => n.startsWith(other)), `${command}: ${other}* loaded: ${names.join(', ')}`);
    }
  }
});
