/**
 * Strings drawn from a regular expression, for generating values that match a schema's `pattern`. Covers the
 * shapes catalog patterns use: anchors, literals, escapes (\d \w \s), classes with ranges, groups,
 * alternation, quantifiers and back-references; lookarounds generate nothing (the caller checks the result
 * against the real RegExp and retries). Throws on syntax it does not know.
 */
import type { Rng } from './prng';

type Node =
  | { t: 'chars'; set: string[]; negated: boolean }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'group'; body: Node; index: number | undefined }
  | { t: 'repeat'; body: Node; min: number; max: number }
  | { t: 'backref'; index: number }
  | { t: 'empty' };

/** Characters a negated class or `.` draws from. */
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
const DIGITS = [...'0123456789'];
const WORD = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'];
const SPACE = [' ', '\t'];
/** Extra repetitions an unbounded quantifier (`*`, `+`, `{n,}`) draws at most. */
const UNBOUNDED_EXTRA = 4;

class Parser {
  private i = 0;
  private groups = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.src.length) throw new Error(`unexpected "${this.src[this.i]}" at ${this.i} in ${this.src}`);
    return node;
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0] : { t: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return { t: 'seq', items };
  }

  private atom(): Node {
    const c = this.src[this.i++];
    if (c === '^' || c === '$') return { t: 'empty' };
    if (c === '.') return { t: 'chars', set: PRINTABLE, negated: false };
    if (c === '[') return this.charClass();
    if (c === '\\') return this.escape(false);
    if (c === '(') {
      let index: number | undefined;
      let lookaround = false;
      if (this.src.startsWith('?:', this.i)) this.i += 2;
      else if (/^\?<?[=!]/.test(this.src.slice(this.i, this.i + 3))) {
        this.i += this.src[this.i + 1] === '<' ? 3 : 2;
        lookaround = true;
      } else index = ++this.groups;
      const body = this.alternation();
      if (this.src[this.i++] !== ')') throw new Error(`unclosed group in ${this.src}`);
      return lookaround ? { t: 'empty' } : { t: 'group', body, index };
    }
    if ('*+?{'.includes(c)) throw new Error(`nothing to repeat at ${this.i - 1} in ${this.src}`);
    return { t: 'chars', set: [c], negated: false };
  }

  private escape(inClass: boolean): Node {
    const c = this.src[this.i++];
    if (c === 'd') return { t: 'chars', set: DIGITS, negated: false };
    if (c === 'w') return { t: 'chars', set: WORD, negated: false };
    if (c === 's') return { t: 'chars', set: SPACE, negated: false };
    if (c === 'D' || c === 'W' || c === 'S') {
      return { t: 'chars', set: c === 'D' ? DIGITS : c === 'W' ? WORD : SPACE, negated: true };
    }
    if (!inClass && /[1-9]/.test(c)) return { t: 'backref', index: Number(c) };
    if (c === 'n') return { t: 'chars', set: ['\n'], negated: false };
    if (c === 't') return { t: 'chars', set: ['\t'], negated: false };
    if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(this.src.slice(this.i, this.i + 4))) {
      const ch = String.fromCharCode(parseInt(this.src.slice(this.i, this.i + 4), 16));
      this.i += 4;
      return { t: 'chars', set: [ch], negated: false };
    }
    if (/[A-Za-z0-9]/.test(c)) throw new Error(`unsupported escape \\${c} in ${this.src}`);
    return { t: 'chars', set: [c], negated: false };
  }

  private charClass(): Node {
    const negated = this.src[this.i] === '^';
    if (negated) this.i++;
    const set: string[] = [];
    let first = true;
    while (this.i < this.src.length && (this.src[this.i] !== ']' || first)) {
      first = false;
      let from: string;
      if (this.src[this.i] === '\\') {
        this.i++;
        const esc = this.escape(true) as { set: string[]; negated: boolean };
        if (esc.negated || esc.set.length > 1) {
          set.push(...(esc.negated ? PRINTABLE.filter((ch) => !esc.set.includes(ch)) : esc.set));
          continue;
        }
        from = esc.set[0];
      } else from = this.src[this.i++];
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        this.i++;
        let to = this.src[this.i++];
        if (to === '\\') to = (this.escape(true) as { set: string[] }).set[0];
        for (let code = from.charCodeAt(0); code <= to.charCodeAt(0); code++) set.push(String.fromCharCode(code));
      } else set.push(from);
    }
    if (this.src[this.i++] !== ']') throw new Error(`unclosed class in ${this.src}`);
    return { t: 'chars', set, negated };
  }

  private quantified(atom: Node): Node {
    const c = this.src[this.i];
    let min: number;
    let max: number;
    if (c === '?') [min, max] = [0, 1];
    else if (c === '*') [min, max] = [0, UNBOUNDED_EXTRA];
    else if (c === '+') [min, max] = [1, 1 + UNBOUNDED_EXTRA];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] ? Number(m[3]) : min + UNBOUNDED_EXTRA;
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    if (this.src[this.i] === '?') this.i++; // lazy: same strings
    return { t: 'repeat', body: atom, min, max };
  }
}

const parsed = new Map<string, Node>();

/** A string the pattern (probably) matches: the caller checks it with the real RegExp. */
export function stringFromPattern(pattern: string, rng: Rng): string {
  let node = parsed.get(pattern);
  if (!node) parsed.set(pattern, (node = new Parser(pattern).parse()));
  const captures = new Map<number, string>();
  const gen = (n: Node): string => {
    switch (n.t) {
      case 'empty':
        return '';
      case 'chars': {
        const pool = n.negated ? PRINTABLE.filter((ch) => !n.set.includes(ch)) : n.set;
        return pool.length === 0 ? '' : rng.pick(pool);
      }
      case 'seq':
        return n.items.map(gen).join('');
      case 'alt':
        return gen(rng.pick(n.options));
      case 'group': {
        const s = gen(n.body);
        if (n.index !== undefined) captures.set(n.index, s);
        return s;
      }
      case 'repeat': {
        const count = rng.range(n.min, n.max);
        let s = '';
        for (let k = 0; k < count; k++) s += gen(n.body);
        return s;
      }
      case 'backref':
        return captures.get(n.index) ?? '';
    }
  };
  return gen(node);
}
