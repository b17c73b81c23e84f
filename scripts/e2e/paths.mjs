// Where the real-VS-Code tooling lives. Everything downloaded is cached under `.vscode-test/` (ignored
// by git) so that a second run skips the installs; everything a run creates goes to a temp folder.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
export const CACHE_DIR = join(REPO_ROOT, '.vscode-test');
export const NODE24_DIR = join(CACHE_DIR, 'node24');
export const CODE_SERVER_DIR = join(CACHE_DIR, 'code-server');
export const LOG_DIR = join(CACHE_DIR, 'logs');
export const VSIX_PATH = join(REPO_ROOT, 'dist', 'meeting-payloads.vsix');
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-output', 'e2e');

/** The code-server release whose bundled VS Code (1.139.1) was tried on these machines (real-vscode.md). */
export const CODE_SERVER_VERSION = '4.139.1';
/** code-server 4.139 refuses to run on Node < 24. */
export const NODE_MAJOR = 24;
