// Bundles the extension-host suites (test/e2e/host/index.ts) to one CommonJS file VS Code can load as
// `extensionTestsPath`, in code-server and in a desktop VS Code alike. `vscode` stays external: the
// extension host provides it.
import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { CACHE_DIR, REPO_ROOT } from './paths.mjs';

export const HOST_BUNDLE = join(CACHE_DIR, 'host-suites', 'index.js');

export async function buildHostSuites() {
  await esbuild.build({
    entryPoints: [join(REPO_ROOT, 'test', 'e2e', 'host', 'index.ts')],
    outfile: HOST_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode'],
    logLevel: 'warning',
    // jsonc-parser's UMD build confuses bundlers (as in esbuild.mjs).
    mainFields: ['module', 'main'],
  });
  return HOST_BUNDLE;
}
