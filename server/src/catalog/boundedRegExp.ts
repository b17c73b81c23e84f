/**
 * The regular-expression engine ajv uses for `pattern` and `patternProperties`: the second line behind the
 * ReDoS guard of user catalogs. Patterns of the bundled catalog (vetted by its tests) and patterns the fast
 * path proves linear run as plain RegExps. Every other pattern — a user catalog's, that recheck called safe —
 * runs in a worker thread, and the validating thread waits at most {@link USER_CATALOG_LIMITS.matchTimeoutMs}
 * for each match. A match that takes longer ends the worker; the pattern is then no longer checked (the value
 * is accepted, as when the guard cuts a pattern out) and the validation that met it says so.
 */
import { Worker } from 'node:worker_threads';
import type { RegExpEngine, RegExpLike } from 'ajv/dist/types';
import { obviouslyLinear, USER_CATALOG_LIMITS } from './userCatalogLimits';

/** Slots of the shared state: the match result, and whether the worker is ready. */
const RESULT = 0;
const READY = 1;
const MATCHED = 1;
const NOT_MATCHED = 2;
/** Starting a worker thread is not part of a match's time, but is bounded too. */
const START_TIMEOUT_MS = 10_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const state = new Int32Array(workerData);
const compiled = new Map();
parentPort.on('message', ({ source, flags, text }) => {
  let re = compiled.get(source);
  if (!re) compiled.set(source, (re = new RegExp(source, flags)));
  Atomics.store(state, ${RESULT}, re.test(text) ? ${MATCHED} : ${NOT_MATCHED});
  Atomics.notify(state, ${RESULT});
});
Atomics.store(state, ${READY}, 1);
Atomics.notify(state, ${READY});
`;

interface MatchWorker {
  worker: Worker;
  state: Int32Array;
}
let current: MatchWorker | undefined;

function matchWorker(): MatchWorker | undefined {
  if (current) return current;
  const state = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: state.buffer });
  worker.unref();
  worker.on('error', () => {
    if (current?.worker === worker) current = undefined;
  });
  if (Atomics.wait(state, READY, 0, START_TIMEOUT_MS) === 'timed-out') {
    void worker.terminate();
    return undefined;
  }
  current = { worker, state };
  return current;
}

/** Sources of the bundled catalog's patterns: run as they are. */
const trusted = new Set<string>();
/** Patterns that took too long once: never run again in this process. */
const givenUp = new Set<string>();
/** The patterns not checked during the current {@link uncheckedPatternsDuring}. */
let unchecked: Set<string> | undefined;

/** Every `pattern` and `patternProperties` source of a document. */
export function patternsOf(doc: unknown): string[] {
  const found: string[] = [];
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'pattern' && typeof value === 'string') found.push(value);
      if (key === 'patternProperties' && typeof value === 'object' && value !== null) found.push(...Object.keys(value));
      stack.push(value);
    }
  }
  return found;
}

/** Marks pattern sources of the bundled catalog as vetted (`patternsOf` its documents, found at build time). */
export function trustPatterns(sources: readonly string[]): void {
  for (const source of sources) trusted.add(source);
}

/** Marks every `pattern` and `patternProperties` source of a bundled catalog document as vetted. */
export function trustPatternsOf(doc: unknown): void {
  trustPatterns(patternsOf(doc));
}

/** Runs `validate` and tells which patterns it could not check in time (or had given up on before). */
export function uncheckedPatternsDuring<T>(validate: () => T): { result: T; unchecked: string[] } {
  const outer = unchecked;
  unchecked = new Set();
  try {
    const result = validate();
    return { result, unchecked: [...unchecked] };
  } finally {
    unchecked = outer;
  }
}

class BoundedRegExp implements RegExpLike {
  constructor(
    private readonly source: string,
    private readonly flags: string,
  ) {
    new RegExp(source, flags); // an invalid pattern fails to compile here, as with ajv's own engine
  }

  test(text: string): boolean {
    if (!givenUp.has(this.source)) {
      const w = matchWorker();
      if (w) {
        Atomics.store(w.state, RESULT, 0);
        w.worker.postMessage({ source: this.source, flags: this.flags, text });
        if (Atomics.wait(w.state, RESULT, 0, USER_CATALOG_LIMITS.matchTimeoutMs) !== 'timed-out') {
          return Atomics.load(w.state, RESULT) === MATCHED;
        }
        void w.worker.terminate();
        if (current === w) current = undefined;
      }
      givenUp.add(this.source);
    }
    unchecked?.add(this.source);
    return true;
  }

  toString(): string {
    return `/${this.source}/${this.flags}`;
  }
}

export const boundedRegExp: RegExpEngine = Object.assign(
  (source: string, flags: string): RegExpLike =>
    trusted.has(source) || obviouslyLinear(source) ? new RegExp(source, flags) : new BoundedRegExp(source, flags),
  { code: 'boundedRegExp' },
);
