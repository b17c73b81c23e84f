/**
 * For a failed `anyOf`/`oneOf`, only the errors of the branch the value was most likely meant for: ajv
 * (all errors) reports every branch, so a cat would hear that its kind must be "dog".
 *
 * ajv names an error inside a `$ref` by the referenced schema, not by the branch, so branch errors cannot be
 * told apart by their schema path: each branch is validated again on its own (validators are cached), and the
 * combinator's block of errors, which ajv writes just before the combinator's own error, is replaced by the
 * chosen branch's errors.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { JsonSchema } from '../catalog/types';
import { isObj } from '../../../common/json';

/** What the choice needs of the catalog. */
export interface BranchSchemas {
  validatorFor(schema: JsonSchema): ValidateFunction | undefined;
  /** The property names a schema documents (through `$ref` and its branches). */
  documentedNames(schema: JsonSchema): ReadonlySet<string>;
}

const isCombinator = (e: ErrorObject): boolean => e.keyword === 'anyOf' || e.keyword === 'oneOf';

/**
 * Combinators examined per call: each costs a validation per branch. Errors are already capped at
 * MAX_PROBLEMS; this bounds the nested ones too.
 */
const MAX_COMBINATORS = 10_000;

export function bestBranchErrors(errors: ErrorObject[], schemas: BranchSchemas): ErrorObject[] {
  const budget = { left: MAX_COMBINATORS };
  return prune(errors, schemas, budget);
}

function prune(errors: ErrorObject[], schemas: BranchSchemas, budget: { left: number }): ErrorObject[] {
  const out = [...errors];
  // Keys the chosen branch documents, per place: a failed combinator drops its annotations, so a schema's own
  // `unevaluatedProperties: false` would call them "not allowed".
  const evaluated: Array<{ at: string; names: ReadonlySet<string> }> = [];
  // From the end: a combinator's error comes after everything its branches reported, nested ones included.
  for (let k = out.length - 1; k >= 0 && budget.left > 0; k--) {
    const e = out[k];
    if (!isCombinator(e) || !Array.isArray(e.schema)) continue;
    budget.left--;
    const branchSchemas = e.schema as JsonSchema[];
    const branches = branchErrors(e, branchSchemas, schemas);
    if (!branches) continue;
    const start = blockStart(out, k, branches.flat());
    const choice = choose(
      e,
      branches,
      branchSchemas.map((b) => schemas.documentedNames(b)),
    );
    if (choice.branch !== undefined) {
      evaluated.push({ at: e.instancePath, names: schemas.documentedNames(branchSchemas[choice.branch]) });
    }
    const chosen = prune(choice.errors, schemas, budget);
    // No branch error to show (a oneOf matched by several branches): the combinator's own message stays.
    const replacement = chosen.length > 0 ? chosen : [e];
    out.splice(start, k + 1 - start, ...replacement);
    k = start;
  }
  if (evaluated.length === 0) return out;
  return out.filter((x) => {
    if (x.keyword !== 'unevaluatedProperties') return true;
    const prop = String((x.params as { unevaluatedProperty?: unknown }).unevaluatedProperty);
    return !evaluated.some((ev) => ev.at === x.instancePath && ev.names.has(prop));
  });
}

/** Each branch's errors for the combinator's value, with paths as in the whole document; undefined if unknown. */
function branchErrors(e: ErrorObject, list: JsonSchema[], schemas: BranchSchemas): ErrorObject[][] | undefined {
  const result: ErrorObject[][] = [];
  for (const schema of list) {
    let validate: ValidateFunction | undefined;
    try {
      validate = schemas.validatorFor(schema);
    } catch {
      return undefined;
    }
    if (!validate) return undefined;
    if (validate(e.data)) {
      result.push([]);
      continue;
    }
    result.push((validate.errors ?? []).map((b) => ({ ...b, instancePath: e.instancePath + b.instancePath })));
  }
  return result;
}

/** Where the combinator's block begins: the run of errors just before it that its branches account for. */
function blockStart(errors: ErrorObject[], k: number, branchErrs: ErrorObject[]): number {
  const pending = new Map<string, number>();
  const sig = (x: ErrorObject, schemaTail: string) =>
    `${x.keyword}\u0000${x.instancePath}\u0000${JSON.stringify(x.params)}\u0000${schemaTail}`;
  // A branch validated alone names a direct keyword `#/required`; inside the document it is `#/…/anyOf/0/required`.
  const tail = (schemaPath: string) => schemaPath.slice(schemaPath.lastIndexOf('/'));
  for (const b of branchErrs) {
    const key = sig(b, tail(b.schemaPath));
    pending.set(key, (pending.get(key) ?? 0) + 1);
  }
  let start = k;
  while (start > 0) {
    const key = sig(errors[start - 1], tail(errors[start - 1].schemaPath));
    const left = pending.get(key) ?? 0;
    if (left === 0) break;
    pending.set(key, left - 1);
    start--;
  }
  return start;
}

