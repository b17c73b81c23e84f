/** What commands need from the process, passed in so each command reads as plain input → output. */
import { formatLimit, readRegularFile } from '../server/src/util/readFile';
import { InputError } from './errors';

export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** Standard output is a terminal (not a pipe or a file): where `token --print` may write a token. */
  stdoutIsTerminal?: boolean;
  /** All of standard input (at most `maxBytes`), or undefined when it is a terminal (nothing was piped). */
  stdin(maxBytes: number): Promise<string | undefined>;
}

export function processIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    stdoutIsTerminal: process.stdout.isTTY === true,
    stdin: async (maxBytes) => {
      if (process.stdin.isTTY) return undefined;
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        total += (chunk as Buffer).length;
        // `< /dev/zero` never ends: stop reading at the limit.
        if (total > maxBytes) throw new InputError(`standard input is larger than ${formatLimit(maxBytes)}`);
      }
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/**
 * Reads a UTF-8 text file that must be a regular file of at most `maxBytes` (the limit the extension applies to
 * the same kind of file); failures become an {@link InputError} naming the file and the reason.
 */
export function readText(path: string, maxBytes: number): string {
  try {
    return readRegularFile(path, maxBytes);
  } catch (err) {
    throw new InputError(`${path}: ${(err as Error).message}`);
  }
}
