/**
 * Document generators: structural mutations of a seed's value (hostile values and keys, duplicate and
 * reserved keys, escaped keys, comments and trailing commas written by a quirky serializer), then byte-level
 * mutations of the text (flips, truncations, insertions, deletions, copies), heavy documents (deep nesting,
 * 10 MB strings, 200k-item arrays) and the edits of a typing session.
 */
import type { Rng } from './prng';

/** A literal written as is (numbers JSON.stringify cannot produce, like `1e999` or `-0`). */
export class Raw {
  constructor(readonly text: string) {}
}

export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '[click](command:workbench.action.terminal.new)',
  '[x](command:meetingPayloads.sendRequest?%7B%22url%22%3A%22http%3A%2F%2F127.0.0.1%3A9%22%7D)',
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(1)</script>',
  '<svg onload=alert(1)>',
  '`',
  '``',
  '```js\nalert(1)\n```',
  '**bold** _it_ # heading',
  '\u202Egnp.exe',
  '\u200B\u200C\u200D\u2060',
  '\ud800',
  '\udc00x',
  'a\ud83d',
  '\u0000',
  'a\u0000b',
  '\u2028\u2029',
  '\uFEFF',
  '\u0301\u0301\u0301',
  '😀'.repeat(40),
  '{{$processEnv HOME}}',
  '{{$dotenv SECRET}}',
  "{{ range.constructor('return process')() }}",
  '${env:HOME}',
  '< /etc/passwd',
  '../../admin',
  '%2e%2e%2f',
  'x?y#z',
  '%0d%0aX-Injected: 1',
  'a\r\nX-Injected: 1',
  'Bearer abcdefghijklmnopqrstuvwxyz012345',
  'http://127.0.0.1:9/canary',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'false',
  '10',
  '-1',
  '1e999',
  'null',
  'HDVideo',
  'PRIMARY',
  'Week',
];

const HOSTILE_KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  'Operation',
  'BODY',
  'url',
  'baseUrl',
  'proxy',
  'timeout',
  'strictSSL',
  'followRedirects',
  'insecure',
  'method',
  'token',
  '$schema',
  '$ref',
  '[x](command:workbench.action.terminal.new)',
  '<img src=x onerror=alert(1)>',
  '`code`',
  '\u202Ekey',
  '\ud800',
  'a\u0000b',
  'Authorization',
  'authorization',
  'X-Access-Token',
  'X-CONFERENCE-AUTHORIZATION',
  'Cookie',
  'Proxy-Authorization',
  'Host',
  'Content-Length',
  'Transfer-Encoding',
  'X-Request-Id',
];

const RAW_NUMBERS = [
  '1e999',
  '-1e999',
  '-0',
  '0.0',
  '1E+2',
  '12345678901234567890123',
  '0.000000000000000000001',
  '-9007199254740993',
];

/** Tokens inserted at random places by the byte-level mutator. */
const DICTIONARY: readonly string[] = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  '\\',
  '\\u',
  '\\ud800',
  '\\u0000',
  '\\"',
  'null',
  'true',
  'false',
  '-',
  '0',
  '1e999',
  '-0',
  'NaN',
  'Infinity',
  '// comment\n',
  '/*',
  '*/',
  '/* c */',
  '"__proto__":',
  '"__proto__":{"polluted":true},',
  '"\\u005f_proto__":1,',
  '"\\u0076mrName":"dup",',
  '"b\\u006fdy":{},',
  '"constructor":{"prototype":{}},',
  '"body":{},',
  '"body":',
  '"operation":"huawei.meeting.updateMemberVmr",',
  '"operation":',
  '"headers":{"Authorization":"Bearer abc"},',
  '"url":"http://127.0.0.1:9/",',
  '"$schema":"http://127.0.0.1:9/s.json",',
  '"pathParams":{"id":"../../admin"},',
  '"query":{"conferenceID":["1","2"]},',
  '\uFEFF',
  '\u202E',
  '\u2028',
  '\u2029',
  '\u0000',
  '\ud800',
  '\udc00',
  '\u200B',
  '\u00A0',
  '\r',
  '\r\n',
  '\n',
  '\t',
  ' ',
  '😀',
  'é',
  '{{$processEnv HOME}}',
  '[x](command:workbench.action.terminal.new)',
  '<img src=x onerror=alert(1)>',
  '```',
  '`',
];

