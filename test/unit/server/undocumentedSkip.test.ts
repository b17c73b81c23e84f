/**
 * The undocumented-keys walk skips plain leaves (objects whose every key is documented and that hold no object or
 * array) without reading them by the exact loop. Oracle: over bodies drawn from every operation's schema (the
 * bundled catalog and the combinators fixture: `$ref`, `allOf`, `anyOf`, `oneOf`, `if`/`then`/`else`), as drawn and
 * with undocumented keys, nested values and the oracle's mutations added at random places, the walk gives exactly
 * what the walk reading every object gives: the same keys, paths, documented names and order, under every limit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UndocumentedIndex } from '../../../server/src/catalog/undocumented';
import { loadTarget } from '../../../scripts/fuzz/differential';
import { documentSeed, Rng } from '../../../scripts/fuzz/prng';
import { pickMutations } from '../../../scripts/fuzz/schemaMutations';
import { isObj } from '../../../common/json';

const SEED = 20261206;
const BODIES = 240;
const LIMITS = [0, 1, 2, 5, 10_000];

/** Every object and array of `value`, so an edit can be made at any of them. */
function containers(value: unknown): object[] {
  const out: object[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    out.push(v);
    for (const item of Array.isArray(v) ? v : Object.values(v)) stack.push(item);
  }
  return out;
}

/** `body` with a few random edits: an unknown key, a nested object or array, an item copied, a key removed. */
function edited(body: unknown, rng: Rng): unknown {
  const copy = structuredClone(body);
  for (let n = rng.int(4); n > 0; n--) {
    const all = containers(copy);
    if (all.length === 0) break;
    const at = rng.pick(all);
    if (Array.isArray(at)) {
      if (at.length > 0 && rng.chance(0.5)) at.push(structuredClone(rng.pick(at)));
      else at.push(rng.chance(0.5) ? { zzItemKey: 1 } : []);
      continue;
    }
    const o = at as Record<string, unknown>;
    const keys = Object.keys(o);
    const kind = rng.int(4);
    if (kind === 0) o[`zz${rng.int(3)}`] = rng.chance(0.5) ? 1 : { inner: true };
    else if (kind === 1 && keys.length > 0) o[rng.pick(keys)] = rng.chance(0.5) ? { nested: [1] } : [{}];
    else if (kind === 2 && keys.length > 0) delete o[rng.pick(keys)];
    else o[keys.length > 0 ? `${rng.pick(keys)}x` : 'x'] = 0;
  }
  return copy;
}

test('skipping plain leaves reports exactly what reading every object reports, over generated bodies', () => {
  const target = loadTarget();
  const resolve = (ref: string) => target.catalog.resolveRef(ref);
  const fast = new UndocumentedIndex(resolve);
  const exact = new UndocumentedIndex(resolve, false);
  let cases = 0;
  let reporting = 0;
  let leaves = 0;
  for (let index = 0; index < BODIES; index++) {
    const rng = new Rng(documentSeed(SEED, index));
    const subject = target.operations[index % target.operations.length];
    const schema = subject.op.body?.schema;
    assert.ok(schema !== undefined, subject.op.id);
    const generated = subject.generator.generate([subject.pointer], rng);
    assert.ok(generated.ok, `#${index}: no body for ${subject.op.id}`);
    const mutated = pickMutations(generated.value, generated.sites, rng, 3).map((m) => m.body);
    for (const body of [generated.value, edited(generated.value, rng), ...mutated.map((b) => edited(b, rng))]) {
      cases++;
      for (const limit of LIMITS) {
        const want = exact.find(schema, body, limit);
        assert.deepEqual(fast.find(schema, body, limit), want, `#${index} ${subject.op.id} limit ${limit}`);
        if (limit === 10_000 && want.count > 0) reporting++;
      }
      leaves += containers(body).filter((c) => isObj(c) && Object.values(c).every((v) => typeof v !== 'object')).length;
    }
  }
  // Both sides of the skip are met often: bodies with undocumented keys, and many objects a skip may apply to.
  assert.ok(cases >= BODIES * 2, `${cases} bodies`);
  assert.ok(reporting > cases / 4 && reporting < cases, `${reporting} of ${cases} bodies report keys`);
  assert.ok(leaves > cases, `${leaves} leaf objects`);
});
