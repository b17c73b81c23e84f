/**
 * The differential oracle: for every operation of the bundled catalog and of a user catalog, bodies drawn from
 * the schema (valid ones, and ones with one known mutation each) are checked by our validator — `analyze()` on
 * the whole request file, as the editor, `validate` and `import-curl` do — and by an independent JSON Schema
 * 2020-12 implementation on the raw OpenAPI document. Every case must pass four checks:
 *
 * - `verdict`: we report an error exactly when the independent validator rejects the body;
 * - `at-path`: a mutation the independent validator rejects is reported at the mutated value (or key), and the
 *   problem's range lies inside it;
 * - `undocumented`: no "not documented" report names a property the schema declares at that place;
 * - `located`: every body error we report stands where the independent validator also finds one, and nothing
 *   else (no envelope problem, no other warning) is reported on a generated file.
 *
 * Document `i` of a run depends on `(seed, i)` alone (scripts/fuzz/prng.ts), so every disagreement replays.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { Catalog } from '../../server/src/catalog/catalog';
import { addBuiltins, readBuiltinDocuments } from '../../server/src/catalog/builtin';
import type { Operation } from '../../server/src/catalog/types';
import { loadUserCatalog } from '../../server/src/catalog/userCatalog';
import { analyze, type PlacedProblem } from '../../server/src/features/analyze';
import { pathKey, type JsonPath } from '../../server/src/features/locate';
import { DEFAULT_SERVER_SETTINGS, type UnknownFieldSeverity } from '../../common/settings';
import { requestFileFor, ROOT, SCHEMAS_DIR } from './corpus';
import { IndependentValidator, locationKey, pointerFrom } from './independent';
import { documentSeed, Rng } from './prng';
import { documents, SchemaGenerator, type Site } from './schemaGen';
import { INVALIDATING, pickMutations, valueAt, type Mutation } from './schemaMutations';
import { isObj } from '../../common/json';

/** The user catalog of the run: request bodies behind `$ref`, `allOf`, `anyOf`, `oneOf` and `if`/`then`/`else`. */
export const USER_FIXTURE = join(ROOT, 'test', 'fixtures', 'combinators.openapi.json');
const USER_CATALOG_NAME = 'oracle';

export interface OracleOperation {
  op: Operation;
  /** The body schema's pointer in the raw OpenAPI document. */
  pointer: string;
  independent: IndependentValidator;
  generator: SchemaGenerator;
}

export interface OracleTarget {
  catalog: Catalog;
  operations: OracleOperation[];
}

type Obj = Record<string, unknown>;

/** The bundled catalog plus the user-catalog fixture, each operation with the raw schema it is judged by. */
export function loadTarget(userFixture = USER_FIXTURE): OracleTarget {
  const catalog = new Catalog();
  addBuiltins(catalog, readBuiltinDocuments(SCHEMAS_DIR));
  const raw: Array<{ source: string; doc: unknown }> = readBuiltinDocuments(SCHEMAS_DIR).map((d) => ({
    source: 'builtin',
    doc: d.doc,
  }));
  const text = readFileSync(userFixture, 'utf8');
  const user = loadUserCatalog(USER_CATALOG_NAME, text, userFixture);
  if ('error' in user) throw new Error(`the oracle's user catalog does not load: ${user.error}`);
  catalog.add(user.loaded, USER_CATALOG_NAME);
  if (catalog.problems.length > 0) throw new Error(`catalog problems: ${JSON.stringify(catalog.problems)}`);
  raw.push({ source: USER_CATALOG_NAME, doc: JSON.parse(text) });

  const operations: OracleOperation[] = [];
  raw.forEach(({ source, doc }, n) => {
    const independent = new IndependentValidator(doc as Obj, `https://oracle.invalid/${n}`);
    const generator = new SchemaGenerator(doc, independent);
    for (const op of catalog.all()) {
      if (op.source !== source || !op.body) continue;
      const pointer = bodyPointer(doc, op);
      if (pointer) operations.push({ op, pointer, independent, generator });
    }
  });
  return { catalog, operations };
}

