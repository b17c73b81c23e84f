/** Exit codes and the two kinds of failure that are not about the files' content. */

export const EXIT = {
  /** Valid files, a successful request. */
  ok: 0,
  /** Invalid files, failed examples, a request that failed or was refused. */
  failed: 1,
  /** Bad arguments, unreadable or unwritable files. */
  usage: 2,
} as const;

/** Wrong arguments: the message is followed by a pointer to `--help`. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A file could not be read or written, or a catalog could not be loaded. */
export class InputError extends Error {
  override name = 'InputError';
}