const CHARSET =
  '{}[]":,\\ \t\r\n0123456789-+.eEtrufalsn' +
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$#@!?/<>*`' +
  '\u0000\u0001\u001f\u007f\u0080\u00a0\u00e9\u0301\u200b\u202e\u2028\u2029\ufeff\ud800\udc00\uffff';

// ---------------------------------------------------------------------------------------------------------
// Structural mutations on parsed values

type Json = unknown;

function hostileValue(rng: Rng, keys: readonly string[]): Json {
  switch (rng.int(12)) {
    case 0:
    case 1:
    case 2:
      return rng.pick(HOSTILE_STRINGS);
    case 3:
      return rng.pick(['a', '1', 'é', '😀', '\ud800', '`', '<']).repeat(rng.pick([100, 1000, 10_000, 100_001]));
    case 4:
      return new Raw(rng.pick(RAW_NUMBERS));
    case 5:
      return rng.pick([0, 1, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308]);
    case 6:
      return rng.pick([true, false, null]);
    case 7:
      return [];
    case 8:
      return {};
    case 9:
      return { [rng.pick(HOSTILE_KEYS)]: rng.pick(HOSTILE_STRINGS) };
    case 10:
      return Array.from({ length: rng.smallSize(50) }, () => rng.pick(HOSTILE_STRINGS));
    default:
      return { [rng.pick(keys)]: rng.pick([1, 'x', true, null, [], {}]) };
  }
}

/** Every container and leaf position of a value, as paths (bounded). */
function positions(value: Json, limit = 2000): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [[]];
  const stack: Array<{ v: Json; path: Array<string | number> }> = [{ v: value, path: [] }];
  while (stack.length > 0 && out.length < limit) {
    const { v, path } = stack.pop()!;
    if (typeof v !== 'object' || v === null || v instanceof Raw) continue;
    const entries: Array<[string | number, Json]> = Array.isArray(v)
      ? v.map((x, i): [number, Json] => [i, x])
      : Object.entries(v as Record<string, Json>);
    for (const [k, child] of entries) {
      const p = [...path, k];
      out.push(p);
      stack.push({ v: child, path: p });
    }
  }
  return out;
}

function getAt(value: Json, path: Array<string | number>): Json {
  let cur = value;
  for (const seg of path) cur = (cur as Record<string | number, Json>)[seg];
  return cur;
}

