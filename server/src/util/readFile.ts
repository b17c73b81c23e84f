/**
 * The one way the language server and the command line read a file named by a user or a workspace: regular
 * files only, at most `maxBytes`. A FIFO would block the read forever, `/dev/zero` (or a link to it) reports
 * 0 bytes and never ends, `/proc` files report 0 bytes and have content: so the size that counts is the one
 * read, never the one `stat` reports, and the kind of file is checked on the opened descriptor (no race with
 * a link that changes between the check and the read).
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

export class FileReadError extends Error {
  override name = 'FileReadError';
  constructor(
    message: string,
    /** `too-large`: a regular file over the limit (it exists, and can carry a diagnostic). */
    readonly kind: 'too-large' | 'not-regular' | 'unreadable' = 'unreadable',
  ) {
    super(message);
  }
}

/** `O_NONBLOCK` keeps opening a FIFO without a writer from blocking; Windows has no such flag (nor FIFOs). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const CHUNK_BYTES = 64 * 1024;
const scratch = Buffer.allocUnsafeSlow(CHUNK_BYTES);

/** The file's text (UTF-8), or a {@link FileReadError} saying in plain words why not. */
export function readRegularFile(path: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (err) {
    throw new FileReadError(describeFsError(err));
  }
  try {
    const stats = fstatSync(fd);
    const kind = fileKind(stats);
    if (kind !== 'file') throw new FileReadError(`is ${kind}, not a regular file`, 'not-regular');
    // Read into one buffer reused by every call (a fresh 64 KB one per read was most of the cost of reading many
    // small files); only a file larger than it is copied out, in full chunks.
    const chunks: Buffer[] = [];
    let used = 0;
    let total = 0;
    for (;;) {
      if (used === scratch.length) {
        chunks.push(Buffer.from(scratch));
        used = 0;
      }
      const wanted = Math.min(scratch.length - used, maxBytes + 1 - total);
      const n = readSync(fd, scratch, used, wanted, null);
      if (n === 0) break;
      used += n;
      total += n;
      if (total > maxBytes) throw new FileReadError(`is larger than ${formatLimit(maxBytes)}`, 'too-large');
      // A short read that brought the whole size fstat reported is the end: no read more to learn it (a file
      // whose size says 0 or less than it holds, as in /proc, is read on to the end).
      if (n < wanted && total === stats.size) break;
    }
    if (chunks.length === 0) return scratch.toString('utf8', 0, used);
    chunks.push(scratch.subarray(0, used));
    return Buffer.concat(chunks, total).toString('utf8');
  } catch (err) {
    throw err instanceof FileReadError ? err : new FileReadError(describeFsError(err));
  } finally {
    closeSync(fd);
  }
}

function fileKind(stats: Stats): string {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

/** `1048576` → "1 MB"; limits are whole megabytes or kilobytes. */
export function formatLimit(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : `${+(bytes / 1024).toFixed(1)} KB`;
}

/** A file-system error in plain words ("no such file"), without a stack. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EEXIST') return 'already exists';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return err instanceof Error ? err.message : String(err);
}
