// `node scripts/audit.mjs [--json] [--allow-unreachable] [--offline] [--print-floors]` — the supply-chain gate (T30).
//
// Every dependency of this package is a devDependency, because esbuild bundles what the extension, the
// language server and the command line need into dist/. So `npm audit --omit=dev` audits nothing, and the
// honest question is: which packages end up in the bundles, and are any of them vulnerable? This script
//   1. checks the lockfile: committed, lockfileVersion >= 3, and node_modules matches it for shipped packages;
//   2. lists the shipped packages from esbuild's metafile for the four bundles (client, server, webview, cli);
//   3. checks shipped packages against known-advisory floors (works offline; the table below);
//   4. runs `npm audit --json` over the whole tree and gates on high/critical findings in shipped packages;
//      findings only in build and test tools are listed as warnings.
// Exit codes: 0 pass; 1 a finding (vulnerable shipped package, floor not met, lockfile problem);
// 2 the advisory database could not be reached, so the audit was NOT performed (with --allow-unreachable the
// floors still gate and the script exits 0, saying loudly that the online audit did not run). `--offline`
// skips step 4 on purpose (used by the unit tests, which never touch the network) and says so.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const asJson = args.includes('--json');
const offline = args.includes('--offline');
const allowUnreachable = args.includes('--allow-unreachable');

/**
 * Known advisories of shipped packages: the first fixed version of the line in use, newest first to keep.
 * undici and ajv: the advisories the threat model names (plus later undici releases); the rest: public
 * GitHub advisories. An offline complement to `npm audit`, never a replacement.
 */
export const FLOORS = {
  undici: {
    line: '7',
    minimum: '7.29.0',
    advisories: [
      { fixed: '7.18.2', ids: ['CVE-2026-22036 (GHSA-g9mf-h72j-4rw9): unbounded Content-Encoding chain'] },
      {
        fixed: '7.24.0',
        ids: ['CVE-2026-1525', 'CVE-2026-1526', 'CVE-2026-1527', 'CVE-2026-1528', 'CVE-2026-2229', 'CVE-2026-2581'],
      },
      { fixed: '7.28.0', ids: ['CVE-2026-12151'] },
      {
        fixed: '7.29.0',
        ids: ['CVE-2026-13697', 'CVE-2026-14643', 'CVE-2026-15157', 'CVE-2026-16728', 'CVE-2026-16729'],
      },
    ],
  },
  ajv: {
    line: '8',
    minimum: '8.18.0',
    advisories: [{ fixed: '8.18.0', ids: ['CVE-2025-69873 (GHSA-2g4f-4pwh-qvx6): ReDoS with $data'] }],
  },
  // Below: from public advisories and the dependency bumps that cite them (not from the threat model).
  yaml: {
    line: '2',
    minimum: '2.8.3',
    advisories: [{ fixed: '2.8.3', ids: ['CVE-2026-33532 (GHSA-48c2-rrv3-qjmp): stack overflow on deep nesting'] }],
  },
  lodash: {
    line: '4',
    minimum: '4.18.1',
    advisories: [
      { fixed: '4.17.23', ids: ['CVE-2025-13465 (GHSA-xxjr-mmjv-4gpg): prototype pollution in _.unset/_.omit'] },
      { fixed: '4.18.1', ids: ['CVE-2026-2950 (GHSA-f23m-r3pf-42rh)', 'CVE-2026-4800'] },
    ],
  },
  minimatch: {
    line: '10',
    minimum: '10.2.1',
    advisories: [{ fixed: '10.2.1', ids: ['CVE-2026-26996 (GHSA-3ppc-4f35-3m26): ReDoS'] }],
  },
};

if (args.includes('--print-floors')) {
  process.stdout.write(JSON.stringify(FLOORS) + '\n');
  process.exit(0);
}

const findings = []; // gate failures
const warnings = [];
const notes = [];

