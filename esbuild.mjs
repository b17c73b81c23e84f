// Builds the bundles: client (extension host), server (language server, also runnable with --stdio),
// cli (the meeting-payloads command: dist/cli.js launching dist/cli/, see scripts/cliBuild.mjs), the server's thread
// for big documents (dist/bigDocuments.js) and webview (browser IIFE for the response panel).
import * as esbuild from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { builtinValidatorsPlugin } from './scripts/builtinValidators.mjs';
import { cliBuilds, nodeBundle, writeCliLauncher } from './scripts/cliBuild.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const node = { ...nodeBundle(production), logLevel: 'info' };

const builds = [
  { ...node, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  // The bundled catalog's validators, generated from schemas/ (scripts/builtinValidators.mjs).
  { ...node, entryPoints: { server: 'server/src/main.ts' }, outdir: 'dist', plugins: [builtinValidatorsPlugin('.')] },
  // The command line, and the language server's thread for big documents (server and `lsp --stdio`).
  ...cliBuilds({ repo: '.', dist: 'dist', production }).map((o) => ({ ...o, logLevel: 'info' })),
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: !production,
    minify: production,
    logLevel: 'info',
    entryPoints: { main: 'client/webview/main.ts' },
    outdir: 'dist/webview',
  },
];

async function copyAssets() {
  await writeCliLauncher('dist');
  await mkdir('dist/webview', { recursive: true });
  await copyFile('client/webview/styles.css', 'dist/webview/styles.css');
}

// A production build starts clean, so no stale source map of a development build ends up in the .vsix.
if (production) await rm('dist', { recursive: true, force: true });

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  await copyAssets();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  await copyAssets();
}
