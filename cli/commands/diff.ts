/**
 * `diff`: what the PUT a file describes would change, before it is sent. Sends the vendor's documented read of the
 * same resource (`x-read`, common/readPlan.ts) through the same preparation, token rules and sending core as
 * `send` (origin-bound token, redirects never followed, TLS verified), and prints the summary of `putDiff`. Exit
 * 1 when something would be removed or reset, or when that cannot be told, so a script can refuse the PUT.
 */
import { hasRead, noReadReason, previewPut, readRequest, selectResource } from '../../common/readPlan';
import { ConnectionPools, proxyFromEnvironment, sendRequest, type SendOptions } from '../../client/src/http';
import { loadCatalog, parseCatalogSpecs } from '../catalogs';
import { EXIT, UsageError } from '../errors';
import type { Io } from '../io';
import { oneOf, parseOptions } from '../options';
import { packageVersion } from '../paths';
import { resolveBaseUrl } from '../send/baseUrl';
import { printSent } from '../send/print';
import { caFrom, chooseRequestToken, prepareFile, REQUEST_OPTIONS, requestSettings } from '../send/setup';
import { builtinSchemeOrigins, explicitOrigins } from '../send/token';
import type { FlowRun } from '../token/flows';
import { terminalJson, terminalLine } from '../terminal';

const line = (text: string): string => `${terminalLine(text)}\n`;

export async function diffCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, REQUEST_OPTIONS);
  if (positionals.length !== 1) throw new UsageError('diff takes exactly one request file.');
  const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
  const settings = requestSettings(values, false);
  const file = positionals[0];
  const ca = caFrom(values, io);
  const tokenOrigins = explicitOrigins(values['token-origin'], io.env);
  const catalog = await loadCatalog(parseCatalogSpecs(values.catalog), io);

  const put = prepareFile(file, io, catalog, values.force === true, 'compared');
  if (typeof put === 'number') return put;
  const cannot = (reason: string): number => {
    if (format === 'json') io.out(terminalJson({ operationId: put.operationId, compared: false, reason }));
    io.err(line(`${file}: ${reason}`));
    return EXIT.failed;
  };
  const first = readRequest(put);
  if (!first.ok || !hasRead(put.read)) return cannot(first.ok ? (noReadReason(put) ?? '') : first.reason);
  const baseUrl = resolveBaseUrl(values.env, values['base-url'], first.value);
  const origins = { byScheme: builtinSchemeOrigins(catalog.all()), explicit: tokenOrigins };

  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  const run: FlowRun = {
    baseUrl,
    settings,
    env: io.env,
    origins,
    signal: controller.signal,
    ...(ca !== undefined ? { ca } : {}),
  };
  const pools = new ConnectionPools();
  try {
    const chosen = await chooseRequestToken(first.value, io, origins, run, 'compared');
    if (typeof chosen === 'number') return chosen;
    const options: SendOptions = {
      baseUrl,
      settings,
      signal: controller.signal,
      proxy: proxyFromEnvironment(io.env, new URL(baseUrl)),
      userAgent: `meeting-payloads-cli/${packageVersion()}`,
      pools,
      ...(chosen.token ? { token: chosen.token } : {}),
      ...(ca !== undefined ? { ca } : {}),
    };
    // A paged read (Huawei's room list) is followed page by page, within the bound its x-read sets.
    let request = first.value;
    let offset = 0;
    for (let page = 0; ; page++) {
      const outcome = await sendRequest(request, options);
      if (outcome.sent && format === 'text') printSent(outcome.sent, io);
      if (outcome.kind !== 'response') return cannot(`the read failed: ${outcome.message}`);
      if (outcome.status < 200 || outcome.status > 299) {
        return cannot(`the read ${request.operationId} answered ${outcome.status} ${outcome.statusText}`.trimEnd());
      }
      let answer: unknown;
      try {
        answer = JSON.parse(outcome.bodyText);
      } catch {
        return cannot(`the read ${request.operationId} answered ${outcome.status} without a JSON body`);
      }
      const found = selectResource(put, answer, offset, page);
      if (found.kind === 'missing') return cannot(found.reason);
      if (found.kind === 'next') {
        offset = found.offset;
        const next = readRequest(put, offset);
        if (!next.ok) return cannot(next.reason);
        request = next.value;
        continue;
      }
      const preview = previewPut(put, found.resource);
      if (!preview.ok) return cannot(preview.reason);
      const p = preview.value;
      if (format === 'json') {
        io.out(
          terminalJson({
            operationId: put.operationId,
            read: request.operationId,
            compared: true,
            destructive: p.destructive,
            summary: p.summary,
            changes: p.changes,
            dropped: p.dropped,
            notCompared: p.notCompared,
          }),
        );
      } else {
        io.out(line(`${put.operationId}: what the PUT changes (current state from ${request.operationId}):`));
        for (const s of p.summary) io.out(line(`  ${s}`));
        if (p.dropped.length > 0) {
          io.out(line(`note: returned by the read, not taken by the PUT: ${p.dropped.join(', ')}`));
        }
      }
      return p.destructive ? EXIT.failed : EXIT.ok;
    }
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    await pools.close();
  }
}
