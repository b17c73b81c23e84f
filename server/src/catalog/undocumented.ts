/**
 * Undocumented properties: keys that no schema which may apply at their place declares. Computed from what
 * the schemas declare (`properties`, `patternProperties`, through `$ref`, every branch of `allOf`, `anyOf`,
 * `oneOf`, `if`/`then`/`else` and `dependentSchemas`), never from the annotations of a validation: JSON Schema
 * 2020-12 drops those when a subschema fails, so one error in an item would make all its keys "unevaluated".
 * Every branch counts at once, so a key is reported only when no reading of the schema documents it.
 *
 * One pass over the value; what applies at each place is worked out once per schema and cached.
 */
import type { RegExpLike } from 'ajv/dist/types';
import { boundedRegExp } from './boundedRegExp';
import type { JsonPath } from '../features/locate';
import type { JsonSchema, SchemaObject } from './types';
import { isObj } from '../../../common/json';

type Obj = Record<string, unknown>;
const own = (o: Obj, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export interface UndocumentedKey {
  /** The object holding the key, from the validated value's root (array indices as numbers). */
  path: JsonPath;
  key: string;
  /** The property names documented at that place, for "did you mean". */
  documented: readonly string[];
}

/** What the schemas that may apply at one place of a value say about object keys. */
interface Place {
  schemas: SchemaObject[];
  /** Any key is documented: no declared properties, a schema admitting extra keys, or one we cannot follow. */
  open: boolean;
  names: Set<string>;
  documented: readonly string[];
  patterns: RegExpLike[];
  children: Map<string, Place>;
  items: Map<number, Place>;
  restItems: Place | undefined;
  /** The longest `prefixItems` of its schemas: items from there on share `restItems`. */
  prefixLength: number;
}

interface Step {
  value: unknown;
  place: Place;
  parent: Step | undefined;
  seg: string | number;
}

function pathOf(step: Step): JsonPath {
  const path: JsonPath = [];
  for (let s: Step | undefined = step; s?.parent; s = s.parent) path.push(s.seg);
  return path.reverse();
}

/**
 * The usual object: every key named where it stands (or the place open) and no object or array in it, so it
 * reports nothing and holds nothing to visit. Read with one `for…in` (no array of its keys, and V8 loads `o[key]`
 * of the loop's own key from its enumeration cache); any other object is read by the exact loop. `for…in` also
 * lists inherited enumerable keys: those can only make an object not plain, never one plain that is not.
 */
function plainLeaf(o: Obj, open: boolean, names: Set<string>): boolean {
  for (const key in o) {
    const item = o[key];
    if ((typeof item === 'object' && item !== null) || (!open && !names.has(key))) return false;
  }
  return true;
}

const BRANCH_LISTS = ['allOf', 'anyOf', 'oneOf'] as const;
const BRANCHES = ['then', 'else'] as const;

export class UndocumentedIndex {
  private readonly roots = new WeakMap<object, Place>();
  private readonly regexps = new Map<string, RegExpLike | undefined>();
  /** Alternatives whose own place is being built (a cycle through `$ref`): not taken as free-form. */
  private readonly pending = new Set<object>();

  /**
   * `skipPlainLeaves` false reads every object with the exact loop (the oracle test holds the skip to it).
   */
  constructor(
    private readonly resolve: (ref: string) => JsonSchema | undefined,
    private readonly skipPlainLeaves = true,
  ) {}

  /**
   * The undocumented keys of `value` described by `schema`, the first `limit` of them with their place, and
   * how many there are in all.
   */
  find(schema: JsonSchema, value: unknown, limit: number): { keys: UndocumentedKey[]; count: number } {
    const root = this.root(schema);
    const keys: UndocumentedKey[] = [];
    let count = 0;
    // An explicit stack (a response body may nest deeper than the call stack allows); paths are built from
    // parent links only for what is reported.
    const stack: Step[] = [{ value, place: root, parent: undefined, seg: '' }];
    while (stack.length > 0) {
      const step = stack.pop()!;
      const { value: v, place } = step;
      if (place.schemas.length === 0) continue;
      // Only objects and arrays are visited: a string or a number holds no key.
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) {
          const item: unknown = v[i];
          if (typeof item === 'object' && item !== null) this.push(stack, item, this.item(place, i), step, i);
        }
      } else if (isObj(v)) {
        const entries = Object.keys(v);
        const { open, names, patterns } = place;
        for (let i = entries.length - 1; i >= 0; i--) {
          const key = entries[i];
          if (!open && !names.has(key) && (patterns.length === 0 || !patterns.some((re) => re.test(key)))) {
            if (++count <= limit) keys.push({ path: pathOf(step), key, documented: place.documented });
            continue;
          }
          const item = v[key];
          if (typeof item === 'object' && item !== null) this.push(stack, item, this.child(place, key), step, key);
        }
      }
    }
    return { keys, count };
  }

  /**
   * Pushes a container to visit, unless it has nothing to report: no schema applies there, or it is a plain leaf
   * (so the usual item of a long array costs no step).
   */
  private push(stack: Step[], value: object, place: Place, parent: Step, seg: string | number): void {
    if (place.schemas.length === 0) return;
    if (this.skipPlainLeaves && !Array.isArray(value) && plainLeaf(value as Obj, place.open, place.names)) return;
    stack.push({ value, place, parent, seg });
  }

  /** The property names `schema` documents for the value it describes, in any of its branches. */
  documentedNames(schema: JsonSchema): ReadonlySet<string> {
    return this.root(schema).names;
  }

  private root(schema: JsonSchema): Place {
    let root = isObj(schema) ? this.roots.get(schema) : undefined;
    if (!root) {
      root = this.place([schema]);
      if (isObj(schema)) this.roots.set(schema, root);
    }
    return root;
  }

  /** The place made of `roots` and every schema they apply in place. */
  private place(roots: unknown[]): Place {
    const schemas: SchemaObject[] = [];
    const seen = new Set<object>();
    let followable = true;
    let declares = false;
    // An `anyOf`/`oneOf` alternative that takes any object (`{ "type": "object" }`) lets every key through.
    let freeAlternative = false;
    const visit = (schema: unknown, condition: boolean): void => {
      if (!isObj(schema) || seen.has(schema)) return;
      seen.add(schema);
      schemas.push(schema);
      if (!condition && (isObj(schema.properties) || isObj(schema.patternProperties))) declares = true;
      if (typeof schema.$ref === 'string') {
        const target = this.resolve(schema.$ref);
        if (target === undefined) followable = false;
        else visit(target, condition);
      }
      if ('$dynamicRef' in schema || '$recursiveRef' in schema) followable = false;
      for (const key of BRANCH_LISTS) {
        const list = schema[key];
        if (!Array.isArray(list)) continue;
        for (const s of list) visit(s, condition);
        if (!condition && key !== 'allOf' && list.some((s) => this.takesAnyObject(s))) freeAlternative = true;
      }
      // A key named only in an `if` is documented, but does not make a free-form object a described one.
      visit(schema.if, true);
      for (const key of BRANCHES) visit(schema[key], condition);
      if (isObj(schema.dependentSchemas)) for (const s of Object.values(schema.dependentSchemas)) visit(s, condition);
    };
    for (const r of roots) visit(r, false);
    const names = new Set<string>();
    const patterns: RegExpLike[] = [];
    let admitsExtra = false;
    let prefixLength = 0;
    for (const s of schemas) {
      if (Array.isArray(s.prefixItems)) prefixLength = Math.max(prefixLength, s.prefixItems.length);
      if (isObj(s.properties)) for (const name of Object.keys(s.properties)) names.add(name);
      if (isObj(s.patternProperties)) {
        for (const p of Object.keys(s.patternProperties)) {
          const re = this.regexp(p);
          // A pattern we cannot read might match anything.
          if (re) patterns.push(re);
          else admitsExtra = true;
        }
      }
      for (const k of ['additionalProperties', 'unevaluatedProperties'] as const) {
        if (k in s && s[k] !== false) admitsExtra = true;
      }
    }
    return {
      schemas,
      open: !followable || !declares || admitsExtra || freeAlternative,
      names,
      documented: [...names],
      patterns,
      children: new Map(),
      items: new Map(),
      restItems: undefined,
      prefixLength,
    };
  }

  private child(place: Place, key: string): Place {
    const cached = place.children.get(key);
    if (cached) return cached;
    const roots: unknown[] = [];
    for (const s of place.schemas) {
      const props = isObj(s.properties) ? s.properties : undefined;
      const named = props !== undefined && own(props, key);
      if (named) roots.push(props[key]);
      let patterned = false;
      if (isObj(s.patternProperties)) {
        for (const [p, ps] of Object.entries(s.patternProperties)) {
          if (this.regexp(p)?.test(key) !== false) {
            roots.push(ps);
            patterned = true;
          }
        }
      }
      if (!named && !patterned && isObj(s.additionalProperties)) roots.push(s.additionalProperties);
      if (!place.names.has(key) && isObj(s.unevaluatedProperties)) roots.push(s.unevaluatedProperties);
    }
    const child = this.place(roots);
    // Cached for declared names only: a hostile file's keys must not grow the cache.
    if (place.names.has(key)) place.children.set(key, child);
    return child;
  }

  private item(place: Place, index: number): Place {
    const rest = index >= place.prefixLength;
    const cached = rest ? place.restItems : place.items.get(index);
    if (cached) return cached;
    const roots: unknown[] = [];
    for (const s of place.schemas) {
      const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as unknown[]) : [];
      if (index < prefix.length) roots.push(prefix[index]);
      else {
        if (s.items !== undefined) roots.push(s.items);
        if (isObj(s.unevaluatedItems)) roots.push(s.unevaluatedItems);
      }
      if (s.contains !== undefined) roots.push(s.contains);
    }
    const made = this.place(roots);
    if (rest) place.restItems = made;
    else place.items.set(index, made);
    return made;
  }

  /** Whether one alternative alone accepts an object with any keys (it declares none, or admits extra ones). */
  private takesAnyObject(alternative: unknown): boolean {
    let target = alternative;
    for (let hops = 0; isObj(target) && typeof target.$ref === 'string' && hops < 32; hops++) {
      const next = this.resolve(target.$ref);
      if (Object.keys(target).length > 1 || next === undefined) break;
      target = next;
    }
    if (!isObj(target) || this.pending.has(target)) return false;
    // An alternative for another type of value (`{ "type": "string" }`, a `const`) says nothing about objects.
    const types =
      typeof target.type === 'string' ? [target.type] : Array.isArray(target.type) ? target.type : undefined;
    if (types && !types.includes('object')) return false;
    if ('const' in target || 'enum' in target) return false;
    this.pending.add(target);
    try {
      return this.root(target).open;
    } finally {
      this.pending.delete(target);
    }
  }

  /**
   * Through the engine ajv uses, so a user catalog's pattern runs with its time bound per match (T27); one that
   * was given up matches every key, so the place counts as documented rather than reporting a key falsely.
   */
  private regexp(pattern: string): RegExpLike | undefined {
    if (!this.regexps.has(pattern)) {
      let re: RegExpLike | undefined;
      try {
        re = boundedRegExp(pattern, 'u');
      } catch {
        re = undefined;
      }
      this.regexps.set(pattern, re);
    }
    return this.regexps.get(pattern);
  }
}
