/**
 * The fuzz loop. Document `i` of a run is generated from `documentSeed(seed, i)` alone, so any document can be
 * replayed. Per document: open it (or type it: bursts of incremental changes, with requests sent while
 * typing), wait for the diagnostics of its last version, then completion, hover, code actions,
 * meeting/prepareRequest (with and without the text), sometimes outline and formatting, each at random
 * positions; check the answers against the oracles; close it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CodeActionRequest,
  CompletionRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentRangeFormattingRequest,
  DocumentSymbolRequest,
  HoverRequest,
  type CodeAction,
  type Command,
  type Diagnostic,
  type DocumentSymbol,
  type Position,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CheckResponse, PrepareRequest } from '../../common/protocol';
import { loadCorpus, type Corpus } from './corpus';
import {
  emit,
  heavyDocument,
  HEAVY_KINDS,
  mutateText,
  mutateValue,
  randomQuirks,
  typingBurst,
  type HeavyKind,
} from './mutate';
import {
  checkCodeActions,
  checkCompletion,
  checkDiagnostics,
  checkHover,
  checkPrepare,
  countSymbols,
  strictKeys,
  strictParse,
  type OracleContext,
  type StrictKeys,
} from './oracle';
import { documentSeed, Rng } from './prng';
import { inProcessTarget, stdioTarget, type Target } from './target';
import { isObj } from '../../common/json';

export interface FuzzOptions {
  seed: number;
  count: number;
  /** Index of the first document (to replay one: `start = i, count = 1`). */
  start: number;
  target: 'in-process' | 'stdio';
  serverJs: string;
  /**
   * Any single request (or diagnostics after a change) slower than this is a failure, on documents up to
   * 1 MB (the send cap); larger (heavy) documents get 1 s more per megabyte.
   */
  maxRequestMs: number;
  /** A request not answered within this is reported as unanswered (the watchdog handles a blocked loop). */
  answerTimeoutMs: number;
  /** Every n-th document is a heavy one (deep, huge, flooding); 0 for none. */
  heavyEvery: number;
  validationDelayMs: number;
  saveDir: string | undefined;
  maxFailures: number;
  progressEvery: number;
  progress: (line: string) => void;
  /** Print every request and its time. */
  trace: boolean;
  /** Called before and after every step, with the document index (for a watchdog). */
  heartbeat: (index: number) => void;
}

export interface Stat {
  count: number;
  p50: number;
  p99: number;
  max: number;
  /** The document of the slowest one. */
  maxAt: number;
}

export interface Failure {
  index: number;
  kind: string;
  problems: string[];
  saved?: string;
}

export interface FuzzSummary {
  seed: number;
  start: number;
  count: number;
  target: string;
  documents: number;
  elapsedMs: number;
  documentsPerSecond: number;
  kinds: Record<string, number>;
  requests: Record<string, Stat>;
  heavy: Array<{ index: number; kind: string; chars: number; diagnosticsMs: number; totalMs: number }>;
  /** Errors the server logged (a handler threw and runSafe caught it): bugs. */
  handlerErrors: string[];
  /** Errors logged for deliberately forged client input (diagnostics with broken `data`). */
  forgedInputErrors: number;
  uncaught: string[];
  failures: Failure[];
  down: string | undefined;
}

class Timings {
  private readonly samples = new Map<string, number[]>();
  private readonly maxAt = new Map<string, number>();

  private readonly maxes = new Map<string, number>();
  private max(method: string): number {
    return this.maxes.get(method) ?? -1;
  }

  record(method: string, ms: number, index: number): void {
    let list = this.samples.get(method);
    if (!list) this.samples.set(method, (list = []));
    list.push(ms);
    if (ms > this.max(method)) {
      this.maxes.set(method, ms);
      this.maxAt.set(method, index);
    }
  }

