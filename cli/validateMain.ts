/**
 * Entry of `meeting-payloads validate` without a user catalog (bundled alone to dist/cli/validate.cjs, which
 * dist/cli.js starts instead of main.mjs for it): one module to load instead of a score of chunks, since its
 * start-up is most of what checking a file costs (#11). The same command, options and messages as through run.ts.
 */
import { validateCommand } from './commands/validate';
import { processIo } from './io';
import { exitWith, runCommand } from './runCommand';

exitWith(runCommand('validate', () => Promise.resolve(validateCommand), process.argv.slice(3), processIo()));
