/**
 * `node scripts/fuzz.mjs [--seed N] [--count N] [--start I] [--stdio] [--heavy-every N] [--max-ms N] [--json]`
 *
 * Fuzzes the language server over a real LSP connection (in this process by default; `--stdio` runs the
 * bundled `dist/server.js --stdio`). Prints the seed first: `--seed S --start I --count 1` replays document I.
 * Exit code 1 on any failure: a crash, an unanswered or too slow request (> --max-ms), an error the server
 * logged, or a broken invariant. A watchdog thread kills the run (naming the document) if this process's
 * event loop is blocked for longer than --hang-ms, i.e. the in-process server hangs.
 */
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { parsedOrExit, readArgs } from './args';
import { ROOT } from './corpus';
import { runFuzz, type FuzzOptions, type FuzzSummary } from './run';

function parseArgs(argv: string[]): { options: FuzzOptions; json: boolean; hangMs: number } {
  const { value, int } = readArgs(argv, [
    '--seed',
    '--count',
    '--start',
    '--stdio',
    '--server',
    '--max-ms',
    '--answer-ms',
    '--hang-ms',
    '--heavy-every',
    '--delay',
    '--save',
    '--no-save',
    '--json',
    '--max-failures',
    '--progress',
    '--quiet',
    '--trace',
  ]);
  const quiet = argv.includes('--quiet');
  const answerTimeoutMs = int('--answer-ms', 30_000);
  return {
    json: argv.includes('--json'),
    hangMs: int('--hang-ms', answerTimeoutMs + 30_000),
    options: {
      seed: int('--seed', randomInt(2 ** 31)),
      count: int('--count', 100_000),
      start: int('--start', 0),
      target: argv.includes('--stdio') ? 'stdio' : 'in-process',
      serverJs: value('--server') ?? join(ROOT, 'dist', 'server.js'),
      maxRequestMs: int('--max-ms', 5_000),
      answerTimeoutMs,
      heavyEvery: int('--heavy-every', 1_000),
      validationDelayMs: int('--delay', 0),
      saveDir: argv.includes('--no-save') ? undefined : (value('--save') ?? join(ROOT, 'test-output', 'fuzz')),
      maxFailures: int('--max-failures', 20),
      progressEvery: quiet ? 0 : int('--progress', 5_000),
      progress: (line) => process.stderr.write(line + '\n'),
      trace: argv.includes('--trace'),
      heartbeat: () => undefined,
    },
  };
}

/** A thread that kills this process when the event loop stops beating (a synchronous hang in the server). */
function startWatchdog(
  hangMs: number,
  replay: (index: number) => string,
): { beat: (index: number) => void; stop: () => void } {
  const shared = new Float64Array(new SharedArrayBuffer(16));
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     const fs = require('node:fs');
     const shared = new Float64Array(workerData.buffer);
     setInterval(() => {
       const last = shared[0];
       if (last > 0 && Date.now() - last > workerData.hangMs) {
         const index = shared[1];
         fs.writeSync(2, '\\nHANG: the event loop was blocked for more than ' + workerData.hangMs + ' ms on document ' + index +
           '. Replay: ' + workerData.replay.replace('INDEX', String(index)) + '\\n');
         process.kill(process.pid, 'SIGKILL');
       }
     }, 250);`,
    { eval: true, workerData: { buffer: shared.buffer, hangMs, replay: replay(-1).replace('-1', 'INDEX') } },
  );
  worker.unref();
  return {
    beat: (index) => {
      shared[0] = Date.now();
      shared[1] = index;
    },
    stop: () => void worker.terminate(),
  };
}

function report(s: FuzzSummary): string {
  const lines = [
    `fuzz: ${s.documents} documents (${s.target}, seed ${s.seed}, from ${s.start}) in ${(s.elapsedMs / 1000).toFixed(1)} s — ${s.documentsPerSecond} documents/s`,
    `kinds: ${Object.entries(s.kinds)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
    'request            count      p50 ms   p99 ms    max ms  (document)',
    ...Object.entries(s.requests).map(
      ([m, r]) =>
        `${m.padEnd(18)} ${String(r.count).padStart(7)} ${r.p50.toFixed(1).padStart(9)} ${r.p99.toFixed(1).padStart(8)} ${r.max.toFixed(1).padStart(9)}  (#${r.maxAt})`,
    ),
  ];
  if (s.heavy.length) {
    lines.push('heavy documents (slowest first):');
    for (const h of [...s.heavy].sort((a, b) => b.totalMs - a.totalMs).slice(0, 25)) {
      lines.push(
        `  #${h.index} ${h.kind}: ${h.chars} chars, diagnostics ${h.diagnosticsMs} ms, all requests ${h.totalMs} ms`,
      );
    }
  }
  lines.push(
    `server errors logged: ${s.handlerErrors.length}; for forged client input: ${s.forgedInputErrors}; uncaught: ${s.uncaught.length}; connection: ${s.down ?? 'up'}`,
  );
  for (const e of s.handlerErrors.slice(0, 5)) lines.push(`  logged: ${e.split('\n').slice(0, 4).join(' | ')}`);
  for (const e of s.uncaught.slice(0, 5)) lines.push(`  uncaught: ${e.split('\n').slice(0, 4).join(' | ')}`);
  lines.push(`failures: ${s.failures.length}`);
  for (const f of s.failures.slice(0, 20)) {
    lines.push(`  #${f.index} (${f.kind}): ${f.problems.join('; ')}${f.saved ? ` → ${f.saved}` : ''}`);
  }
  return lines.join('\n');
}

export function failed(s: FuzzSummary): boolean {
  return s.failures.length > 0 || s.handlerErrors.length > 0 || s.uncaught.length > 0 || s.down !== undefined;
}

async function main(): Promise<void> {
  const { options, json, hangMs } = parsedOrExit(() => parseArgs(process.argv.slice(2)));
  if (options.target === 'stdio' && !existsSync(options.serverJs)) {
    process.stderr.write(`fuzz: ${options.serverJs} is not built (npm run build); nothing to fuzz over stdio.\n`);
    process.exit(json ? 0 : 2);
  }
  const replay = (index: number) =>
    `node scripts/fuzz.mjs --seed ${options.seed} --start ${index} --count 1${options.target === 'stdio' ? ' --stdio' : ''} --heavy-every ${options.heavyEvery}`;
  process.stderr.write(
    `fuzz: seed ${options.seed}, ${options.count} documents from ${options.start} (${options.target}); replay one with: ${replay(options.start)}\n`,
  );
  const watchdog = startWatchdog(hangMs, replay);
  options.heartbeat = watchdog.beat;
  const summary = await runFuzz(options);
  watchdog.stop();
  process.stderr.write(report(summary) + '\n');
  if (json) process.stdout.write(JSON.stringify(summary) + '\n');
  process.exitCode = failed(summary) ? 1 : 0;
}

void main();
