// The esbuild pre-step of the server and command-line bundles: server/src/catalog/builtinValidators.ts (no
// validators, for runs from the sources) is replaced by the module server/src/catalog/precompile.ts generates
// from schemas/, the bundled catalog's validators as code (ajv standalone), so no start compiles a schema.
//
// The generator is bundled on its own and run in a child process: one copy of ajv, whatever the building
// process has loaded (ajv's code generation tells its own code objects by class).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';

const NAMESPACE = 'meeting-payloads-builtin-validators';

/** The generated module's source, from the schemas/ of `repo`. */
export async function builtinValidatorsSource(repo) {
  const catalogDir = resolve(repo, 'server', 'src', 'catalog');
  const dir = mkdtempSync(join(tmpdir(), 'meeting-payloads-precompile-'));
  try {
    const generator = join(dir, 'generate.cjs');
    await esbuild.build({
      stdin: {
        contents: [
          "import { precompiledModuleSource } from './precompile';",
          "import { readBuiltinDocuments } from './builtin';",
          'process.stdout.write(precompiledModuleSource(readBuiltinDocuments(process.argv[2])));',
        ].join('\n'),
        resolveDir: catalogDir,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      mainFields: ['module', 'main'],
      outfile: generator,
      logLevel: 'error',
    });
    return execFileSync(process.execPath, [generator, resolve(repo, 'schemas')], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The esbuild plugin; `repo` is the repository root. */
export function builtinValidatorsPlugin(repo) {
  const catalogDir = resolve(repo, 'server', 'src', 'catalog');
  return {
    name: 'builtin-validators',
    setup(build) {
      let source;
      build.onStart(() => {
        source = undefined; // regenerated on every (watch) build: schemas/ may have changed
      });
      build.onResolve({ filter: /^\.\/builtinValidators(\.js|\.ts)?$/ }, (args) =>
        args.resolveDir === catalogDir
          ? { path: join(catalogDir, 'builtinValidators.generated.mjs'), namespace: NAMESPACE }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, async () => {
        source ??= builtinValidatorsSource(repo);
        return {
          contents: await source,
          loader: 'js',
          // The generated code requires ajv's runtime helpers and ./ajvShared from here.
          resolveDir: catalogDir,
          watchDirs: [resolve(repo, 'schemas')],
        };
      });
    },
  };
}
