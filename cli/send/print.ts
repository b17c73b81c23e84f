/**
 * How `send` shows an outcome: the response on stdout (like `curl -i`), everything else on stderr. Status text,
 * headers and body come from the server: they are printed with nothing a terminal would act on.
 */
import type { SendOutcome, SentRequest } from '../../client/src/http';
import type { Io } from '../io';
import type { FileReport } from '../report/problems';
import { problemLine } from '../report/text';
import { terminalLine, terminalLines } from '../terminal';

/** One line of output, whatever the parts hold. */
const line = (text: string): string => `${terminalLine(text)}\n`;

export function printSent(sent: SentRequest, io: Io): void {
  io.err(line(`> ${sent.method} ${sent.url}`));
  // Header values were masked by the HTTP core: the credential shows as its prefix and dots.
  for (const [name, value] of sent.headers) io.err(line(`> ${name}: ${value}`));
  if (sent.ignoredHeaders.length > 0) {
    io.err(
      line(`note: not sent from the file (credentials come from the environment): ${sent.ignoredHeaders.join(', ')}`),
    );
  }
  if (sent.proxy) io.err(line(`note: through the proxy ${sent.proxy}`));
}

export function printOutcome(outcome: SendOutcome, io: Io): void {
  if (outcome.kind !== 'response') {
    io.err(line(`meeting-payloads send: ${outcome.message}`));
    if (outcome.kind === 'error' && outcome.detail && outcome.detail !== outcome.message) {
      io.err(terminalLines(outcome.detail).replace(/^/gm, '  ') + '\n');
    }
    if (outcome.mayHaveReachedServer) io.err('note: the request may have reached the server.\n');
    return;
  }
  io.out(line(`HTTP ${outcome.status} ${outcome.statusText}`));
  for (const [name, value] of outcome.headers) io.out(line(`${name}: ${value}`));
  io.out('\n');
  io.out(terminalLines(outcome.bodyText));
  if (outcome.bodyText !== '' && !outcome.bodyText.endsWith('\n')) io.out('\n');
  io.err(line(`< ${outcome.status} ${outcome.statusText} in ${outcome.timing.totalMs} ms, ${outcome.bodyBytes} bytes`));
  if (outcome.bodyNotice) io.err(line(`note: ${outcome.bodyNotice}`));
  if (outcome.location) {
    io.err(
      line(
        `note: the redirect to ${outcome.location.url ?? outcome.location.raw} was not followed (redirects never are).`,
      ),
    );
  }
  if (outcome.retryAfterSeconds !== undefined) {
    io.err(`note: the server asks to retry after ${outcome.retryAfterSeconds} s.\n`);
  }
}

/** `--check-response`: each difference from the documentation as a compiler-style line, or that there is none. */
export function printDrift(report: FileReport, io: Io): void {
  for (const p of report.problems) io.err(line(problemLine(report.file, p)));
  io.err(
    line(
      report.problems.length === 0
        ? `note: the response matches the documentation (${report.name}).`
        : `meeting-payloads send: the response differs from the documentation (${report.name}).`,
    ),
  );
}
