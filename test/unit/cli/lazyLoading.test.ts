/**
 * Each command loads only its own code: the bundle's files a run loads are recorded by a module resolve hook (ES
 * modules) and a hook of CommonJS's `Module.prototype.load` (validate's own files)
 * (in the spawned process), so the test sees what Node really loaded, not what the build says it should. And
 * `validate` with the bundled catalog compiles no schema (its validators are generated at build time): every
 * function the process makes from source (`new Function`, how ajv compiles) is counted by a preloaded probe.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { Cli, REPO_ROOT, scratchDir } from './cliHarness';
import { REQUIRE_LOG_HOOK } from '../../helpers/cliPreloads';
import { VMR_REQUEST } from '../../helpers/requestFiles';

let cli: Cli;
let hook: string;
let requireHookFile: string;
let functionProbe: string;
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
  functionProbe = join(cli.root, 'functionProbe.mjs');
  writeFileSync(
    functionProbe,
    `import { appendFileSync } from 'node:fs';
let made = 0;
const count = (make) => (...args) => (made++, make(...args));
globalThis.Function = new Proxy(Function, { construct: (t, a) => count((...x) => Reflect.construct(t, x))(...a), apply: (t, self, a) => count((...x) => Reflect.apply(t, self, x))(...a) });
process.on('exit', () => appendFileSync(process.env.FUNCTION_LOG, String(made)));
`,
  );
  // Preloaded with --require; the same for CommonJS files.
  const requireHook = (requireHookFile = join(cli.root, 'requireHook.cjs'));
  writeFileSync(requireHook, REQUIRE_LOG_HOOK);
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
  const r = await cli.run(args, {
    nodeArgs: ['--require', requireHookFile, '--import', hook],
    env: { LOADED_LOG: path },
  });
  const files = [
    ...new Set(
      readFileSync(path, 'utf8')
        .split('\n')
        .filter((u) => u.includes('/dist/cli/')),
    ),
  ].map((u) => new URL(u).pathname);
  return { names: files.map((f) => basename(f)), bytes: files.reduce((n, f) => n + statSync(f).size, 0), code: r.code };
}

test('validate with the bundled catalog loads one file of the bundle: no user-catalog loader, HTTP client or server', async () => {
  const file = scratch.write('ok.meeting.json', JSON.stringify(VMR_REQUEST));
  const { names, bytes, code } = await loadedFiles(['validate', file], 'validate.log');
  // dist/cli/validate.cjs, the command alone (scripts/cliBuild.mjs): not main.mjs and its chunks.
  assert.deepEqual({ names, code }, { names: ['validate.cjs'], code: 0 });
  // recheck alone (the user-catalog loader's ReDoS checker) is over 3 MB of the bundle.
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
  for (const option of [['--catalog', `extra=${catalog}`], [`--catalog=extra=${catalog}`]]) {
    const { names, code } = await loadedFiles(['validate', ...option, file], 'catalog.log');
    assert.equal(code, 0);
    // Through main.mjs: validate's chunk and the loader's.
    for (const chunk of ['main.mjs', 'validate-', 'userCatalogFile-']) {
      assert.ok(
        names.some((n) => n.startsWith(chunk)),
        `${chunk}: ${names.join(', ')}`,
      );
    }
    assert.ok(!names.includes('validate.cjs'), names.join(', '));
  }
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

/** How many functions a run made from source, and its result. */
async function functionsMade(args: string[], log: string, env: Record<string, string> = {}) {
  const path = join(scratch.dir, log);
  writeFileSync(path, '');
  const r = await cli.run(args, { nodeArgs: ['--import', functionProbe], env: { ...env, FUNCTION_LOG: path } });
  return { made: Number(readFileSync(path, 'utf8')), ...r };
}

test('validate with the bundled catalog compiles no schema; with schemas/ changed it compiles them, as changed', async () => {
  const file = scratch.write('vmr.meeting.json', JSON.stringify(VMR_REQUEST));
  const precompiled = await functionsMade(['validate', file], 'functions.log');
  assert.deepEqual(
    { code: precompiled.code, made: precompiled.made, stdout: precompiled.stdout },
    { code: 0, made: 0, stdout: '1 file checked: no problems.\n' },
  );
  // A bundled catalog that is not the one the validators were generated from (MEETING_PAYLOADS_SCHEMAS): compiled
  // at run time, and the changed schema is the one enforced.
  const schemas = join(scratch.dir, 'schemas');
  cpSync(join(REPO_ROOT, 'schemas'), schemas, { recursive: true });
  const huawei = join(schemas, 'huawei-meeting.openapi.json');
  const doc = JSON.parse(readFileSync(huawei, 'utf8')) as {
    components: { schemas: { ModVmrDTO: { properties: { vmrName: { maxLength: number } } } } };
  };
  doc.components.schemas.ModVmrDTO.properties.vmrName.maxLength = 3;
  writeFileSync(huawei, JSON.stringify(doc));
  const changed = await functionsMade(['validate', file], 'changed.log', { MEETING_PAYLOADS_SCHEMAS: schemas });
  assert.equal(changed.code, 1, changed.stdout + changed.stderr);
  assert.match(changed.stdout, /vmrName.*3 characters/);
  assert.ok(changed.made > 0, `${changed.made} functions made`);
});

/** A Node with `module.enableCompileCache` (22 and later): this one, or the end-to-end harness's Node 24. */
function compileCacheNode(): string | undefined {
  const here = (process.versions.node.split('.').map(Number)[0] ?? 0) >= 22 ? process.execPath : undefined;
  const e2e = join(REPO_ROOT, '.vscode-test', 'node24', 'node_modules', 'node', 'bin', 'node');
  return here ?? (existsSync(e2e) ? e2e : undefined);
}

test(
  'on Node 22 and later the launcher keeps V8 compile caches of the bundle (in the temp folder Node chooses)',
  { skip: compileCacheNode() === undefined && 'no Node 22 or later here (the end-to-end harness installs Node 24)' },
  async () => {
    const node = compileCacheNode() as string;
    const tmp = join(scratch.dir, 'tmp');
    mkdirSync(tmp);
    const file = scratch.write('cached.meeting.json', JSON.stringify(VMR_REQUEST));
    const run = () =>
      new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(node, [cli.bin, 'validate', file], { env: { ...process.env, TMPDIR: tmp } });
        let stdout = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        child.on('close', (code) => resolve({ code, stdout }));
      });
    const first = await run();
    assert.deepEqual(first, { code: 0, stdout: '1 file checked: no problems.\n' });
    const cache = join(tmp, 'node-compile-cache');
    const entries = readdirSync(cache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    assert.ok(entries.length > 0, `nothing cached in ${cache}`);
    assert.deepEqual(await run(), first);
  },
);
