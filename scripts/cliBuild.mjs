// The command-line bundle, shared by esbuild.mjs, the CLI tests and the benchmark, so all three run the same layout:
//   dist/cli.js      a few lines of CommonJS (the package `bin`) that import dist/cli/main.mjs;
//   dist/cli/*.mjs   one ESM entry (and validateWorkerCatalogs.mjs, validate's worker threads with --catalog) plus a
//                    chunk per command (esbuild code splitting needs ESM), so a command loads
//                    only its own code: `validate` never parses the HTTP client, the language server or recheck;
//   dist/cli/validate.cjs  `validate` without --catalog, alone in one CommonJS file (cli/validateMain.ts; the user-catalog
//                    loader left out, since --catalog goes to main.mjs): its start-up is most of checking a file;
//                    validateWorker.cjs, its worker threads, and validateReader.cjs, its reader, the same way;
//   dist/cli/ajv.cjs the catalog's ajv set-up (server/src/catalog/ajv.ts and ajv), which the catalog requires only
//                    when a schema must be compiled at run time: the bundled catalog's validators are precompiled
//                    (scripts/builtinValidators.mjs), so `validate` of request files never reads ajv's code.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { builtinValidatorsPlugin } from './builtinValidators.mjs';

// Bundled CommonJS dependencies call require(), and cli/paths.ts finds the package from __dirname: define both in
// every ESM file. __dirname is dist/ (where the launcher is), as it was when the CLI was one CommonJS file.
const BANNER = [
  "import { createRequire as __mpCreateRequire } from 'node:module';",
  "import { fileURLToPath as __mpFileURLToPath } from 'node:url';",
  'const require = __mpCreateRequire(import.meta.url);',
  "const __dirname = __mpFileURLToPath(new URL('..', import.meta.url));",
].join('\n');

const LAUNCHER = `#!/usr/bin/env node
'use strict';
// The command itself is the ESM bundle beside this file (see scripts/cliBuild.mjs); validate without a user
// catalog has an entry of its own, one CommonJS file (no ES module loader to start).
const cannotStart = (err) => {
  process.stderr.write('meeting-payloads: cannot start: ' + (err && err.stack ? err.stack : String(err)) + '\\n');
  process.exitCode = 2;
};
// Node 22 and later keep V8's compiled code of these files between runs (module.enableCompileCache, in the temporary
// folder Node chooses, each entry checked against its file's content), so a start compiles less; older Node has no such cache.
const { enableCompileCache } = require('node:module');
if (typeof enableCompileCache === 'function') enableCompileCache();
const args = process.argv.slice(2);
if (args[0] === 'validate' && !args.some((a) => a.startsWith('--catalog'))) {
  try {
    require('./cli/validate.cjs');
  } catch (err) {
    cannotStart(err);
  }
} else import('./cli/main.mjs').catch(cannotStart);
`;

/** The catalog's `require('./ajv')` (server/src/catalog/catalog.ts) goes to dist/cli/ajv.cjs, beside the chunks. */
function catalogAjvApart(repo) {
  const catalog = resolve(repo, 'server', 'src', 'catalog', 'catalog.ts');
  return {
    name: 'catalog-ajv-apart',
    setup(build) {
      build.onResolve({ filter: /^\.\/ajv$/ }, (args) =>
        args.kind === 'require-call' && args.importer === catalog ? { path: './ajv.cjs', external: true } : undefined,
      );
    },
  };
}

/** What every Node bundle of the package shares (esbuild.mjs's client and server too): CommonJS unless overridden. */
export function nodeBundle(production = false) {
  return {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: !production,
    minify: production,
    logLevel: 'error',
    // jsonc-parser's UMD build confuses bundlers; take its ESM build.
    mainFields: ['module', 'main'],
  };
}

/** esbuild options for dist/cli/ajv.cjs (see the header). */
export function cliAjvBuildOptions({ repo, dist, production = false }) {
  return {
    ...nodeBundle(production),
    entryPoints: [join(repo, 'server', 'src', 'catalog', 'ajv.ts')],
    outfile: join(dist, 'cli', 'ajv.cjs'),
  };
}