const atOrBelow = (path: string, base: string): boolean => path === base || path.startsWith(base + '/');
const directChild = (path: string, base: string): boolean =>
  path.startsWith(base + '/') && !path.slice(base.length + 1).includes('/');
const isValueChoice = (x: ErrorObject): boolean => x.keyword === 'const' || x.keyword === 'enum';

/** The errors to report for a failed combinator, from its branches' errors, and the branch they come from. */
function choose(
  e: ErrorObject,
  branches: ErrorObject[][],
  names: ReadonlyArray<ReadonlySet<string>>,
): { errors: ErrorObject[]; branch?: number } {
  const at = e.instancePath;
  const relevant = (b: ErrorObject[]) => b.filter((x) => x.keyword !== 'if' && atOrBelow(x.instancePath, at));
  const all = branches.map(relevant);
  const pick = (b: ErrorObject[]) => ({ errors: b, branch: all.indexOf(b) });
  // A branch that fails only by using a deprecated property (reported as a warning) is the one that matches;
  // one that passes means the combinator failed for another reason (a oneOf matched twice): nothing to add.
  const matching = all.find((b) => b.every((x) => x.keyword === 'deprecated'));
  if (matching) return pick(matching);
  // A branch for another type of value is not what the author meant…
  // (a `const`/`enum` of other types counts too: `"auto"` is not what an object was meant for).
  const typeRejected = (b: ErrorObject[]) =>
    b.some((x) => x.instancePath === at && (x.keyword === 'type' || (isValueChoice(x) && otherTypes(x, e.data))));
  let candidates = all.filter((b) => !typeRejected(b));
  // …unless every branch is: then "must be a string or a number" (the type errors, merged later).
  if (candidates.length === 0) {
    return { errors: all.flatMap((b) => b.filter((x) => x.keyword === 'type' && x.instancePath === at)) };
  }
  // Branches that differ only by the value itself (`const`/`enum` at this place): one "must be one of".
  if (candidates.every((b) => b.every((x) => isValueChoice(x) && x.instancePath === at))) {
    return { errors: [oneOfValues(e, candidates.flat())] };
  }
  // A discriminating `const`/`enum` on a member ("kind") rules a branch out.
  const discriminated = candidates.filter((b) => !b.some((x) => isValueChoice(x) && directChild(x.instancePath, at)));
  if (discriminated.length > 0) candidates = discriminated;
  // Then the branch with the fewest problems; among equals, the one that declares more of the members the value
  // has ({"ext": 0} was meant for the branch with "ext"), then the one missing fewer members, then the first.
  const count = (b: ErrorObject[]) => b.filter((x) => x.keyword !== 'deprecated').length;
  const present = isObj(e.data) ? Object.keys(e.data) : [];
  const declared = (b: ErrorObject[]) => present.filter((k) => names[all.indexOf(b)]?.has(k)).length;
  const missing = (b: ErrorObject[]) => b.filter((x) => x.keyword === 'required' && x.instancePath === at).length;
  const worse = (a: ErrorObject[], b: ErrorObject[]) =>
    count(a) !== count(b)
      ? count(a) > count(b)
      : declared(a) !== declared(b)
        ? declared(a) < declared(b)
        : missing(a) > missing(b);
  return pick(candidates.reduce((best, b) => (worse(best, b) ? b : best)));
}

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Whether a `const`/`enum` error allows only values of another JSON type than the value's. */
function otherTypes(x: ErrorObject, data: unknown): boolean {
  const params = x.params as { allowedValue?: unknown; allowedValues?: unknown };
  const allowed = x.keyword === 'const' ? [params.allowedValue] : params.allowedValues;
  return Array.isArray(allowed) && allowed.length > 0 && allowed.every((v) => kindOf(v) !== kindOf(data));
}

/** One `enum` error listing every value the branches allow. */
function oneOfValues(e: ErrorObject, errors: ErrorObject[]): ErrorObject {
  const values: unknown[] = [];
  const meanings: Array<string | undefined> = [];
  for (const x of errors) {
    const parent = (x.parentSchema ?? {}) as Record<string, unknown>;
    const listed = x.keyword === 'const' ? [parent.const] : Array.isArray(parent.enum) ? parent.enum : [];
    const described = Array.isArray(parent['x-enumDescriptions']) ? (parent['x-enumDescriptions'] as unknown[]) : [];
    listed.forEach((v, i) => {
      if (values.some((w) => JSON.stringify(w) === JSON.stringify(v))) return;
      values.push(v);
      const d = x.keyword === 'const' ? parent.description : described[i];
      meanings.push(typeof d === 'string' ? d : undefined);
    });
  }
  return {
    ...e,
    keyword: 'enum',
    params: { allowedValues: values },
    parentSchema: { enum: values, 'x-enumDescriptions': meanings },
  };
}
