/** Entry of the `meeting-payloads` command (bundled to dist/cli/main.mjs, started by dist/cli.js). */
import { processIo } from './io';
import { run } from './run';
import { exitWith } from './runCommand';

exitWith(run(process.argv.slice(2), processIo()));
