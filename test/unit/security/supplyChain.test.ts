/**
 * T30 — compromised or vulnerable dependencies, and what the .vsix ships.
 *
 * The bundled HTTP client (undici) must be at or above the newest fixed release of its line; the lockfile
 * must be committed (lockfileVersion 3) and agree with what is installed; the .vsix allow-list lets in only
 * run-time files, and a built .vsix holds no source maps, tests, sources or node_modules. The online
 * `npm audit` gate is scripts/audit.mjs (not run here: unit tests never touch the network); its offline part
 * (lockfile, shipped packages from esbuild's metafile, advisory floors) runs below.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { ROOT } from './helpers';

/** undici advisories by first fixed 7.x release (threat model §2; later releases from their GitHub advisories). */
const UNDICI_FIXED = [
  { fixed: '7.18.2', ids: ['CVE-2026-22036'] },
  {
    fixed: '7.24.0',
    ids: ['CVE-2026-1525', 'CVE-2026-1526', 'CVE-2026-1527', 'CVE-2026-1528', 'CVE-2026-2229', 'CVE-2026-2581'],
  },
  { fixed: '7.28.0', ids: ['CVE-2026-12151'] },
  { fixed: '7.29.0', ids: ['CVE-2026-13697', 'CVE-2026-14643', 'CVE-2026-15157', 'CVE-2026-16728', 'CVE-2026-16729'] },
];

function compare(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10));
  const pb = b.split('.').map((x) => Number.parseInt(x, 10));
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

const json = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, unknown>;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeader: number;
}

