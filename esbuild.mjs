// Builds the bundles: client (extension host), server (language server, also runnable with --stdio),
// cli (the meeting-payloads command) and webview (browser IIFE for the response panel).
import * as esbuild from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// --only <name,...>: build just those bundles (the GitHub Action needs only cli).
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt === -1 ? undefined : new Set((process.argv[onlyAt + 1] ?? '').split(','));

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  // jsonc-parser's UMD build confuses bundlers; take its ESM build.
  mainFields: ['module', 'main'],
};

const allBuilds = [
  { ...node, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...node, entryPoints: { server: 'server/src/main.ts' }, outdir: 'dist' },
  {
    ...node,
    entryPoints: { cli: 'cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
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

const builds = only ? allBuilds.filter((b) => Object.keys(b.entryPoints).some((name) => only.has(name))) : allBuilds;
if (only && builds.length === 0) throw new Error(`esbuild.mjs --only: no bundle named ${[...only].join(',')}`);

async function copyAssets() {
  if (only && !only.has('main')) return;
  await mkdir('dist/webview', { recursive: true });
  await copyFile('client/webview/styles.css', 'dist/webview/styles.css');
}

// A production build starts clean, so no stale source map of a development build ends up in the .vsix.
// Not with --only: the other bundles stay.
if (production && !only) await rm('dist', { recursive: true, force: true });

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