/** `#/paths/~1rooms~1{roomId}/put/requestBody/content/application~1json/schema`, when the document has it. */
function bodyPointer(doc: unknown, op: Operation): string | undefined {
  const paths = isObj(doc) && isObj(doc.paths) ? doc.paths : {};
  const item = paths[op.path];
  const operation = isObj(item) ? item[op.method.toLowerCase()] : undefined;
  const body = isObj(operation) ? operation.requestBody : undefined;
  const content = isObj(body) && isObj(body.content) ? body.content : {};
  const media = Object.keys(content).find((type) => /^application\/([\w.+-]+\+)?json\b/i.test(type));
  if (!media) return undefined;
  const methodPointer = pointerFrom('#/paths', op.path, op.method.toLowerCase());
  return pointerFrom(methodPointer, 'requestBody', 'content', media, 'schema');
}

export type CheckName = 'verdict' | 'at-path' | 'undocumented' | 'located' | 'generator';

export interface Disagreement {
  check: CheckName;
  operation: string;
  /** The mutation (`kind: note` at `path`), or `valid` for an unmutated body. */
  mutation: string;
  detail: string;
  unknownFields: UnknownFieldSeverity;
  /** Which document of the run: replay with `--start index --count 1`. */
  index: number;
  body: unknown;
}

export interface DifferentialOptions {
  seed: number;
  start: number;
  count: number;
  /** Mutations tried per generated body. */
  mutationsPerBody: number;
}

export interface DifferentialSummary {
  seed: number;
  start: number;
  /** Bodies generated (one per document index). */
  bodies: number;
  /** Request files analysed: every body and every mutation. */
  cases: number;
  /** Mutations by kind, and how many of the invalidating ones the independent validator still accepted. */
  mutations: Record<string, number>;
  acceptedMutations: number;
  /** Bodies the generator could not make valid (reported as `generator` disagreements past 5 %). */
  generatorMisses: number;
  disagreements: Disagreement[];
  elapsedMs: number;
}

/** Runs documents `start … start+count-1` of a run. */
export function runDifferential(target: OracleTarget, options: DifferentialOptions): DifferentialSummary {
  const started = Date.now();
  const summary: DifferentialSummary = {
    seed: options.seed,
    start: options.start,
    bodies: 0,
    cases: 0,
    mutations: {},
    acceptedMutations: 0,
    generatorMisses: 0,
    disagreements: [],
    elapsedMs: 0,
  };
  for (let index = options.start; index < options.start + options.count; index++) {
    const rng = new Rng(documentSeed(options.seed, index));
    const subject = target.operations[index % target.operations.length];
    const generated = subject.generator.generate([subject.pointer], rng);
    summary.bodies++;
    if (!generated.ok) {
      summary.generatorMisses++;
      continue;
    }
    const cases: Array<Mutation | undefined> = [
      undefined,
      ...pickMutations(generated.value, generated.sites, rng, options.mutationsPerBody),
    ];
    for (const mutation of cases) {
      if (mutation) summary.mutations[mutation.kind] = (summary.mutations[mutation.kind] ?? 0) + 1;
      const body = mutation ? mutation.body : generated.value;
      const unknownFields = rng.pick(UNKNOWN_FIELD_SETTINGS);
      const result = checkCase(target.catalog, subject, body, generated.sites, mutation, {
        indent: rng.chance(0.5) ? 2 : 0,
        unknownFields,
      });
      summary.cases++;
      if (result.accepted) summary.acceptedMutations++;
      for (const d of result.disagreements) {
        summary.disagreements.push({
          ...d,
          operation: subject.op.id,
          mutation: mutation ? `${mutation.kind}: ${mutation.note} at ${pathText(mutation.path)}` : 'valid',
          unknownFields,
          index,
          body,
        });
      }
    }
  }
  if (summary.generatorMisses > summary.bodies * 0.05) {
    summary.disagreements.push({
      check: 'generator',
      operation: '*',
      mutation: '-',
      unknownFields: 'warning',
      detail: `${summary.generatorMisses} of ${summary.bodies} generated bodies were not valid: the generator misses the schemas`,
      index: -1,
      body: undefined,
    });
  }
  summary.elapsedMs = Date.now() - started;
  return summary;
}

interface CaseResult {
  disagreements: Array<{ check: CheckName; detail: string }>;
  /** An invalidating mutation the independent validator accepted (nothing to find at its path). */
  accepted: boolean;
}

/** The setting `meetingPayloads.validation.unknownBodyFields`, drawn per case: the default twice as often. */
const UNKNOWN_FIELD_SETTINGS: UnknownFieldSeverity[] = ['warning', 'warning', 'error', 'off'];

export interface CaseOptions {
  /** `JSON.stringify` indentation of the request file (0: one line). */
  indent: number;
  unknownFields: UnknownFieldSeverity;
}