/**
 * esbuild options for dist/bigDocuments.js, the thread the language server works on big documents in
 * (server/src/worker/entry.ts), for `dist/server.js` and `lsp --stdio` alike; with the precompiled validators.
 */
export function bigDocumentsBuildOptions({ repo, dist, production = false }) {
  return {
    ...nodeBundle(production),
    entryPoints: [join(repo, 'server', 'src', 'worker', 'entry.ts')],
    outfile: join(dist, 'bigDocuments.js'),
    plugins: [builtinValidatorsPlugin(repo)],
  };
}

/** esbuild options for the ESM part; `repo` is the repository root, `dist` the output's dist folder. */
export function cliBuildOptions({ repo, dist, production = false }) {
  return {
    ...nodeBundle(production),
    format: 'esm',
    splitting: true,
    // The worker threads of `validate --catalog` (cli/validate/parallel.ts), sharing validate's chunks.
    entryPoints: { main: join(repo, 'cli', 'main.ts'), validateWorkerCatalogs: join(repo, 'cli', 'validateWorker.ts') },
    outdir: join(dist, 'cli'),
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    banner: { js: BANNER },
    // The bundled catalog's validators, generated from schemas/ (no schema compiled at start-up).
    plugins: [builtinValidatorsPlugin(repo), catalogAjvApart(repo)],
  };
}

/** The user-catalog loader in dist/cli/validate.cjs: never reached (the launcher sends --catalog to main.mjs). */
function noUserCatalogs(repo) {
  const catalogs = resolve(repo, 'cli', 'catalogs.ts');
  return {
    name: 'no-user-catalogs',
    setup(build) {
      build.onResolve({ filter: /userCatalogFile(\.js)?$/ }, (args) =>
        args.importer === catalogs ? { path: args.path, namespace: 'no-user-catalogs' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'no-user-catalogs' }, () => ({
        contents: "export function addUserCatalogFile() { throw new Error('--catalog is run by dist/cli/main.mjs'); }",
        loader: 'js',
      }));
    },
  };
}

/** esbuild options for dist/cli/validate.cjs and its threads' files (see the header): CommonJS, one file each. */
export function cliValidateBuildOptions(options) {
  const split = cliBuildOptions(options);
  return {
    ...split,
    format: 'cjs',
    splitting: false,
    outExtension: { '.js': '.cjs' },
    // cli/paths.ts finds the package from __dirname, dist/ as in the ESM files (see BANNER).
    banner: { js: "const __mpDist = require('node:path').join(__dirname, '..');" },
    define: { __dirname: '__mpDist' },
    // Each entry alone in its file (no splitting): the command and its worker threads (cli/validate/parallel.ts).
    entryPoints: {
      validate: join(options.repo, 'cli', 'validateMain.ts'),
      validateWorker: join(options.repo, 'cli', 'validateWorker.ts'),
      // Reads ahead for the checking thread (cli/validate/readAhead.ts): only the reading code.
      validateReader: join(options.repo, 'cli', 'validateReader.ts'),
    },
    plugins: [...split.plugins, noUserCatalogs(options.repo)],
  };
}

/** Every esbuild build of the command line (the launcher aside), the language server's big-documents thread too. */
export function cliBuilds(options) {
  return [cliBuildOptions, cliValidateBuildOptions, cliAjvBuildOptions, bigDocumentsBuildOptions].map((build) =>
    build(options),
  );
}

/** Writes the launcher; the ESM files come from `esbuild.build(cliBuildOptions(…))` or a watch context. */
export async function writeCliLauncher(dist) {
  await mkdir(dist, { recursive: true });
  await writeFile(join(dist, 'cli.js'), LAUNCHER, { mode: 0o755 });
}

/** Builds the whole command line into `dist`. */
export async function buildCli(options) {
  await Promise.all(cliBuilds(options).map((o) => esbuild.build(o)));
  await writeCliLauncher(options.dist);
}