  summary(): Record<string, Stat> {
    const out: Record<string, Stat> = {};
    for (const [method, list] of [...this.samples].sort(([a], [b]) => a.localeCompare(b))) {
      const sorted = Float64Array.from(list).sort();
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      out[method] = {
        count: sorted.length,
        p50: round(at(0.5)),
        p99: round(at(0.99)),
        max: round(sorted[sorted.length - 1] ?? 0),
        maxAt: this.maxAt.get(method) ?? -1,
      };
    }
    return out;
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;

class TimeoutError extends Error {}

export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const corpus = loadCorpus();
  const timings = new Timings();
  const failures: Failure[] = [];
  const handlerErrors: string[] = [];
  const uncaught: string[] = [];
  const heavy: FuzzSummary['heavy'] = [];
  const kinds: Record<string, number> = {};
  let forgedInputErrors = 0;
  let expectErrors = false;

  const onUncaught = (err: unknown) => uncaught.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);

  const target: Target =
    options.target === 'stdio'
      ? await stdioTarget(options.serverJs, options.validationDelayMs)
      : await inProcessTarget(options.validationDelayMs);
  let maxDiagnostics = 100;

  // Diagnostics waiters, by uri and version.
  const waiters = new Map<string, { version: number; resolve: (p: PublishDiagnosticsParams) => void }>();
  target.onDiagnostics((p) => {
    const w = waiters.get(p.uri);
    if (w && p.version === w.version) {
      waiters.delete(p.uri);
      w.resolve(p);
    }
  });
  let logSeen = 0;
  const drainLogs = () => {
    for (; logSeen < target.logs.length; logSeen++) {
      const entry = target.logs[logSeen];
      if (entry.type !== 1) continue;
      if (expectErrors) forgedInputErrors++;
      else if (handlerErrors.length < 50) handlerErrors.push(entry.message.slice(0, 2000));
    }
  };

  const started = performance.now();
  let documents = 0;
  let index = options.start;
  let current = { index, problems: [] as string[], boundMs: options.maxRequestMs };