function compare(a, b) {
  const pa = a.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

// 1. The lockfile.
const lockPath = join(root, 'package-lock.json');
let lock;
if (!existsSync(lockPath)) findings.push('package-lock.json is missing: installs are not reproducible.');
else {
  lock = JSON.parse(readFileSync(lockPath, 'utf8'));
  if (!(lock.lockfileVersion >= 3))
    findings.push(`package-lock.json has lockfileVersion ${lock.lockfileVersion}; 3 or later is expected.`);
  try {
    execFileSync('git', ['ls-files', '--error-unmatch', 'package-lock.json'], { cwd: root, stdio: 'ignore' });
  } catch {
    findings.push('package-lock.json is not committed.');
  }
}

// 2. What the bundles contain.
async function shippedPackages() {
  const esbuild = await import('esbuild');
  const common = { bundle: true, write: false, metafile: true, logLevel: 'silent', absWorkingDir: root };
  const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'] };
  const builds = {
    client: { ...node, entryPoints: ['client/src/extension.ts'], external: ['vscode'], outfile: 'out/audit/client.js' },
    server: { ...node, entryPoints: ['server/src/main.ts'], outfile: 'out/audit/server.js' },
    cli: { ...node, entryPoints: ['cli/main.ts'], outfile: 'out/audit/cli.js' },
    webview: {
      ...common,
      platform: 'browser',
      format: 'iife',
      entryPoints: ['client/webview/main.ts'],
      outfile: 'out/audit/webview.js',
    },
  };
  const packages = new Map(); // "node_modules/…/name" → { name, version, bundles }
  for (const [bundle, options] of Object.entries(builds)) {
    if (!existsSync(join(root, options.entryPoints[0]))) continue;
    const result = await esbuild.build(options);
    for (const input of Object.keys(result.metafile.inputs)) {
      const m = /^(.*node_modules\/(@[^/]+\/[^/]+|[^/@][^/]*))\//.exec(input);
      if (!m) continue;
      const dir = m[1];
      let entry = packages.get(dir);
      if (!entry) {
        const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
        entry = { path: dir, name: m[2], version: pkg.version, bundles: new Set() };
        packages.set(dir, entry);
      }
      entry.bundles.add(bundle);
    }
  }
  return [...packages.values()]
    .map((p) => ({ ...p, bundles: [...p.bundles].sort() }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const shipped = await shippedPackages();
for (const p of shipped) {
  const locked = lock?.packages?.[p.path]?.version;
  if (lock && locked !== p.version)
    findings.push(`${p.path} is ${p.version} on disk but ${locked ?? 'absent'} in package-lock.json.`);
}

// 3. Known-advisory floors (offline).
for (const [name, floor] of Object.entries(FLOORS)) {
  for (const p of shipped.filter((s) => s.name === name)) {
    if (p.version.split('.')[0] !== floor.line) {
      findings.push(
        `${name} ${p.version} is not on the ${floor.line}.x line the floor table covers: review its advisories and update the table.`,
      );
    } else if (compare(p.version, floor.minimum) < 0) {
      const missing = floor.advisories.filter((a) => compare(p.version, a.fixed) < 0).flatMap((a) => a.ids);
      findings.push(`${name} ${p.version} is below ${floor.minimum}: ${missing.join(', ')}`);
    } else
      notes.push(
        `${name} ${p.version} ≥ ${floor.minimum} (floor for ${floor.advisories.flatMap((a) => a.ids).length} advisories)`,
      );
  }
}

// 4. The online audit.
function npmAudit(extra) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['audit', '--json', ...extra], { cwd: root, encoding: 'utf8', timeout: 180_000 });
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    return {
      reachable: false,
      reason: (r.stderr || r.error?.message || `npm audit exited ${r.status}`).trim().split('\n').slice(-3).join(' '),
    };
  }
  if (!report.vulnerabilities || report.error || report.statusCode) {
    const reason = report.message ?? report.error?.summary ?? JSON.stringify(report).slice(0, 300);
    return { reachable: false, reason };
  }
  return { reachable: true, report };
}

const audit = offline ? { reachable: false, reason: '--offline' } : npmAudit([]);
const prodAudit = audit.reachable ? npmAudit(['--omit=dev']) : audit;
let auditPerformed = false;
const auditRows = [];
if (offline) {
  warnings.push(
    '--offline: npm audit was not run; only the lockfile, the shipped-package list and the floors were checked.',
  );
} else if (!audit.reachable) {
  const message = `npm audit could not reach the advisory database (${audit.reason}). The online audit was NOT performed.`;
  if (allowUnreachable) warnings.push(message + ' (--allow-unreachable: only the offline floors gated this run.)');
  else findings.push(message);
} else {
  auditPerformed = true;
  const shippedPaths = new Set(shipped.map((p) => p.path));
  for (const [name, v] of Object.entries(audit.report.vulnerabilities)) {
    const inBundles = (v.nodes ?? []).some((n) => shippedPaths.has(n));
    const serious = v.severity === 'high' || v.severity === 'critical';
    const titles = (v.via ?? [])
      .filter((x) => typeof x === 'object')
      .map((x) => `${x.title ?? ''} ${x.url ?? ''}`.trim());
    const row = {
      name,
      severity: v.severity,
      shipped: inBundles,
      range: v.range,
      titles,
      fixAvailable: Boolean(v.fixAvailable),
    };
    auditRows.push(row);
    const text = `${name} (${v.severity}${inBundles ? ', SHIPPED in the bundles' : ', build/test tool only'}): ${titles.join('; ') || `via ${(v.via ?? []).join(', ')}`}`;
    if (inBundles && serious) findings.push(text);
    else if (serious) warnings.push(text);
    else notes.push(text);
  }
  if (prodAudit.reachable) {
    const counts = prodAudit.report.metadata?.vulnerabilities ?? {};
    notes.push(
      `npm audit --omit=dev: ${prodAudit.report.metadata?.dependencies?.prod ?? 0} production dependencies, ${(counts.high ?? 0) + (counts.critical ?? 0)} high/critical (everything shipped is bundled from devDependencies and audited above).`,
    );
  }
}

const result = {
  ok: findings.length === 0,
  auditPerformed,
  shipped: shipped.map((p) => ({ name: p.name, version: p.version, path: p.path, bundles: p.bundles })),
  findings,
  warnings,
  notes,
  audit: auditRows,
};
if (asJson) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
else {
  const out = [];
  out.push(
    `Shipped packages (bundled into dist/): ${shipped.map((p) => `${p.name}@${p.version} [${p.bundles.join(',')}]`).join(', ')}`,
  );
  for (const n of notes) out.push(`  note: ${n}`);
  for (const w of warnings) out.push(`  WARNING: ${w}`);
  for (const f of findings) out.push(`  FAIL: ${f}`);
  out.push(
    findings.length
      ? `audit: FAILED (${findings.length} finding${findings.length === 1 ? '' : 's'})`
      : auditPerformed
        ? 'audit: passed (online audit and offline floors)'
        : 'audit: passed the offline floors only — THE ONLINE AUDIT DID NOT RUN',
  );
  process.stdout.write(out.join('\n') + '\n');
}
const unreachableOnly = !offline && !audit.reachable && !allowUnreachable && findings.length === 1;
process.exit(findings.length === 0 ? 0 : unreachableOnly ? 2 : 1);
