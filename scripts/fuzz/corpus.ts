/**
 * Seeds for the fuzzer: the sample workspace (`examples/*.meeting.json`) and, for every operation of the
 * bundled catalog, a request file around each documented request example (path and required query
 * parameters filled from their schemas).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog } from '../../server/src/catalog/catalog';
import { addBuiltins, readBuiltinDocuments } from '../../server/src/catalog/builtin';
import type { Operation } from '../../server/src/catalog/types';
import { expand, placeholderValue } from '../../server/src/features/schemaNav';

export const ROOT = join(__dirname, '..', '..');
export const SCHEMAS_DIR = join(ROOT, 'schemas');

export function loadCatalog(): Catalog {
  const catalog = new Catalog();
  addBuiltins(catalog, readBuiltinDocuments(SCHEMAS_DIR));
  return catalog;
}

/**
 * A request file for `op` around `body` (left out when undefined): path parameters and required query
 * parameters filled from their schemas, so the envelope itself has nothing to report.
 */
export function requestFileFor(catalog: Catalog, op: Operation, body: unknown): Record<string, unknown> {
  const pathParams: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  for (const p of op.params) {
    const value = placeholderValue(catalog, expand(catalog, p.schema));
    if (p.in === 'path') pathParams[p.name] = typeof value === 'string' && value ? value : `${p.name}-1`;
    else if (p.in === 'query' && p.required) query[p.name] = value === '' ? '1' : value;
  }
  const envelope: Record<string, unknown> = { operation: op.id };
  if (Object.keys(pathParams).length) envelope.pathParams = pathParams;
  if (Object.keys(query).length) envelope.query = query;
  envelope.headers = { 'Accept-Language': 'en-US' };
  if (body !== undefined) envelope.body = body;
  return envelope;
}

export interface Corpus {
  /** Request file texts to mutate. */
  seeds: string[];
  /** Parsed forms of the seeds (undefined for seeds that are not valid JSON). */
  values: unknown[];
  /** Every operation id, method and credential header of the catalog, for the oracles. */
  operations: Map<string, { method: string; credentialHeaders: string[] }>;
  /** Property names used anywhere in the seeds, for key mutations. */
  keys: string[];
}

export function loadCorpus(): Corpus {
  const catalog = loadCatalog();
  const seeds: string[] = [];
  const examplesDir = join(ROOT, 'examples');
  for (const file of readdirSync(examplesDir).sort()) {
    if (file.endsWith('.meeting.json')) seeds.push(readFileSync(join(examplesDir, file), 'utf8'));
  }
  const operations = new Map<string, { method: string; credentialHeaders: string[] }>();
  for (const op of catalog.all()) {
    operations.set(op.id, { method: op.method, credentialHeaders: op.credentials.map((c) => c.header) });
    for (const example of op.body?.examples ?? [{ value: undefined }]) {
      const envelope = requestFileFor(catalog, op, example.value);
      seeds.push(JSON.stringify(envelope, null, 2));
      seeds.push(JSON.stringify(envelope));
    }
  }
  const values = seeds.map((s) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      return undefined;
    }
  });
  const keys = new Set<string>(['operation', 'pathParams', 'query', 'headers', 'body', '$schema']);
  const collect = (v: unknown, depth: number): void => {
    if (depth > 32 || typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) for (const item of v) collect(item, depth + 1);
    else {
      for (const [k, item] of Object.entries(v)) {
        keys.add(k);
        collect(item, depth + 1);
      }
    }
  };
  for (const v of values) collect(v, 0);
  return { seeds, values, operations, keys: [...keys].sort() };
}
