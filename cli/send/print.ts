/** How `send` shows an outcome: the response on stdout (like `curl -i`), everything else on stderr. */
import type { SendOutcome, SentRequest } from '../../client/src/http';
import type { Io } from '../io';

export function printSent(sent: SentRequest, io: Io): void {
  io.err(`> ${sent.method} ${sent.url}\n`);
  // Header values were masked by the HTTP core: the credential shows as its prefix and dots.
  for (const [name, value] of sent.headers) io.err(`> ${name}: ${value}\n`);
  if (sent.ignoredHeaders.length > 0) {
    io.err(`note: not sent from the file (credentials come from the environment): ${sent.ignoredHeaders.join(', ')}\n`);
  }
  if (sent.proxy) io.err(`note: through the proxy ${sent.proxy}\n`);
}

export function printOutcome(outcome: SendOutcome, io: Io): void {
  if (outcome.kind !== 'response') {
    io.err(`meeting-payloads send: ${outcome.message}\n`);
    if (outcome.kind === 'error' && outcome.detail && outcome.detail !== outcome.message) {
      io.err(outcome.detail.replace(/^/gm, '  ') + '\n');
    }
    if (outcome.mayHaveReachedServer) io.err('note: the request may have reached the server.\n');
    return;
  }
  io.out(`HTTP ${outcome.status} ${outcome.statusText}\n`);
  for (const [name, value] of outcome.headers) io.out(`${name}: ${value}\n`);
  io.out('\n');
  io.out(outcome.bodyText);
  if (outcome.bodyText !== '' && !outcome.bodyText.endsWith('\n')) io.out('\n');
  io.err(`< ${outcome.status} ${outcome.statusText} in ${outcome.timing.totalMs} ms, ${outcome.bodyBytes} bytes\n`);
  if (outcome.bodyNotice) io.err(`note: ${outcome.bodyNotice}\n`);
  if (outcome.location) {
    io.err(
      `note: the redirect to ${outcome.location.url ?? outcome.location.raw} was not followed (redirects never are).\n`,
    );
  }
  if (outcome.retryAfterSeconds !== undefined) {
    io.err(`note: the server asks to retry after ${outcome.retryAfterSeconds} s.\n`);
  }
}
