/**
 * The two language servers the bench drives over stdio, each a fresh process: ours as published
 * (`dist/server.js --stdio`) and the engine's (`jsonServer.ts`, bundled by esbuild with the options of our own
 * bundle, so neither side pays for a TypeScript loader in its time or its memory).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { StdioLspClient } from './lspClient';

export const ROOT = join(__dirname, '..', '..');

/** No debounce (ours answers each version at once, as the engine's does) and every diagnostic published. */
export const OUR_SETTINGS = { validation: { maxDiagnostics: 1_000_000 } };

export function startOurs(): Promise<StdioLspClient> {
  const server = join(ROOT, 'dist', 'server.js');
  if (!existsSync(server)) throw new Error(`${server} is missing: run node esbuild.mjs (npm run bench does)`);
  return StdioLspClient.start(process.execPath, [server, '--stdio'], { validationDelayMs: 0 }, OUR_SETTINGS);
}

/** The engine's server bundle: built once per bench run (its path handed to rounds in BENCH_ENGINE_SERVER). */
export function engineBundle(): string {
  const given = process.env.BENCH_ENGINE_SERVER;
  if (given && existsSync(given)) return given;
  const outdir = join(ROOT, '.bench-tools', 'engine');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'jsonServer.js');
  buildSync({
    entryPoints: [join(__dirname, 'jsonServer.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  process.env.BENCH_ENGINE_SERVER = outfile;
  return outfile;
}

export function startEngine(): Promise<StdioLspClient> {
  process.env.BENCH_ROOT = ROOT; // the bundle reads the catalog's schema from the repository
  return StdioLspClient.start(process.execPath, [engineBundle(), '--stdio'], {}, {});
}

/** Where a one-character edit goes: the "W" of the subject "Weekly project sync" (line, character). */
export function editPoint(text: string): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('"Weekly project sync"'));
  if (line < 0) throw new Error('no subject line to edit');
  return { line, character: lines[line].indexOf('Weekly') };
}

/** The position `delta` characters into the last occurrence of `needle` (e.g. inside the last attendee's key). */
export function lastPosition(text: string, needle: string, delta: number): { line: number; character: number } {
  const offset = text.lastIndexOf(needle) + delta;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
