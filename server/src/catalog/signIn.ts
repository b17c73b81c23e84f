/**
 * Token endpoints (`x-sign-in` in the catalog) are documented but are not request-file operations: their
 * credentials (a client secret, an App Key, a password, a host password) would have to be written in the file, and
 * their answer is a token that belongs in SecretStorage, not in a response panel or a history. Sign In and
 * `meeting-payloads token` call them, always on the environment's own origin. One sentence says so, for the
 * diagnostic of a file that names one (which also keeps Send from sending it) and for its hover.
 */
import type { Operation } from './types';

export function signInNotSent(op: Pick<Operation, 'id' | 'method' | 'path'>): string {
  return `${op.id} (${op.method} ${op.path}) is a sign-in endpoint, not sent from request files: its credentials would be written in the file and its answer is a token. Use "Meeting Payloads: Sign In…" or \`meeting-payloads token\`.`;
}