export function checkCase(
  catalog: Catalog,
  subject: OracleOperation,
  body: unknown,
  sites: Site[],
  mutation: Mutation | undefined,
  options: CaseOptions,
): CaseResult {
  const text = JSON.stringify(requestFileFor(catalog, subject.op, body), null, options.indent);
  const settings = { ...DEFAULT_SERVER_SETTINGS, unknownBodyFields: options.unknownFields };
  const ours = analyze(text, catalog, settings).problems;
  const theirs = subject.independent.verdict(subject.pointer, body);
  const out: CaseResult = { disagreements: [], accepted: false };
  const fail = (check: CheckName, detail: string) => out.disagreements.push({ check, detail });
  // An undocumented property is an error only by the setting: the independent validator knows nothing of it.
  const errors = ours.filter((p) => p.severity === 'error' && p.code !== 'unknown-property');

  if (errors.length > 0 === theirs.valid) {
    fail(
      'verdict',
      theirs.valid
        ? `we report ${describe(errors, text)}; the independent validator accepts the body`
        : `we report no error; the independent validator rejects the body at ${[...theirs.locations].join(', ')}`,
    );
  }

  const tree = parseTree(text);
  if (mutation && (mutation.kind === 'unknown-key' || (INVALIDATING.has(mutation.kind) && !theirs.valid))) {
    const problem = expectedProblem(ours, mutation, text, tree, theirs.valid ? options.unknownFields : 'error');
    if (problem) fail('at-path', problem);
  } else if (mutation && INVALIDATING.has(mutation.kind)) out.accepted = true;

  const declaredAt = new Map(sites.map((s) => [pathKey(s.path), s]));
  for (const p of ours) {
    const inBody = p.path?.[0] === 'body';
    const rel = inBody ? p.path!.slice(1) : [];
    if (p.code === 'unknown-property' && inBody) {
      const name = String(rel[rel.length - 1]);
      const parent = rel.slice(0, -1);
      const injected = mutation?.kind === 'unknown-key' && pathKey(parent) === pathKey(mutation.path);
      if (injected && name === mutation.key) continue;
      const site = declaredAt.get(pathKey(parent));
      fail(
        'undocumented',
        site && documents(site, name)
          ? `"${name}" is reported as not documented at ${pathText(parent)}, where the schema declares it: ${p.message}`
          : `"${name}" is reported as not documented at ${pathText(parent)}, a key the generator did not write: ${p.message}`,
      );
      continue;
    }
    if (!inBody) {
      // The one envelope report a generated file may get: the vendor deprecated the operation itself.
      if (p.code === 'deprecated-operation' && subject.op.deprecated) continue;
      fail('located', `a problem outside the body: ${describe([p], text)}`);
    } else if (p.severity === 'error' && !theirs.locations.has(locationKey(rel))) {
      fail('located', `we report ${describe([p], text)} where the independent validator finds nothing`);
    } else if (p.code === 'deprecated' && !declaredAt.get(pathKey(rel))?.view.deprecated) {
      fail('located', `a property the schema does not deprecate is reported as deprecated: ${describe([p], text)}`);
    } else if (p.severity !== 'error' && p.code !== 'deprecated') {
      fail('located', `an unexpected ${p.severity}: ${describe([p], text)}`);
    }
  }
  if (!mutation) {
    // Every deprecated property a valid body uses is reported, where it stands.
    for (const site of sites) {
      if (!site.view.deprecated || site.path.length === 0) continue;
      const path = ['body', ...site.path];
      if (!ours.some((p) => p.code === 'deprecated' && p.path && pathKey(p.path) === pathKey(path))) {
        fail('located', `deprecated "${pathText(site.path)}" is not reported as deprecated`);
      }
    }
  }
  return out;
}

