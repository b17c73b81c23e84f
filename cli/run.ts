/** Dispatches a command line to its command and turns failures into messages and exit codes. */
import { COMMANDS } from './commandTable';
import { EXIT } from './errors';
import type { Io } from './io';
import { packageVersion } from './paths';
import { runCommand } from './runCommand';
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
  return runCommand(command, load, args, io);
}
