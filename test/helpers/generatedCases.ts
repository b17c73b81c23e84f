/**
 * Request files with generated bodies, for holding the LSP and `validate` to an independent validator: the
 * differential oracle's generator (`scripts/fuzz/schemaGen.ts`, seeded) draws a body for each operation of the
 * bundled catalog, kept only once @cfworker/json-schema accepts it on the raw OpenAPI document; its known
 * mutations (`scripts/fuzz/schemaMutations.ts`) make invalid ones, judged by the same validator, which names the
 * places it rejects.
 */
import { findNodeAtOffset, getNodePath, parseTree } from 'jsonc-parser';
import { loadTarget } from '../../scripts/fuzz/differential';
import { requestFileFor } from '../../scripts/fuzz/corpus';
import { documentSeed, Rng } from '../../scripts/fuzz/prng';
import { INVALIDATING, pickMutations } from '../../scripts/fuzz/schemaMutations';
import { locationKey } from '../../scripts/fuzz/independent';
import { pathKey } from '../../server/src/features/locate';

export interface GeneratedCase {
  source: string;
  text: string;
  /** The independent validator's verdict. */
  valid: boolean;
  /** Where it rejects the body: `locationKey`s of body paths. */
  rejectedAt: Set<string>;
  /** True reports a valid body may get: the vendor deprecated the operation, or a property the body uses. */
  deprecatedOperation: boolean;
  /** `pathKey`s (with `body` first) of the values the schema marks deprecated. */
  deprecatedAt: Set<string>;
}

/** `count` bodies of the bundled operations in turn, each as drawn and with `mutations` invalidating mutations. */
export function generatedCases(seed: number, count: number, mutations: number): GeneratedCase[] {
  const target = loadTarget();
  const operations = target.operations.filter((o) => o.op.source === 'builtin');
  const out: GeneratedCase[] = [];
  for (let index = 0; index < count; index++) {
    const rng = new Rng(documentSeed(seed, index));
    const subject = operations[index % operations.length];
    const generated = subject.generator.generate([subject.pointer], rng);
    if (!generated.ok) throw new Error(`seed ${seed} #${index}: no valid body for ${subject.op.id}`);
    const deprecatedAt = new Set(
      generated.sites.filter((s) => s.view.deprecated).map((s) => pathKey(['body', ...s.path])),
    );
    const invalid = pickMutations(generated.value, generated.sites, rng, mutations * 3)
      .filter((m) => INVALIDATING.has(m.kind))
      .slice(0, mutations);
    for (const m of [undefined, ...invalid]) {
      const body = m ? m.body : generated.value;
      const verdict = subject.independent.verdict(subject.pointer, body);
      out.push({
        source: `#${index} ${subject.op.id} ${m ? `${m.kind}: ${m.note}` : 'valid'}`,
        text: JSON.stringify(requestFileFor(target.catalog, subject.op, body), null, rng.chance(0.5) ? 2 : 0),
        valid: verdict.valid,
        rejectedAt: verdict.locations,
        deprecatedOperation: subject.op.deprecated === true,
        deprecatedAt,
      });
    }
  }
  return out;
}

/** The body path (as a `locationKey`) of the JSON value or key at `offset`; undefined outside the body. */
export function bodyLocationAt(text: string, offset: number): string | undefined {
  const tree = parseTree(text);
  const node = tree && findNodeAtOffset(tree, offset);
  if (!node) return undefined;
  const path = getNodePath(node);
  return path[0] === 'body' ? locationKey(path.slice(1)) : undefined;
}

/** `pathKey` (with `body` first) of the value or key at `offset`. */
export function pathKeyAt(text: string, offset: number): string | undefined {
  const tree = parseTree(text);
  const node = tree && findNodeAtOffset(tree, offset);
  return node ? pathKey(getNodePath(node)) : undefined;
}

export interface Reported {
  severity: string;
  code: string;
  message: string;
  offset: number;
}

/**
 * What is wrong with what the LSP or `validate` reported for a case, if anything: a valid body gets nothing but the
 * true deprecation reports; an invalid one at least one error at a place the independent validator rejects.
 */
export function misjudged(c: GeneratedCase, reported: Reported[]): string | undefined {
  const show = () => JSON.stringify(reported.map((r) => `${r.severity} ${r.code}: ${r.message}`));
  if (c.valid) {
    const untrue = reported.filter(
      (r) =>
        !(r.code === 'deprecated-operation' && c.deprecatedOperation) &&
        !(r.code === 'deprecated' && r.severity === 'warning' && c.deprecatedAt.has(pathKeyAt(c.text, r.offset) ?? '')),
    );
    return untrue.length > 0 ? `${c.source}: a valid body gets ${show()}` : undefined;
  }
  const at = reported.filter((r) => r.severity === 'error').map((r) => bodyLocationAt(c.text, r.offset));
  if (at.some((l) => l !== undefined && c.rejectedAt.has(l))) return undefined;
  return `${c.source}: rejected at ${[...c.rejectedAt].join(', ')}, but we report ${show()} at ${JSON.stringify(at)}`;
}
