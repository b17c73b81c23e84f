/** Runs one command: its `--help`, and failures turned into messages and exit codes (the dispatch is run.ts). */
import type { Command } from './commandTable';
import { EXIT, InputError, UsageError } from './errors';
import type { Io } from './io';
import { terminalLine } from './terminal';
import { COMMAND_USAGE } from './usage';

export async function runCommand(
  command: string,
  load: () => Promise<Command>,
  args: string[],
  io: Io,
): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(COMMAND_USAGE[command]);
    return EXIT.ok;
  }
  try {
    const handler = await load();
    return await handler(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(
        `meeting-payloads ${command}: ${terminalLine(err.message)}\nRun "meeting-payloads help ${command}" for usage.\n`,
      );
      return EXIT.usage;
    }
    if (err instanceof InputError) {
      // Messages quote arguments, paths and catalog content.
      io.err(`meeting-payloads ${command}: ${terminalLine(err.message)}\n`);
      return EXIT.usage;
    }
    throw err;
  }
}

/** Sets the process's exit code from a run; an error no command turned into a message is an internal error. */
export function exitWith(run: Promise<number>): void {
  run.then(
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
}