  function bounded<T>(what: string, p: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new TimeoutError(`${what}: no answer within ${options.answerTimeoutMs} ms`)),
        options.answerTimeoutMs,
      );
      p.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }

  async function timed<T>(method: string, send: () => Promise<T>): Promise<T> {
    options.heartbeat(current.index);
    const t0 = performance.now();
    if (options.trace) options.progress(`#${current.index} ${method}…`);
    const result = await bounded(method, send());
    const ms = performance.now() - t0;
    if (options.trace) options.progress(`#${current.index} ${method} ${Math.round(ms)} ms`);
    timings.record(method, ms, current.index);
    if (ms > current.boundMs) {
      current.problems.push(`${method} took ${Math.round(ms)} ms (bound ${current.boundMs} ms)`);
    }
    options.heartbeat(current.index);
    return result;
  }

  function waitDiagnostics(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => waiters.set(uri, { version, resolve }));
  }

  for (; index < options.start + options.count; index++) {
    if (failures.length >= options.maxFailures || target.down() || uncaught.length > 0) break;
    current = { index, problems: [], boundMs: options.maxRequestMs };
    const rng = new Rng(documentSeed(options.seed, index));
    const heavyKind: HeavyKind | undefined =
      options.heavyEvery > 0 && index % options.heavyEvery === options.heavyEvery - 1
        ? HEAVY_KINDS[Math.floor(index / options.heavyEvery) % HEAVY_KINDS.length]
        : undefined;
    const kind = heavyKind
      ? 'heavy'
      : rng.weighted([
          ['mutant', 55],
          ['typing', 25],
          ['structural', 15],
          ['seed', 5],
        ] as const);
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    const t0 = performance.now();
    let text = '';
    const edits: unknown[] = [];
    try {
      text = heavyKind ? heavyDocument(heavyKind) : generate(rng, kind, corpus);
      // Up to 1 MB (the send cap) a request gets --max-ms; a larger document 1 s more per megabyte.
      current.boundMs = options.maxRequestMs + Math.round(Math.max(0, text.length / 1e6 - 1) * 1000);
      const result = await fuzzDocument(rng, kind, text, edits);
      text = result.text;
      if (heavyKind) {
        heavy.push({
          index,
          kind: heavyKind,
          chars: text.length,
          diagnosticsMs: round(result.diagnosticsMs),
          totalMs: round(performance.now() - t0),
        });
      }
    } catch (err) {
      current.problems.push(err instanceof Error ? err.message : String(err));
    }
    drainLogs();
    if (target.down()) current.problems.push(`server down: ${target.down()}`);
    if (current.problems.length > 0) {
      const failure: Failure = {
        index,
        kind: heavyKind ?? kind,
        problems: [...new Set(current.problems)].slice(0, 10),
      };
      if (options.saveDir) failure.saved = save(options.saveDir, options.seed, index, failure, text, edits);
      failures.push(failure);
      options.progress(`FAIL document ${index} (${failure.kind}): ${failure.problems.join('; ')}`);
    }
    documents++;
    if (options.progressEvery > 0 && documents % options.progressEvery === 0) {
      const s = (performance.now() - started) / 1000;
      options.progress(
        `${documents}/${options.count} documents, ${Math.round(documents / s)}/s, ${failures.length} failures, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`,
      );
    }
  }

  async function fuzzDocument(
    rng: Rng,
    kind: string,
    initialText: string,
    edits: unknown[],
  ): Promise<{ text: string; diagnosticsMs: number }> {
    const uri = `file:///fuzz/${current.index}.meeting.json`;
    let doc = TextDocument.create(uri, 'meeting-json', 1, initialText);
    if (rng.chance(0.01)) {
      maxDiagnostics = rng.pick([1, 5, 100, 1000]);
      target.settings = {
        validation: { unknownBodyFields: rng.pick(['error', 'warning', 'off']), maxDiagnostics },
      };
      await target.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    }
    const pending: Array<Promise<unknown>> = [];
    let t0 = performance.now();
    let published = waitDiagnostics(uri, 1);
    await target.client.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'meeting-json', version: 1, text: initialText },
    });
    if (kind === 'typing') {
      // Some typing starts only after the first diagnostics, some right away.
      if (rng.chance(0.5)) await bounded('diagnostics after open', published);
      const bursts = rng.range(1, 6);
      for (let b = 0; b < bursts; b++) {
        for (const edit of typingBurst(rng, doc.getText(), corpus.seeds)) {
          edits.push(edit);
          const change: TextDocumentContentChangeEvent =
            'full' in edit
              ? { text: edit.full }
              : {
                  range: { start: doc.positionAt(edit.start), end: doc.positionAt(edit.end) },
                  text: edit.text,
                };
          doc = TextDocument.update(doc, [change], doc.version + 1);
          // Wait for the newest version only (registered before sending: the answer can be quick).
          published = waitDiagnostics(uri, doc.version);
          await target.client.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version: doc.version },
            contentChanges: [change],
          });
          if (rng.chance(0.05)) {
            // A request while typing, answered against whatever version the server has.
            const position = randomPosition(rng, doc);
            pending.push(
              timed('completion', () =>
                target.client.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }),
              ),
            );
          }
        }
        if (rng.chance(0.3)) await new Promise((r) => setTimeout(r, rng.int(15)));
      }
      t0 = performance.now();
    }
    options.heartbeat(current.index);
    if (options.trace) options.progress(`#${current.index} diagnostics of version ${doc.version}…`);
    const diagnostics = (await bounded(`diagnostics of version ${doc.version}`, published)).diagnostics;
    const diagnosticsMs = performance.now() - t0;
    if (options.trace) options.progress(`#${current.index} diagnostics ${Math.round(diagnosticsMs)} ms`);
    timings.record('diagnostics', diagnosticsMs, current.index);
    if (diagnosticsMs > current.boundMs) {
      current.problems.push(`diagnostics took ${Math.round(diagnosticsMs)} ms (bound ${current.boundMs} ms)`);
    }
    await Promise.all(pending);

    const text = doc.getText();
    let keys: StrictKeys | undefined;
    const ctx: OracleContext = {
      text,
      parsed: strictParse(text),
      keys: () => (keys ??= strictKeys(text)),
      operations: corpus.operations,
    };
    current.problems.push(...checkDiagnostics(ctx, doc, diagnostics, maxDiagnostics));

    for (let n = rng.range(1, 3); n > 0; n--) {
      const position = randomPosition(rng, doc);
      const r = await timed('completion', () =>
        target.client.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }),
      );
      const items = Array.isArray(r) ? r : (r?.items ?? []);
      current.problems.push(...checkCompletion(items));
    }
    for (let n = rng.range(1, 3); n > 0; n--) {
      const position = randomPosition(rng, doc);
      const h = await timed('hover', () =>
        target.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position }),
      );
      current.problems.push(...checkHover(h));
    }
    const chosen = diagnostics.filter(() => rng.chance(0.7));
    const range = chosen[0]?.range ?? { start: randomPosition(rng, doc), end: randomPosition(rng, doc) };
    const actions: Array<CodeAction | Command> | null = await timed('codeAction', () =>
      target.client.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range,
        context: { diagnostics: chosen },
      }),
    );
    current.problems.push(
      ...checkCodeActions(
        doc,
        (actions ?? []).filter((a): a is CodeAction => 'title' in a && 'edit' in a),
      ),
    );

    const withText = await timed('prepareRequest', () => target.client.sendRequest(PrepareRequest.type, { uri, text }));
    current.problems.push(...checkPrepare(ctx, withText));
    if (kind === 'typing' || rng.chance(0.2)) {
      // The server's copy of the document (built from incremental changes) must be the client's.
      const own = await timed('prepareRequest', () => target.client.sendRequest(PrepareRequest.type, { uri }));
      if (JSON.stringify(own) !== JSON.stringify(withText)) {
        current.problems.push("prepareRequest of the server's copy differs from the client's text (incremental sync)");
      }
    }
    if (rng.chance(0.15) || kind === 'heavy') {
      const symbols = await timed('documentSymbol', () =>
        target.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }),
      );
      if (countSymbols(symbols as DocumentSymbol[] | null) > 5000) current.problems.push('more than 5000 symbols');
    }
    if (rng.chance(0.1) || kind === 'heavy') {
      await timed('formatting', () =>
        target.client.sendRequest(DocumentFormattingRequest.type, {
          textDocument: { uri },
          options: { tabSize: rng.pick([2, 4]), insertSpaces: rng.chance(0.8) },
        }),
      );
    }
    if (rng.chance(0.05)) {
      await timed('rangeFormatting', () =>
        target.client.sendRequest(DocumentRangeFormattingRequest.type, {
          textDocument: { uri },
          range: { start: randomPosition(rng, doc), end: randomPosition(rng, doc) },
          options: { tabSize: 2, insertSpaces: true },
        }),
      );
    }
    if (kind === 'heavy') {
      // A hostile API server's response body is as untrusted as a customer's file.
      await timed('checkResponse', () =>
        target.client.sendRequest(CheckResponse.type, {
          operationId: rng.pick([...corpus.operations.keys()]),
          status: 200,
          body: text,
          truncated: false,
        }),
      );
    } else if (
      rng.chance(0.05) &&
      ctx.parsed.ok &&
      isObj(ctx.parsed.value) &&
      typeof ctx.parsed.value.operation === 'string'
    ) {
      // The response check takes a server's answer: give it this document as a response body.
      await timed('checkResponse', () =>
        target.client.sendRequest(CheckResponse.type, {
          operationId: String((ctx.parsed as { value: Record<string, unknown> }).value.operation),
          status: rng.pick([200, 204, 400, 401, 429, 500, 999, -1]),
          body: rng.chance(0.5) ? text : text.slice(0, rng.int(text.length + 1)),
          truncated: rng.chance(0.2),
        }),
      );
    }
    if (rng.chance(0.03)) await forgedRequests(rng, uri, doc);
    drainLogs();
    await target.client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    return { text, diagnosticsMs };
  }

  /** Client input no real editor sends: diagnostics with broken `data`, positions outside the document, unknown documents. */
  async function forgedRequests(rng: Rng, uri: string, doc: TextDocument): Promise<void> {
    drainLogs();
    expectErrors = true;
    try {
      const forged: Diagnostic[] = [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
          message: 'forged',
          source: 'meeting-payloads',
          data: rng.pick([
            null,
            { fixes: 'x' },
            { fixes: [null] },
            { fixes: [{ kind: 'set', path: null, title: 't', value: 1 }] },
            { fixes: [{ kind: 'add', path: ['body'], title: 't', properties: null }] },
            { fixes: [{ kind: 'remove', path: Array.from({ length: 10_000 }, () => 'a'), title: 't' }] },
            { fixes: [{ kind: 'set', path: ['__proto__', 'x'], title: 't', value: { a: 1 } }] },
          ]),
        },
      ];
      await timed('codeAction', () =>
        target.client.sendRequest(CodeActionRequest.type, {
          textDocument: { uri },
          range: forged[0].range,
          context: { diagnostics: forged },
        }),
      );
      const odd: Position[] = [
        { line: doc.lineCount + 10, character: 0 },
        { line: 0, character: 1e9 },
        { line: 2 ** 31 - 1, character: 2 ** 31 - 1 },
      ];
      for (const position of odd) {
        await timed('hover', () => target.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position }));
        await timed('completion', () =>
          target.client.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }),
        );
      }
      const unknown = 'file:///fuzz/not-open.meeting.json';
      await timed('hover', () =>
        target.client.sendRequest(HoverRequest.type, {
          textDocument: { uri: unknown },
          position: { line: 0, character: 0 },
        }),
      );
      await timed('prepareRequest', () => target.client.sendRequest(PrepareRequest.type, { uri: unknown }));
      drainLogs();
    } finally {
      expectErrors = false;
    }
  }

  drainLogs();
  const down = target.down();
  await target.dispose();
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
  const elapsedMs = performance.now() - started;
  return {
    seed: options.seed,
    start: options.start,
    count: options.count,
    target: target.kind,
    documents,
    elapsedMs: Math.round(elapsedMs),
    documentsPerSecond: Math.round((documents / elapsedMs) * 1000 * 10) / 10,
    kinds,
    requests: timings.summary(),
    heavy,
    handlerErrors,
    forgedInputErrors,
    uncaught,
    failures,
    down,
  };
}

