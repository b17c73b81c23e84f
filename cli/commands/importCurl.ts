/**
 * `import-curl`: a cURL command (argument or standard input) → a request file on standard output or in a file.
 * The request file goes to stdout; notes and validation problems to stderr, so `> x.meeting.json` just works.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importCurl, MAX_COMMAND_LENGTH } from '../../server/src/features/importCurl';
import { loadCatalog, parseCatalogSpecs } from '../catalogs';
import { EXIT, InputError, UsageError } from '../errors';
import { describeFsError } from '../../server/src/util/readFile';
import type { Io } from '../io';
import { parseOptions } from '../options';
import { REQUEST_FILE_SUFFIX } from '../inputs';
import { terminalLine } from '../terminal';

/** Where the curl command starts: its options must not be read as ours. */
function splitAtCommand(args: string[]): { ours: string[]; command: string[] } {
  const dashes = args.indexOf('--');
  if (dashes >= 0) return { ours: args.slice(0, dashes), command: args.slice(dashes + 1) };
  const start = args.findIndex((a) => /^(\$\s*)?(\S*[/\\])?curl(\.exe)?(\s|$)/i.test(a));
  return start < 0 ? { ours: args, command: [] } : { ours: args.slice(0, start), command: args.slice(start) };
}

const posixQuote = (word: string): string => `'${word.replace(/'/g, "'\\''")}'`;

export async function importCurlCommand(args: string[], io: Io): Promise<number> {
  const { ours, command } = splitAtCommand(args);
  const { values, positionals } = parseOptions(ours, {
    output: { type: 'string', short: 'o' },
    name: { type: 'string' },
    force: { type: 'boolean' },
    operation: { type: 'string' },
    catalog: { type: 'string', multiple: true },
  });
  if (positionals.length > 0) {
    throw new UsageError(`unexpected "${positionals[0]}": the curl command starts with "curl" (or comes after --).`);
  }
  if (values.output !== undefined && values.name !== undefined) {
    throw new UsageError('give --output or --name, not both.');
  }
  if (values.name !== undefined && !/^[\w.-]+$/.test(values.name)) {
    throw new UsageError('--name is a file name without folders (letters, digits, ., _ and -).');
  }
  const target =
    values.output ??
    (values.name !== undefined ? values.name.replace(/\.meeting\.json$/, '') + REQUEST_FILE_SUFFIX : undefined);
  if (target !== undefined && existsSync(resolve(io.cwd, target)) && values.force !== true) {
    throw new InputError(`${target} already exists; use --force to overwrite it.`);
  }

  // One argument is the whole command, quoted; several are words the shell already split: quote each again so
  // the importer reads back exactly these words.
  const text =
    command.length === 1
      ? command[0]
      : command.length > 1
        ? command.map(posixQuote).join(' ')
        : await io.stdin(MAX_COMMAND_LENGTH);
  if (text === undefined || text.trim() === '') {
    throw new UsageError('give the curl command as an argument (quoted) or on standard input.');
  }
  const catalog = await loadCatalog(parseCatalogSpecs(values.catalog), io);
  const result = importCurl(text, catalog, values.operation !== undefined ? { operationId: values.operation } : {});
  if (!result.ok) {
    io.err(`meeting-payloads import-curl: ${terminalLine(result.reason)}\n`);
    return EXIT.failed;
  }
  let hasErrors = false;
  for (const note of result.notes) {
    // Validation problems come as "line:col: severity: message": prefix the file, compiler style.
    const problem = /^\d+:\d+: (error|warning|info): /.exec(note);
    if (problem?.[1] === 'error') hasErrors = true;
    // Notes quote the pasted command.
    io.err(`${terminalLine(problem ? `${target ?? '<stdout>'}:${note}` : `note: ${note}`)}\n`);
  }
  if (target === undefined) io.out(result.fileText);
  else {
    try {
      writeFileSync(resolve(io.cwd, target), result.fileText);
    } catch (err) {
      throw new InputError(`${target}: ${describeFsError(err)}`);
    }
    io.err(`${terminalLine(`Wrote ${target} (${result.operationId}).`)}\n`);
  }
  return hasErrors ? EXIT.failed : EXIT.ok;
}
