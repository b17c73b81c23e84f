/** Dispatches a command line to its command and turns failures into messages and exit codes. */
import { COMMANDS } from './commandTable';
import { EXIT, InputError, UsageError } from './errors';
import type { Io } from './io';
import { packageVersion } from './paths';
import { terminalLine } from './terminal';
import { COMMAND_USAGE, USAGE } from './usage';

export async function run(argv: string[], io: Io): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined) {
    io.err(USAGE);
    return EXIT.usage;
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    const topic = args[0];
    if (topic !== undefined && !(topic in COMMAND_USAGE)) {
      io.err(`meeting-payloads: there is no command "${terminalLine(topic)}".\n`);
      return EXIT.usage;
    }
    io.out(topic !== undefined ? COMMAND_USAGE[topic] : USAGE);
    return EXIT.ok;
  }
  if (command === '--version' || command === '-V') {
    io.out(`${packageVersion()}\n`);
    return EXIT.ok;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) {
    io.err(`meeting-payloads: there is no command "${terminalLine(command)}".\n\n${USAGE}`);
    return EXIT.usage;
  }
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