function generate(rng: Rng, kind: string, corpus: Corpus): string {
  const i = rng.int(corpus.seeds.length);
  const seedText = corpus.seeds[i];
  const value = corpus.values[i];
  switch (kind) {
    case 'seed':
      return seedText;
    case 'structural':
      return value === undefined ? seedText : emit(rng, mutateValue(rng, value, corpus.keys), randomQuirks(rng));
    default: {
      let text =
        value !== undefined && rng.chance(0.5)
          ? emit(rng, rng.chance(0.5) ? mutateValue(rng, value, corpus.keys) : value, randomQuirks(rng))
          : seedText;
      if (kind === 'typing' && rng.chance(0.5)) return text;
      for (
        let n = rng.weighted([
          [0, 1],
          [1, 5],
          [2, 3],
          [3, 2],
          [6, 1],
        ] as const);
        n > 0;
        n--
      ) {
        text = mutateText(rng, text, corpus.seeds);
      }
      return text;
    }
  }
}

function randomPosition(rng: Rng, doc: TextDocument): Position {
  if (rng.chance(0.03)) return { line: doc.lineCount + rng.int(3), character: rng.int(100) };
  return doc.positionAt(rng.int(doc.getText().length + 1));
}

function save(dir: string, seed: number, index: number, failure: Failure, text: string, edits: unknown[]): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `fuzz-${seed}-${index}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        replay: `node scripts/fuzz.mjs --seed ${seed} --start ${index} --count 1`,
        ...failure,
        text: text.length <= 1_000_000 ? text : `${text.slice(0, 1000)}… (${text.length} characters)`,
        edits: edits.slice(0, 500),
      },
      null,
      2,
    ),
  );
  return file;
}
