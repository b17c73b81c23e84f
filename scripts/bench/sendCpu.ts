/**
 * One process of the send benchmark (scripts/bench-cli.mjs): client CPU per request against the local server at
 * `url`, either through `meeting-payloads send`'s own path (the run set up by cli/send/setup.ts, the request
 * prepared from `file`, sendRequest with the run's connection pool) or a bare keep-alive `undici.request` sending
 * the same method, URL, headers and body. Prints `{ cpuUsPerRequest, requests, status, warmUp }` as JSON.
 *
 *   node --import tsx scripts/bench/sendCpu.ts <ours|undici> <url> <file> <requests>
 */
import { Agent, request } from 'undici';
import { sendRequest } from '../../client/src/http';
import { processIo } from '../../cli/io';
import { startRequestRun } from '../../cli/send/setup';

const [mode, url, file, count] = process.argv.slice(2);
const N = Number(count);
/**
 * Requests sent before measuring, the same on both sides. The figure is the steady cost of a request: after 200,
 * most of what was measured was V8 compiling the code paths (its threads count as the process's CPU), three
 * to four times the steady cost and as noisy; from about 5,000 the figure stops falling.
 */
const WARM_UP = 5000;

async function main(): Promise<void> {
  const io = { ...processIo(), err: () => undefined };
  const run = await startRequestRun({ 'base-url': url }, io, false);
  try {
    const req = run.prepare(file, 'sent');
    if (typeof req === 'number') throw new Error(`${file} cannot be sent`);
    const options = run.aim(req).sendOptions(undefined);
    const first = await sendRequest(req, options);
    if (first.kind !== 'response' || !first.sent) throw new Error(`no response: ${JSON.stringify(first)}`);
    const sent = first.sent;
    let send: () => Promise<number>;
    if (mode === 'ours') {
      send = async () => {
        const outcome = await sendRequest(req, options);
        return outcome.kind === 'response' ? outcome.status : 0;
      };
    } else {
      const agent = new Agent();
      const headers = Object.fromEntries(sent.headers);
      send = async () => {
        const res = await request(sent.url, {
          dispatcher: agent,
          method: sent.method,
          headers,
          body: sent.body === undefined ? null : sent.body,
        });
        await res.body.text();
        return res.statusCode;
      };
    }
    for (let i = 0; i < WARM_UP; i++) await send();
    const before = process.cpuUsage();
    let status = 0;
    for (let i = 0; i < N; i++) status = await send();
    const used = process.cpuUsage(before);
    process.stdout.write(
      JSON.stringify({
        cpuUsPerRequest: (used.user + used.system) / N,
        systemUsPerRequest: used.system / N,
        requests: N,
        status,
        bodyBytes: sent.body?.length,
        warmUp: WARM_UP,
      }) + '\n',
    );
  } finally {
    await run.close();
  }
  // undici's own agent keeps its socket until keep-alive expiry: do not wait for it.
  process.exit(0);
}

void main();
