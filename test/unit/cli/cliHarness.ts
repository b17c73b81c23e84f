/**
 * Runs the real `meeting-payloads` bundle as a child process. The bundle is built here, from cli/main.ts only,
 * by the same scripts/cliBuild.mjs as `npm run build`, into a temporary package folder (dist/cli.js launching
 * dist/cli/*.mjs, schemas/, package.json): the tests then do not depend on the rest of the tree compiling, and
 * exercise the same file layout as the published package.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const REPO = join(__dirname, '..', '..', '..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
  /** Options for node itself, before the script. */
  nodeArgs?: string[];
}

export class Cli {
  private constructor(
    readonly root: string,
    readonly bin: string,
  ) {}

  static async build(): Promise<Cli> {
    const root = mkdtempSync(join(tmpdir(), 'meeting-payloads-cli-'));
    const { buildCli } = await import('../../../scripts/cliBuild.mjs');
    await buildCli({ repo: REPO, dist: join(root, 'dist'), production: true });
    cpSync(join(REPO, 'schemas'), join(root, 'schemas'), { recursive: true });
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'meeting-payloads', version }));
    return new Cli(root, join(root, 'dist', 'cli.js'));
  }

  run(args: string[], options: RunOptions = {}): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const env: Record<string, string | undefined> = { ...process.env };
      // The tests choose the tokens and proxies the command sees.
      for (const key of Object.keys(env)) {
        if (/TOKEN|_proxy$|_PROXY$/i.test(key)) delete env[key];
      }
      const child = spawn(process.execPath, [...(options.nodeArgs ?? []), this.bin, ...args], {
        cwd: options.cwd ?? this.root,
        env: { ...env, ...options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      child.stdin.end(options.input ?? '');
    });
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A scratch folder for the files a test writes. */
export function scratchDir(): { dir: string; write(rel: string, text: string): string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'meeting-payloads-cli-files-'));
  return {
    dir,
    write(rel, text) {
      const path = join(dir, rel);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return path;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const REPO_ROOT = REPO;
export const WEBEX_SPEC = '/work/shared/fixtures/webex-meeting.openapi.json';
