/**
 * "Copy as cURL": a POSIX-shell command equivalent to what was sent, with the credential replaced by a
 * placeholder (an environment variable by default) so the command can be pasted into a ticket safely.
 */
import type { SentRequest } from './types';

/** Single-quotes a word for a POSIX shell: nothing inside single quotes is special except the quote itself. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const ENV_VAR = /^\$[A-Z_][A-Z0-9_]*$/;

/** `webexBearer` → `$WEBEX_BEARER_TOKEN`, `huaweiAccessToken` → `$HUAWEI_ACCESS_TOKEN`. */
export function defaultPlaceholder(scheme: string): string {
  const snake = scheme
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  const name = snake === '' ? 'TOKEN' : /TOKEN$/.test(snake) ? snake : `${snake}_TOKEN`;
  return `$${/^[0-9]/.test(name) ? `_${name}` : name}`;
}

/**
 * @param placeholderFor returns the text to stand for the credential value in the given header, e.g.
 *   `$WEBEX_TOKEN` (expanded by the shell: emitted in double quotes) or `<token>` (emitted literally).
 */
export function toCurl(sent: SentRequest, placeholderFor?: (header: string) => string): string {
  // HEAD needs --head: with -X HEAD cURL waits for a body that never comes.
  const method =
    sent.method === 'HEAD' ? '--head' : `-X ${/^[A-Z]+$/.test(sent.method) ? sent.method : shellQuote(sent.method)}`;
  const lines: string[] = [`curl ${method} ${shellQuote(sent.url)}`];
  const credential = sent.credential;
  for (const [name, value] of sent.headers) {
    if (credential && name.toLowerCase() === credential.header.toLowerCase()) {
      const placeholder = placeholderFor ? placeholderFor(name) : defaultPlaceholder(credential.scheme);
      if (ENV_VAR.test(placeholder)) {
        // A single-quoted literal followed by the variable in double quotes: the shell expands the variable
        // and nothing else.
        lines.push(`-H ${shellQuote(`${name}: ${credential.prefix}`)}"${placeholder}"`);
      } else {
        lines.push(`-H ${shellQuote(`${name}: ${credential.prefix}${placeholder}`)}`);
      }
      continue;
    }
    lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  // --data-raw: unlike --data, a body starting with "@" is not read as a file name.
  if (sent.body !== undefined) lines.push(`--data-raw ${shellQuote(sent.body)}`);
  // No -L: like the extension, cURL then shows a redirect instead of following it with the token.
  return lines.join(' \\\n  ');
}