/** The entries of a zip file, from its central directory (no dependency, no extraction). */
function zipEntries(buf: Buffer): ZipEntry[] {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const nameLength = buf.readUInt16LE(at + 28);
    entries.push({
      name: buf.toString('utf8', at + 46, at + 46 + nameLength),
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      localHeader: buf.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return entries;
}

/** One entry's content (stored or deflated). */
function zipRead(buf: Buffer, entry: ZipEntry): string {
  const start =
    entry.localHeader + 30 + buf.readUInt16LE(entry.localHeader + 26) + buf.readUInt16LE(entry.localHeader + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  return (entry.method === 8 ? inflateRawSync(data) : data).toString('utf8');
}

/** What the extension needs at run time (vsce names README/CHANGELOG/LICENSE as below inside the package). */
const ALLOWED_RULES = new Set([
  'dist/client.js',
  'dist/server.js',
  'dist/bigDocuments.js',
  'dist/webview/main.js',
  'dist/webview/styles.css',
  'schemas/*.json',
  'syntaxes/**',
  'language-configuration.json',
  'package.json',
  'package.nls.json',
  'README.md',
  'CHANGELOG.md',
  'SECURITY.md',
  'LICENSE',
  'images/icon.png',
  'images/requests.svg',
]);
const ALLOWED_ENTRY =
  /^(extension\.vsixmanifest|\[Content_Types\]\.xml|extension\/(dist\/(client|server|bigDocuments)\.js|dist\/webview\/[\w.-]+\.(js|css)|schemas\/[\w.-]+\.json|syntaxes\/[\w.-]+\.json|language-configuration\.json|package\.json|package\.nls\.json|readme\.md|changelog\.md|SECURITY\.md|LICENSE(\.txt)?|images\/icon\.png|images\/requests\.svg))$/;

describe('T30: supply chain', () => {
  test('T30: the bundled undici is at or above the newest fixed 7.x release (7.29.0)', () => {
    const version = String(json('node_modules/undici/package.json').version);
    assert.equal(version.split('.')[0], '7', 'undici 7.x (8.x needs Node 22; review this table when moving)');
    const newest = UNDICI_FIXED[UNDICI_FIXED.length - 1].fixed;
    const missing = UNDICI_FIXED.filter((a) => compare(version, a.fixed) < 0).flatMap((a) => a.ids);
    assert.deepEqual(missing, [], `undici ${version} lacks fixes`);
    assert.ok(compare(version, newest) >= 0, `undici ${version} < ${newest}`);
    // The gate script holds the same floor.
    const floors = JSON.parse(
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'audit.mjs'), '--print-floors'], { encoding: 'utf8' }),
    ) as Record<string, { minimum: string }>;
    assert.equal(floors.undici?.minimum, newest);
  });

  test('T30: package-lock.json is committed, lockfileVersion ≥ 3, and resolves undici to what is installed', () => {
    const tracked = spawnSync('git', ['ls-files', '--error-unmatch', 'package-lock.json'], { cwd: ROOT });
    assert.equal(tracked.status, 0, 'package-lock.json is tracked by git');
    const lock = json('package-lock.json') as {
      lockfileVersion: number;
      packages: Record<string, { version?: string }>;
    };
    assert.ok(lock.lockfileVersion >= 3, `lockfileVersion ${lock.lockfileVersion}`);
    assert.equal(lock.packages['node_modules/undici']?.version, json('node_modules/undici/package.json').version);
  });

  test('T30: the .vsix allow-list excludes everything, then lets in only run-time files', () => {
    const rules = readFileSync(join(ROOT, '.vscodeignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    assert.equal(rules[0], '**', 'the first rule excludes everything');
    // The last rule excludes source maps again, whatever a development build left in dist/ (vsce applies
    // negations whatever their order, so the re-includes above name files, never a folder).
    assert.equal(rules[rules.length - 1], 'dist/**/*.map', 'source maps are excluded last');
    for (const rule of rules.slice(1, -1)) {
      assert.ok(rule.startsWith('!'), `between "**" and the map rule every rule lets something back in: ${rule}`);
      assert.ok(ALLOWED_RULES.has(rule.slice(1)), `${rule} is not on the run-time allow-list`);
    }
    assert.ok(!rules.includes('!dist/**') && !rules.includes('!**'), 'never a blanket re-include');
  });

  test('T30: a built .vsix holds only run-time files: no source maps, tests, sources or node_modules', (t) => {
    const vsix = join(ROOT, 'dist', 'meeting-payloads.vsix');
    if (!existsSync(vsix)) {
      t.skip('dist/meeting-payloads.vsix is not built (npm run package)');
      return;
    }
    const buf = readFileSync(vsix);
    const entries = zipEntries(buf);
    const names = entries.map((e) => e.name);
    assert.ok(names.includes('extension/dist/client.js') && names.includes('extension/dist/server.js'));
    assert.ok(names.includes('extension/dist/bigDocuments.js'), "the server's thread of big documents");
    for (const name of names) {
      assert.ok(!/\.map$/.test(name), `source map in the .vsix: ${name}`);
      assert.ok(!/(^|\/)(test|tests|node_modules|src|out|scripts|\.vscode-test)\//.test(name), `not run-time: ${name}`);
      assert.ok(!/\.ts$/.test(name), `TypeScript source in the .vsix: ${name}`);
      assert.match(name, ALLOWED_ENTRY, `not on the allow-list: ${name}`);
    }
    const read = (name: string) =>
      zipRead(
        buf,
        entries.find((e) => e.name === name)!,
      );
    const manifest = JSON.parse(read('extension/package.json')) as { scripts?: Record<string, string> };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
      assert.equal(manifest.scripts?.[hook], undefined, `no ${hook} script in the shipped package.json`);
    }
    for (const bundle of ['extension/dist/client.js', 'extension/dist/server.js']) {
      assert.ok(!read(bundle).includes('sourceMappingURL=data:'), `no inline source map in ${bundle}`);
    }
  });

  test('T30: the offline part of the audit gate passes (lockfile, shipped packages, advisory floors)', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'audit.mjs'), '--offline', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const report = JSON.parse(r.stdout) as {
      ok: boolean;
      auditPerformed: boolean;
      findings: string[];
      shipped: Array<{ name: string; bundles: string[] }>;
    };
    assert.deepEqual(report.findings, []);
    assert.equal(r.status, 0);
    assert.equal(report.auditPerformed, false, 'offline: it says the online audit did not run');
    const shipped = new Map(report.shipped.map((p) => [p.name, p.bundles]));
    for (const name of ['undici', 'ajv', 'jsonc-parser', 'vscode-languageclient', 'vscode-languageserver']) {
      assert.ok(shipped.has(name), `${name} is found in the bundles`);
    }
    assert.ok(shipped.get('undici')?.includes('client'), 'undici is in the extension bundle');
    assert.ok(
      !shipped.has('typescript') && !shipped.has('eslint') && !shipped.has('@vscode/vsce'),
      'tools are not shipped',
    );
  });
});