/** What is wrong with how a mutation was reported, or undefined when it was reported at its place. */
function expectedProblem(
  ours: PlacedProblem[],
  m: Mutation,
  text: string,
  tree: Node | undefined,
  /** How an added key must be reported: as the setting says, or as an error where the schema forbids it. */
  unknownKey: UnknownFieldSeverity,
): string | undefined {
  const at = (path: JsonPath) => (p: PlacedProblem) => p.path !== undefined && pathKey(p.path) === pathKey(path);
  const objectPath: JsonPath = ['body', ...m.path];
  if (m.kind === 'missing-required') {
    // Left empty, an object matches no branch of an `anyOf` better than another: any missing property will do.
    const emptied = Object.keys(valueAt(m.body, m.path) ?? {}).length === 0;
    const names = (p: PlacedProblem) => emptied || p.message.includes(`"${m.key}"`);
    const hit = ours.find((p) => at(objectPath)(p) && p.code === 'required' && names(p));
    if (!hit) return `no "required" problem for "${m.key}" at ${pathText(m.path)}; we report ${describe(ours, text)}`;
    return insideValueOrKey(hit, findNodeAtLocation(tree!, objectPath), text);
  }
  if (m.kind === 'unknown-key') {
    const hit = ours.find(at([...objectPath, m.key!]));
    if (unknownKey === 'off') {
      return hit ? `"${m.key}" is reported with the setting off: ${describe([hit], text)}` : undefined;
    }
    if (!hit) return `"${m.key}" added at ${pathText(m.path)} is not reported; we report ${describe(ours, text)}`;
    const node = findNodeAtLocation(tree!, [...objectPath, m.key!])?.parent?.children?.[0];
    if (hit.severity !== unknownKey || (hit.code !== 'unknown-property' && hit.code !== 'additional-property')) {
      return `"${m.key}" should be reported as an ${unknownKey}, not as ${describe([hit], text)}`;
    }
    return inside(hit, node, text, 'the key');
  }
  const hit = ours.find((p) => at(objectPath)(p) && p.severity === 'error');
  if (!hit) return `nothing reported at ${pathText(m.path)}; we report ${describe(ours, text)}`;
  return insideValueOrKey(hit, findNodeAtLocation(tree!, objectPath), text);
}

/** A problem about a value may underline the value or, as for a missing property, the value's key. */
function insideValueOrKey(p: PlacedProblem, node: Node | undefined, text: string): string | undefined {
  const key = node?.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  if (!inside(p, node, text, '') || (key && !inside(p, key, text, ''))) return undefined;
  return inside(p, node, text, 'the mutated value or its key');
}

function inside(p: PlacedProblem, node: Node | undefined, text: string, what: string): string | undefined {
  if (node && p.offset >= node.offset && p.offset + p.length <= node.offset + node.length) return undefined;
  return `${p.code} underlines ${JSON.stringify(text.slice(p.offset, p.offset + p.length))}, not ${what}`;
}

function describe(problems: PlacedProblem[], text: string): string {
  if (problems.length === 0) return 'nothing';
  return problems
    .slice(0, 6)
    .map(
      (p) =>
        `${p.severity} ${p.code} at ${pathText(p.path ?? [])} (${JSON.stringify(text.slice(p.offset, p.offset + p.length).slice(0, 40))}): ${p.message}`,
    )
    .join(' | ');
}

export const pathText = (path: JsonPath): string =>
  path.length === 0
    ? 'the body'
    : path
        .map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`))
        .join('')
        .slice(1);

/** Disagreements grouped by check, operation and mutation kind: one class per distinct bug, with its first case. */
export function classes(disagreements: Disagreement[]): Array<{ key: string; count: number; first: Disagreement }> {
  const byKey = new Map<string, { key: string; count: number; first: Disagreement }>();
  for (const d of disagreements) {
    const key = `${d.check} | ${d.operation} | ${d.mutation.split(':')[0]}`;
    const entry = byKey.get(key);
    if (entry) entry.count++;
    else byKey.set(key, { key, count: 1, first: d });
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count);
}

/** The run in words: counts, then every class of disagreement with its first case and how to replay it. */
export function report(s: DifferentialSummary): string {
  const replay = (index: number) => `node scripts/fuzz.mjs --differential --seed ${s.seed} --start ${index} --count 1`;
  const lines = [
    `differential: ${s.bodies} bodies, ${s.cases} request files (seed ${s.seed}, from ${s.start}) in ${(s.elapsedMs / 1000).toFixed(1)} s`,
    `mutations: ${Object.entries(s.mutations)
      .map(([k, n]) => `${k} ${n}`)
      .join(
        ', ',
      )}; accepted by the independent validator anyway: ${s.acceptedMutations}; generator misses: ${s.generatorMisses}`,
    `disagreements: ${s.disagreements.length}`,
  ];
  for (const c of classes(s.disagreements)) {
    lines.push(`  ${c.count} × ${c.key}`);
    lines.push(`      ${c.first.mutation} (unknownBodyFields ${c.first.unknownFields}): ${c.first.detail}`);
    if (c.first.index >= 0) {
      lines.push(`      body: ${JSON.stringify(c.first.body)}`);
      lines.push(`      replay: ${replay(c.first.index)}`);
    }
  }
  return lines.join('\n');
}