/** A deep copy of plain JSON data (own keys only, `__proto__` kept as an own key). */
function clone(v: Json): Json {
  if (typeof v !== 'object' || v === null || v instanceof Raw) return v;
  if (Array.isArray(v)) return v.map(clone);
  const out: Record<string, Json> = {};
  for (const [k, x] of Object.entries(v as Record<string, Json>)) {
    Object.defineProperty(out, k, { value: clone(x), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function setOwn(target: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Applies 1–3 structural mutations to a copy of `value`. */
export function mutateValue(rng: Rng, value: Json, keys: readonly string[]): Json {
  const root = { root: clone(value) };
  const count = rng.range(1, 3);
  for (let n = 0; n < count; n++) {
    const all = positions(root.root).map((p) => ['root', ...p]);
    const path = rng.pick(all);
    const parentPath = path.slice(0, -1);
    const last = path[path.length - 1];
    const parent = getAt(root, parentPath) as Record<string | number, Json>;
    const target = getAt(root, path);
    // Plain assignment of "__proto__" would set a prototype instead of a member.
    const assign = (v: Json) =>
      Array.isArray(parent) ? (parent[last as number] = v) : setOwn(parent, String(last), v);
    switch (rng.int(6)) {
      case 0: // replace a value
        assign(hostileValue(rng, keys));
        break;
      case 1: // add a member or item
        if (Array.isArray(target)) target.splice(rng.int(target.length + 1), 0, hostileValue(rng, keys));
        else if (typeof target === 'object' && target !== null && !(target instanceof Raw)) {
          setOwn(
            target as Record<string, Json>,
            rng.chance(0.5) ? rng.pick(HOSTILE_KEYS) : rng.pick(keys),
            hostileValue(rng, keys),
          );
        } else assign(hostileValue(rng, keys));
        break;
      case 2: // rename a key
        if (typeof last === 'string' && !Array.isArray(parent) && last !== 'root') {
          const v = parent[last];
          delete parent[last];
          setOwn(parent, rng.chance(0.5) ? rng.pick(HOSTILE_KEYS) : rng.pick(keys), v);
        }
        break;
      case 3: // remove
        if (Array.isArray(parent)) parent.splice(last as number, 1);
        else if (last !== 'root') delete parent[last];
        break;
      case 4: // change the type
        assign(Array.isArray(target) ? { ...target } : typeof target === 'object' ? [target] : String(target));
        break;
      default: // wrap
        assign(rng.chance(0.5) ? [target] : { [rng.pick(keys)]: target });
        break;
    }
  }
  return root.root;
}

// ---------------------------------------------------------------------------------------------------------
// A serializer with quirks: duplicate, reserved and escaped keys, comments, trailing commas, odd layout

export interface Quirks {
  indent: string;
  eol: string;
  duplicateKeys: number;
  reservedKeys: number;
  escapedKeys: number;
  trailingCommas: number;
  comments: number;
  spaceAfterColon: boolean;
}

export function randomQuirks(rng: Rng): Quirks {
  const odd = rng.chance(0.3);
  return {
    indent: rng.pick(['', '', '  ', '  ', '    ', '\t']),
    eol: rng.pick(['\n', '\n', '\n', '\r\n', '\r']),
    duplicateKeys: odd && rng.chance(0.4) ? rng.pick([0.05, 0.3]) : 0,
    reservedKeys: odd && rng.chance(0.3) ? rng.pick([0.05, 0.3]) : 0,
    escapedKeys: odd && rng.chance(0.4) ? rng.pick([0.1, 0.5]) : 0,
    trailingCommas: odd && rng.chance(0.2) ? 0.2 : 0,
    comments: odd && rng.chance(0.2) ? 0.1 : 0,
    spaceAfterColon: rng.chance(0.7),
  };
}

function escapeKey(rng: Rng, key: string): string {
  const quoted = JSON.stringify(key);
  if (key.length === 0) return quoted;
  const i = rng.int(key.length);
  const code = key.charCodeAt(i);
  return (
    JSON.stringify(key.slice(0, i)).slice(0, -1) +
    '\\u' +
    code.toString(16).padStart(4, '0') +
    JSON.stringify(key.slice(i + 1)).slice(1)
  );
}

export function emit(rng: Rng, value: Json, q: Quirks): string {
  const parts: string[] = [];
  const nl = q.indent ? q.eol : '';
  const colon = q.spaceAfterColon ? ': ' : ':';
  const write = (v: Json, depth: number): void => {
    if (v instanceof Raw) {
      parts.push(v.text);
      return;
    }
    if (typeof v !== 'object' || v === null) {
      parts.push(JSON.stringify(v) ?? 'null');
      return;
    }
    const pad = q.indent.repeat(depth + 1);
    const members: Array<() => void> = [];
    if (Array.isArray(v)) {
      for (const item of v) members.push(() => write(item, depth + 1));
    } else {
      const entries = Object.entries(v as Record<string, Json>);
      const key = (k: string) => (rng.chance(q.escapedKeys) ? escapeKey(rng, k) : JSON.stringify(k));
      for (const [k, item] of entries) {
        members.push(() => {
          parts.push(key(k), colon);
          write(item, depth + 1);
        });
        if (rng.chance(q.duplicateKeys)) {
          const other = rng.chance(0.5) ? item : rng.pick(HOSTILE_STRINGS);
          members.push(() => {
            parts.push(key(k), colon);
            write(other, depth + 1);
          });
        }
      }
      if (rng.chance(q.reservedKeys)) {
        const reserved = rng.pick(['__proto__', 'constructor', 'prototype']);
        members.splice(rng.int(members.length + 1), 0, () => {
          parts.push(key(reserved), colon, rng.pick(['{"polluted":true}', '{}', '1', 'null']));
        });
      }
    }
    parts.push(Array.isArray(v) ? '[' : '{');
    members.forEach((m, i) => {
      parts.push(nl, pad);
      if (rng.chance(q.comments)) parts.push(rng.pick(['/* c */ ', '// c' + (q.eol || '\n') + pad]));
      m();
      if (i < members.length - 1 || rng.chance(q.trailingCommas)) parts.push(',');
    });
    if (members.length > 0) parts.push(nl, q.indent.repeat(depth));
    parts.push(Array.isArray(v) ? ']' : '}');
  };
  write(value, 0);
  return parts.join('') + (rng.chance(0.5) ? q.eol : '');
}

// ---------------------------------------------------------------------------------------------------------
// Byte-level mutations

function randomChar(rng: Rng): string {
  return CHARSET[rng.int(CHARSET.length)];
}

export function mutateText(rng: Rng, text: string, seeds: readonly string[]): string {
  const n = text.length;
  const pos = rng.int(n + 1);
  switch (rng.int(9)) {
    case 0: // replace one character
      return n === 0 ? randomChar(rng) : text.slice(0, pos) + randomChar(rng) + text.slice(pos + 1);
    case 1: {
      // flip one bit of a UTF-16 code unit (may make lone surrogates)
      if (n === 0) return text;
      const i = Math.min(pos, n - 1);
      const flipped = String.fromCharCode(text.charCodeAt(i) ^ (1 << rng.int(16)));
      return text.slice(0, i) + flipped + text.slice(i + 1);
    }
    case 2: // truncate
      return text.slice(0, pos);
    case 3:
    case 4: // insert a dictionary token
      return text.slice(0, pos) + rng.pick(DICTIONARY) + text.slice(pos);
    case 5: // delete a range
      return text.slice(0, pos) + text.slice(pos + rng.smallSize(64));
    case 6: {
      // copy a range elsewhere
      const start = rng.int(n + 1);
      const piece = text.slice(start, start + rng.smallSize(200));
      return text.slice(0, pos) + piece + text.slice(pos);
    }
    case 7: {
      // splice in part of another seed
      const other = rng.pick(seeds);
      const start = rng.int(other.length + 1);
      return text.slice(0, pos) + other.slice(start, start + rng.smallSize(300)) + text.slice(pos);
    }
    default: // repeat a character run
      return text.slice(0, pos) + randomChar(rng).repeat(rng.smallSize(1000)) + text.slice(pos);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Heavy documents (run every `heavyEvery` documents, cycling through the kinds)

const ENVELOPE_HEAD =
  '{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "ff80808167ef1edf0167f33d650c0662"}, "body": ';

function attendees(count: number, item: (i: number) => string): string {
  const head =
    '{"operation": "huawei.meeting.updateRecurringMeeting", "query": {"conferenceID": "986256843"}, "body": {"subject": "s", "startTime": "2027-03-01 01:30", "length": 60, "attendees": [';
  const parts: string[] = [head];
  for (let i = 0; i < count; i++) parts.push(i === 0 ? '' : ',', item(i));
  parts.push(']}}');
  return parts.join('');
}

export const HEAVY_KINDS = [
  'deep [ 1k',
  'deep [ 10k',
  'deep [ 100k',
  'deep {"a": 1k',
  'deep {"a": 10k',
  'deep {"a": 100k',
  'deep [ 100k closed, in body',
  'deep {"a": 100k closed',
  '10 MB string value',
  '10 MB unterminated string',
  '10 MB of one key',
  '200k valid attendees',
  '50k attendees with three violations each',
  '100k duplicate keys',
  '100k __proto__ keys',
  '5 MB of spaces',
  '1M line breaks',
  '1M-digit number',
  '300k distinct keys',
  '100k lone surrogates and bidi',
] as const;
export type HeavyKind = (typeof HEAVY_KINDS)[number];

export function heavyDocument(kind: HeavyKind): string {
  switch (kind) {
    case 'deep [ 1k':
      return '['.repeat(1_000);
    case 'deep [ 10k':
      return '['.repeat(10_000);
    case 'deep [ 100k':
      return '['.repeat(100_000);
    case 'deep {"a": 1k':
      return '{"a":'.repeat(1_000);
    case 'deep {"a": 10k':
      return '{"a":'.repeat(10_000);
    case 'deep {"a": 100k':
      return '{"a":'.repeat(100_000);
    case 'deep [ 100k closed, in body':
      return ENVELOPE_HEAD + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    case 'deep {"a": 100k closed':
      return '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    case '10 MB string value':
      return ENVELOPE_HEAD + '{"vmrName": "' + 'a'.repeat(10 * 1024 * 1024) + '"}}';
    case '10 MB unterminated string':
      return ENVELOPE_HEAD + '{"vmrName": "' + 'ab\\"'.repeat((10 * 1024 * 1024) / 4);
    case '10 MB of one key':
      return ENVELOPE_HEAD + '{"' + 'k'.repeat(10 * 1024 * 1024) + '": 1}}';
    case '200k valid attendees':
      return attendees(200_000, (i) => `{"name":"n${i}","type":"normal"}`);
    case '50k attendees with three violations each':
      return attendees(50_000, (i) => `{"name":${i},"role":9,"type":"vip","bogus${i % 7}":true}`);
    case '100k duplicate keys':
      return ENVELOPE_HEAD + '{' + Array.from({ length: 100_000 }, () => '"vmrName":"x"').join(',') + '}}';
    case '100k __proto__ keys':
      return ENVELOPE_HEAD + '{' + Array.from({ length: 100_000 }, () => '"__proto__":{"a":1}').join(',') + '}}';
    case '5 MB of spaces':
      return ' '.repeat(5 * 1024 * 1024) + '{}';
    case '1M line breaks':
      return '{' + '\n'.repeat(1_000_000) + '"operation": "huawei.meeting.updateMemberVmr"}';
    case '1M-digit number':
      return ENVELOPE_HEAD + '{"vmrName": ' + '9'.repeat(1_000_000) + '}}';
    case '300k distinct keys':
      return ENVELOPE_HEAD + '{' + Array.from({ length: 300_000 }, (_, i) => `"k${i}":${i}`).join(',') + '}}';
    case '100k lone surrogates and bidi':
      return ENVELOPE_HEAD + '{"vmrName": "' + '\ud800\u202e\u2028\u0000'.repeat(25_000) + '"}}';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Typing sessions

/** One change of a typing session, on offsets of the current text; `full` replaces the whole text. */
export type TypingEdit = { start: number; end: number; text: string } | { full: string };

const TYPED: readonly string[] = [
  '"hostPin": "1234",',
  '"vmrName": "Room 3F"',
  '"allowGustFirst": false,',
  '{"name": "Li", "type": "normal"}',
  '"operation": "webex.meetings.updatePersonalMeetingRoomOptions",',
  '"body": {',
  '"__proto__": {"x": 1},',
  '"headers": {"X-Access-Token": "t"},',
  '[1, 2, 3]',
  '"\\u0076mrName": "dup"',
  '// note',
];

/** A burst of edits for a document whose current text is `text` (the caller applies them in order). */
export function typingBurst(rng: Rng, text: string, seeds: readonly string[]): TypingEdit[] {
  const n = text.length;
  const pos = rng.int(n + 1);
  switch (rng.int(7)) {
    case 0: {
      // type a token character by character
      const token = rng.pick(TYPED);
      return [...token].map((ch, i) => ({ start: pos + i, end: pos + i, text: ch }));
    }
    case 1: {
      // backspace a few characters
      const count = Math.min(pos, rng.range(1, 12));
      return Array.from({ length: count }, (_, i) => ({ start: pos - i - 1, end: pos - i, text: '' }));
    }
    case 2: // paste a dictionary token or part of a seed
      return [
        {
          start: pos,
          end: pos,
          text: rng.chance(0.5) ? rng.pick(DICTIONARY) : rng.pick(seeds).slice(0, rng.smallSize(400)),
        },
      ];
    case 3: {
      // select and replace
      const end = Math.min(n, pos + rng.smallSize(80));
      return [{ start: pos, end, text: rng.chance(0.5) ? '' : rng.pick(HOSTILE_STRINGS) }];
    }
    case 4: // the editor replaces everything (e.g. a formatter, undo of a paste)
      return [{ full: rng.chance(0.5) ? rng.pick(seeds) : mutateText(rng, text, seeds) }];
    case 5: {
      // an edit that splits a surrogate pair or a CRLF, if there is one near
      const i = text.search(/[\ud800-\udbff][\udc00-\udfff]|\r\n/);
      const at = i >= 0 ? i + 1 : pos;
      return [{ start: at, end: at, text: rng.pick(['x', '\n', '', '\ud83d']) }];
    }
    default: {
      // delete a whole line
      const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
      const next = text.indexOf('\n', pos);
      return [{ start: lineStart, end: next < 0 ? n : next + 1, text: '' }];
    }
  }
}
