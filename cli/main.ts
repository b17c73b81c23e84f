/** Entry of the `meeting-payloads` command (bundled to dist/cli/main.mjs, started by dist/cli.js). */
import { processIo } from './io';
import { run } from './run';

run(process.argv.slice(2), processIo()).then(
  (code) => {
    // Not process.exit(): pending output to a pipe is written before the process ends.
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `meeting-payloads: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 2;
  },
);
