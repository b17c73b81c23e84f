/**
 * A pasted cURL command → a `.meeting.json` request file. Input comes from vendor docs, browsers' "Copy as cURL"
 * (bash and cmd flavours) and logs, often a customer's with their token in it. So: nothing is ever read from
 * disk (`-d @file` is refused), credentials are dropped and only their names are mentioned, transport options
 * are ignored (a request file never controls transport), and the result is checked with the same analyze() as
 * the editor, so what is wrong with the command (seed 001's `"allowGustFirst":"false"`, seed 003's POST for a
 * PUT operation) is reported right away. Pure: the extension calls it over LSP, the command line directly.
 */
import type { Catalog } from '../catalog/catalog';
import type { JsonSchema, Operation } from '../catalog/types';
import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from '../../../common/settings';
import { analyze, LIMITS } from './analyze';
import { documentedIn, nameProblem } from '../../../common/headerRules';
import { looksSecret } from '../../../common/secretNames';
import { headerContext } from './headerProblems';
import { fixImported } from './importFixes';
import { indentJson } from './indentJson';
import { scanStructure } from './scan';

export type ImportCurlResult =
  | {
      ok: true;
      fileText: string;
      operationId: string;
      notes: string[];
      /** The method the command uses (the file sends the operation's). */
      commandMethod: string;
      /** The data as written in the command, when it has any (check-docs finds the body's place with it). */
      data: string | undefined;
      /** With `fixMechanical`: problems of the file that Fix All would still fix. */
      fixable?: number;
    }
  | { ok: false; reason: string };

export interface ImportCurlOptions {
  /** Use this operation instead of matching method and URL (when several match, or none does). */
  operationId?: string;
  settings?: ServerSettings;
  /**
   * Fix string booleans and numbers before the file opens, each change named in a note (the editor's import).
   * Off for check-docs and the command line, which report the command as written.
   */
  fixMechanical?: boolean;
}

/** Characters of a pasted command (and bytes of one on the command line's standard input). */
export const MAX_COMMAND_LENGTH = 5 * 1024 * 1024;

export function importCurl(command: string, catalog: Catalog, options: ImportCurlOptions = {}): ImportCurlResult {
  if (command.length > MAX_COMMAND_LENGTH) return { ok: false, reason: 'The command is larger than 5 MB.' };
  let parsed: ParsedCurl;
  try {
    parsed = parseCurl(command);
  } catch (err) {
    if (err instanceof CurlImportError) return { ok: false, reason: err.message };
    throw err;
  }
  const notes: string[] = [];
  let match: OperationMatch | undefined;
  if (options.operationId !== undefined) {
    const op = catalog.get(options.operationId);
    if (!op) return { ok: false, reason: `There is no operation "${options.operationId}" in the catalog.` };
    match = matchTemplate(op, parsed.url) ?? { op, pathParams: {}, tier: 0, notes: [] };
    if (!matchTemplate(op, parsed.url)) {
      notes.push(`The URL's path does not fit ${op.path}: fill in "pathParams" by hand.`);
    }
  } else {
    const found = matchOperation(parsed, catalog.all());
    if ('reason' in found) return { ok: false, reason: found.reason };
    match = found;
  }
  notes.push(...match.notes);
  const { op } = match;
  if (op.method !== parsed.method) {
    notes.push(
      `The command uses ${parsed.method}, but ${op.id} is ${op.method} ${op.path}: the request file sends ${op.method}.`,
    );
  }
  // What was dropped for safety comes first: it is what a user must not miss.
  const credentialNotes = [...parsed.credentialNotes];
  const fileNotes: string[] = [];
  let fileText: string;
  try {
    fileText = requestFileText(parsed, match, credentialNotes, fileNotes);
  } catch (err) {
    if (err instanceof CurlImportError) return { ok: false, reason: err.message };
    throw err;
  }
  notes.push(...credentialNotes, ...parsed.notes, ...fileNotes);
  const settings = options.settings ?? DEFAULT_SERVER_SETTINGS;
  let fixable: number | undefined;
  if (options.fixMechanical) {
    const fixed = fixImported(fileText, catalog, settings);
    fileText = fixed.text;
    fixable = fixed.fixable;
    notes.push(...fixed.changes);
  }
  const analysis = analyze(fileText, catalog, settings);
  for (const p of analysis.problems) notes.push(`${lineCol(fileText, p.offset)}: ${p.severity}: ${p.message}`);
  return {
    ok: true,
    fileText,
    operationId: op.id,
    notes,
    commandMethod: parsed.method,
    data: parsed.body,
    ...(fixable !== undefined ? { fixable } : {}),
  };
}

class CurlImportError extends Error {
  override name = 'CurlImportError';
}

// ---------------------------------------------------------------------------------------------------------------
// Splitting the command into words

/**
 * Words of a command line. Windows cmd commands (Chrome's "Copy as cURL (cmd)": `^"…^"`, `^` line ends) go
 * through cmd.exe's caret pass then the C runtime's quoting rules; everything else is read as a POSIX shell
 * would, without expanding anything. Stops at `|`, `;`, `&&`, `||` and redirections.
 */
export function commandWords(input: string): { words: string[]; notes: string[] } {
  const cmd = /\^\r?\n/.test(input) || /\^"/.test(input);
  return cmd ? cmdWords(input) : posixWords(input);
}

function posixWords(input: string): { words: string[]; notes: string[] } {
  const words: string[] = [];
  const notes: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const n = input.length;
  const end = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  while (i < n) {
    const c = input[i];
    if (c === '\\' && (input[i + 1] === '\n' || (input[i + 1] === '\r' && input[i + 2] === '\n'))) {
      i += input[i + 1] === '\r' ? 3 : 2; // line continuation
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      end();
      i++;
    } else if (c === '#' && !inWord) {
      while (i < n && input[i] !== '\n') i++; // comment
    } else if (!inWord && /^(\|\|?|;|&&|&\s|&$|[<>]|\d>)/.test(input.slice(i, i + 2))) {
      const op = input.slice(i).match(/^(\|\|?|;|&&?|\d?>>?|<)/)?.[0] ?? c;
      notes.push(`Everything from "${op}" on was ignored: only the curl command itself is imported.`);
      break;
    } else if (c === "'") {
      const close = input.indexOf("'", i + 1);
      if (close < 0) throw new CurlImportError('A single quote is not closed.');
      word += input.slice(i + 1, close);
      inWord = true;
      i = close + 1;
    } else if (c === '$' && input[i + 1] === "'") {
      const r = ansiCString(input, i + 2);
      word += r.text;
      inWord = true;
      i = r.next;
    } else if (c === '"' || (c === '$' && input[i + 1] === '"')) {
      i += c === '$' ? 2 : 1;
      for (;;) {
        if (i >= n) throw new CurlImportError('A double quote is not closed.');
        const d = input[i];
        if (d === '"') break;
        if (d === '\\' && input[i + 1] === '\r' && input[i + 2] === '\n') i += 3;
        else if (d === '\\' && '"\\$`\n'.includes(input[i + 1] ?? '')) {
          if (input[i + 1] !== '\n') word += input[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      inWord = true;
      i++;
    } else if (c === '\\') {
      word += input[i + 1] ?? '';
      inWord = true;
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  end();
  return { words, notes };
}

const ANSI_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** Bash's `$'…'` strings, from just after the opening quote. */
function ansiCString(input: string, start: number): { text: string; next: number } {
  let text = '';
  let i = start;
  for (;;) {
    if (i >= input.length) throw new CurlImportError("A $'…' string is not closed.");
    const c = input[i];
    if (c === "'") return { text, next: i + 1 };
    if (c !== '\\') {
      text += c;
      i++;
      continue;
    }
    const e = input[i + 1] ?? '';
    const hex = (max: number): void => {
      const m = new RegExp(`^[0-9a-fA-F]{1,${max}}`).exec(input.slice(i + 2));
      if (!m) {
        text += '\\' + e;
        i += 2;
        return;
      }
      text += String.fromCodePoint(Math.min(parseInt(m[0], 16), 0x10ffff));
      i += 2 + m[0].length;
    };
    if (e in ANSI_ESCAPES) {
      text += ANSI_ESCAPES[e];
      i += 2;
    } else if (e === 'x') hex(2);
    else if (e === 'u') hex(4);
    else if (e === 'U') hex(8);
    else if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(input.slice(i + 1))![0];
      text += String.fromCharCode(parseInt(m, 8));
      i += 1 + m.length;
    } else {
      text += '\\' + e;
      i += 2;
    }
  }
}

function cmdWords(input: string): { words: string[]; notes: string[] } {
  // Chrome writes every backslash as \\ and every quote as \" inside its ^"…^" words, but the C runtime keeps
  // backslashes literal unless a quote follows: decoding its output by the runtime's rules would double them.
  const chrome = /\^"/.test(input);
  // Pass 1, cmd.exe: outside double quotes `^` takes the next character literally; `^` + line break joins lines.
  let s = '';
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === '"') {
      quoted = !quoted;
      s += c;
    } else if (c === '^' && !quoted) {
      if (input[i + 1] === '\r' && input[i + 2] === '\n') i += 2;
      else if (input[i + 1] === '\n') i += 1;
      else if (i + 1 < input.length) s += input[++i];
    } else s += c;
  }
  // Pass 2, the C runtime's argument rules: backslashes count only before a quote; "" inside quotes is a quote.
  const words: string[] = [];
  let word = '';
  let inWord = false;
  quoted = false;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\' && chrome && (s[i + 1] === '\\' || s[i + 1] === '"')) {
      word += s[i + 1];
      i += 2;
      inWord = true;
    } else if (c === '\\') {
      let k = 0;
      while (s[i + k] === '\\') k++;
      if (s[i + k] === '"') {
        word += '\\'.repeat(Math.floor(k / 2));
        if (k % 2 === 1) {
          word += '"';
          i += k + 1;
        } else i += k;
      } else {
        word += '\\'.repeat(k);
        i += k;
      }
      inWord = true;
    } else if (c === '"') {
      if (quoted && s[i + 1] === '"') {
        word += '"';
        i += 2;
      } else {
        quoted = !quoted;
        i++;
      }
      inWord = true;
    } else if (!quoted && (c === ' ' || c === '\t' || c === '\n' || c === '\r')) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (quoted) throw new CurlImportError('A double quote is not closed.');
  if (inWord) words.push(word);
  return { words, notes: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading curl's options

interface ParsedCurl {
  method: string;
  url: URL;
  headers: Array<[string, string]>;
  /** The data as given (`-d` parts joined with `&`, like curl), undefined without data. */
  body: string | undefined;
  /** True when the data was URL-encoded form data (`--data-urlencode`), not JSON. */
  formData: boolean;
  credentialNotes: string[];
  notes: string[];
}

/** Options that take a value, by every name they go by. */
const VALUE_OPTIONS: Record<string, string> = {
  '-X': 'request',
  '--request': 'request',
  '-H': 'header',
  '--header': 'header',
  '-d': 'data',
  '--data': 'data',
  '--data-ascii': 'data',
  '--data-binary': 'data',
  '--data-raw': 'data-raw',
  '--data-urlencode': 'data-urlencode',
  '--json': 'json',
  '--url': 'url',
  '-u': 'credential',
  '--user': 'credential',
  '-b': 'credential',
  '--cookie': 'credential',
  '--oauth2-bearer': 'credential',
  '-U': 'credential',
  '--proxy-user': 'credential',
  '--aws-sigv4': 'credential',
  '-E': 'credential',
  '--cert': 'credential',
  '--key': 'credential',
  '--pass': 'credential',
  '-F': 'form',
  '--form': 'form',
  '--form-string': 'form',
  '-T': 'upload',
  '--upload-file': 'upload',
};
/** Value options without meaning for a request file (transport, output). */
const IGNORED_VALUE_OPTIONS = new Set(
  (
    '-o --output -m --max-time --connect-timeout -w --write-out --retry --retry-delay --retry-max-time --cacert ' +
    '--capath --cert-type --key-type -x --proxy --proxy-header --resolve --connect-to --limit-rate --max-redirs ' +
    '-A --user-agent -e --referer -c --cookie-jar -r --range -D --dump-header --trace --trace-ascii --stderr -K ' +
    '--config -Y --speed-limit -y --speed-time -z --time-cond -C --continue-at --interface --dns-servers --ciphers ' +
    '--tls-max --expect100-timeout --keepalive-time --local-port --max-filesize --noproxy --output-dir -Q --quote ' +
    '--happy-eyeballs-timeout-ms --variable --unix-socket --abstract-unix-socket --proto --proto-redir --sasl-authzid'
  ).split(' '),
);
const SHORT_WITH_VALUE = new Set('XHdubUEFTomwxAecrDKYyzCQ'.split(''));

/** Browser "Copy as cURL" noise: request metadata the API does not need. */
const BROWSER_HEADER = /^(sec-|origin$|referer$|priority$|dnt$|cache-control$|pragma$|upgrade-insecure-requests$)/i;
/** Headers the sender sets itself when the file does not (framing headers are the header rules' business). */
const SENDER_DEFAULTS = new Set(['content-type', 'accept', 'user-agent']);

function parseCurl(command: string): ParsedCurl {
  const { words, notes } = commandWords(command.trim());
  if (words[0] === '$' || words[0] === '>') words.shift(); // a copied prompt
  if (!/(^|[/\\])curl(\.exe)?$/i.test(words[0] ?? '')) {
    throw new CurlImportError('This is not a cURL command: it should start with "curl".');
  }
  let method: string | undefined;
  let urlText: string | undefined;
  let forceGet = false;
  let head = false;
  let formData = false;
  let json = false;
  const headers: Array<[string, string]> = [];
  const data: string[] = [];
  const ignored: string[] = [];
  const credentials: string[] = [];
  const extraUrls: number[] = [];

  const handle = (name: string, value: string | undefined): void => {
    const kind = VALUE_OPTIONS[name];
    if (kind === 'request') method = value!.toUpperCase();
    else if (kind === 'header') addHeader(value!);
    else if (kind === 'data' || kind === 'json') {
      if (value!.startsWith('@')) {
        throw new CurlImportError(
          `The command reads its data from a file (${name} @…): paste the body itself instead.`,
        );
      }
      data.push(value!);
      if (kind === 'json') json = true;
    } else if (kind === 'data-raw') data.push(value!);
    else if (kind === 'data-urlencode') {
      data.push(urlEncodeData(value!, name));
      formData = true;
    } else if (kind === 'url') urlText = value;
    else if (kind === 'credential') credentials.push(name);
    else if (kind === 'form') throw new CurlImportError(`${name} sends a multipart form, not a JSON request.`);
    else if (kind === 'upload') throw new CurlImportError(`${name} uploads a file, which is never read here.`);
    else if (name === '-G' || name === '--get') forceGet = true;
    else if (name === '-I' || name === '--head') head = true;
    else ignored.push(name);
  };

  const addHeader = (h: string): void => {
    if (h.startsWith('@')) {
      notes.push('Headers read from a file (-H @file) were not imported.');
      return;
    }
    const semi = /^([^:\s]+);\s*$/.exec(h); // curl's "Name;" sends an empty header
    const colon = h.indexOf(':');
    if (!semi && colon <= 0) {
      notes.push(`A header without "Name: value" was ignored.`);
      return;
    }
    const name = semi ? semi[1] : h.slice(0, colon).trim();
    const value = semi ? '' : h.slice(colon + 1).trim();
    if (!semi && value === '') return; // "Name:" removes a header curl would send
    headers.push([name, value]);
  };

  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=');
      const name = eq > 0 && !(w in VALUE_OPTIONS) ? w.slice(0, eq) : w;
      const takes = name in VALUE_OPTIONS || IGNORED_VALUE_OPTIONS.has(name);
      let value: string | undefined;
      if (takes) {
        value = eq > 0 && name !== w ? w.slice(eq + 1) : words[++i];
        if (value === undefined) throw new CurlImportError(`The option ${name} needs a value.`);
      }
      if (IGNORED_VALUE_OPTIONS.has(name)) ignored.push(name);
      else handle(name, value);
    } else if (w.startsWith('-') && w.length > 1 && w !== '-') {
      // A cluster of short options (-sSL, -XPUT, -kiv): the first one taking a value takes the rest or the next word.
      for (let k = 1; k < w.length; k++) {
        const name = `-${w[k]}`;
        if (SHORT_WITH_VALUE.has(w[k])) {
          const rest = w.slice(k + 1);
          const value = rest !== '' ? rest : words[++i];
          if (value === undefined) throw new CurlImportError(`The option ${name} needs a value.`);
          if (IGNORED_VALUE_OPTIONS.has(name)) ignored.push(name);
          else handle(name, value);
          break;
        }
        handle(name, undefined);
      }
    } else if (urlText === undefined) urlText = w;
    else extraUrls.push(i);
  }

  if (urlText === undefined) throw new CurlImportError('The command has no URL.');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(urlText) ? urlText : `http://${urlText}`);
  } catch {
    throw new CurlImportError('The URL of the command is not valid.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CurlImportError(`Only http and https URLs can be imported, not ${url.protocol.replace(/:$/, '')}.`);
  }
  if (url.username || url.password) {
    credentials.push('a user name and password in the URL');
    url.username = '';
    url.password = '';
  }
  if (extraUrls.length > 0) notes.push(`Only the first URL was imported; ${extraUrls.length} more were ignored.`);
  const credentialNotes: string[] = [];
  if (credentials.length > 0) {
    credentialNotes.push(
      `Credentials are never imported: dropped ${unique(credentials).join(', ')}. The token comes from your own token store when you send.`,
    );
  }
  const insecure: string[] = unique(ignored).filter((o) => o === '-k' || o === '--insecure');
  if (insecure.length > 0) notes.push(`Ignored ${insecure.join(', ')}: TLS certificates are always verified.`);
  const redirects: string[] = unique(ignored).filter((o) => o === '-L' || o === '--location');
  if (redirects.length > 0) notes.push(`Ignored ${redirects.join(', ')}: redirects are never followed.`);
  const other = unique(ignored).filter((o) => !insecure.includes(o) && !redirects.includes(o));
  if (other.length > 0) {
    notes.push(`Ignored ${other.join(', ')}: output and transport options do not belong in a request file.`);
  }

  let body = data.length > 0 ? data.join('&') : undefined;
  if (forceGet && body !== undefined) {
    // -G: the data goes into the query string, exactly as curl appends it.
    url.search = url.search ? `${url.search}&${body}` : `?${body}`;
    body = undefined;
    formData = false;
  }
  if (json) notes.push('--json sets Content-Type and Accept to application/json, as the request file does anyway.');
  return {
    method: method ?? (head ? 'HEAD' : body !== undefined ? 'POST' : 'GET'),
    url,
    headers,
    body,
    formData,
    credentialNotes,
    notes,
  };
}

/** curl's --data-urlencode forms: `content`, `=content`, `name=content` (and `@file`, `name@file`, refused). */
function urlEncodeData(value: string, option: string): string {
  const eq = value.indexOf('=');
  const at = value.indexOf('@');
  if (at >= 0 && (eq < 0 || at < eq)) {
    throw new CurlImportError(`The command reads data from a file (${option} …@file): paste the value instead.`);
  }
  if (eq < 0) return encodeURIComponent(value);
  const name = value.slice(0, eq);
  const content = encodeURIComponent(value.slice(eq + 1));
  return name === '' ? content : `${name}=${content}`;
}

const unique = <T>(list: T[]): T[] => [...new Set(list)];

// ---------------------------------------------------------------------------------------------------------------
// Finding the operation

interface OperationMatch {
  op: Operation;
  pathParams: Record<string, string>;
  /** 2: a documented server's host and base path; 1: a documented base path (or no servers); 0: the path's end. */
  tier: number;
  notes: string[];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const templateCache = new WeakMap<Operation, { re: RegExp; names: string[]; literal: number }>();

function compiledTemplate(op: Operation): { re: RegExp; names: string[]; literal: number } {
  let t = templateCache.get(op);
  if (!t) {
    const names: string[] = [];
    let literal = 0;
    const source = op.path
      .replace(/\/+$/, '')
      .split(/(\{[^}/]+\})/)
      .map((part) => {
        const m = /^\{([^}]+)\}$/.exec(part);
        if (m) {
          names.push(m[1]);
          return '([^/]+)';
        }
        literal += part.length;
        return escapeRegExp(part);
      })
      .join('');
    t = { re: new RegExp(`^${source}/?$`), names, literal };
    templateCache.set(op, t);
  }
  return t;
}

function basePathOf(server: string): { host: string | undefined; path: string } {
  try {
    const u = new URL(server);
    return { host: u.hostname.toLowerCase(), path: u.pathname.replace(/\/+$/, '') };
  } catch {
    return { host: undefined, path: server.startsWith('/') ? server.replace(/\/+$/, '') : '' };
  }
}

/** Matches the URL's path against an operation's template, under its servers' base paths if it can. */
function matchTemplate(op: Operation, url: URL): OperationMatch | undefined {
  const { re, names } = compiledTemplate(op);
  const path = url.pathname;
  const host = url.hostname.toLowerCase();
  const fit = (rest: string): Record<string, string> | undefined => {
    const m = re.exec(rest);
    if (!m) return undefined;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      const raw = m[i + 1] ?? '';
      try {
        params[name] = decodeURIComponent(raw);
      } catch {
        params[name] = raw;
      }
    });
    return params;
  };
  const bases = op.servers.map(basePathOf);
  let hostOnly: { params: Record<string, string> } | undefined;
  for (const base of bases) {
    if (base.path !== '' && !(path === base.path || path.startsWith(base.path + '/'))) continue;
    const params = fit(path.slice(base.path.length) || '/');
    if (!params) continue;
    if (base.host === host) return { op, pathParams: params, tier: 2, notes: [] };
    hostOnly ??= { params };
  }
  const documentedHosts = unique(bases.map((b) => b.host).filter((h): h is string => h !== undefined));
  if (hostOnly) {
    const note =
      documentedHosts.length > 0
        ? `${url.host} is not a documented server of ${op.id} (${documentedHosts.join(', ')}); it was matched by its path.`
        : `${op.id} documents no server host; it was matched by the URL's path.`;
    return { op, pathParams: hostOnly.params, tier: 1, notes: [note] };
  }
  if (bases.length === 0) {
    const params = fit(path);
    if (params) {
      return {
        op,
        pathParams: params,
        tier: 1,
        notes: [`${op.id} documents no server; it was matched by the URL's path.`],
      };
    }
  }
  // Last resort: the template matches the end of the path (an undocumented gateway prefix, a proxy…).
  const segments = path.split('/');
  for (let k = 2; k < segments.length; k++) {
    const rest = '/' + segments.slice(k).join('/');
    const params = fit(rest);
    if (params) {
      const prefix = segments.slice(0, k).join('/');
      return {
        op,
        pathParams: params,
        tier: 0,
        notes: [
          `The start of the path (${prefix}) is not a documented base path of ${op.id}; it was matched by the rest.`,
        ],
      };
    }
  }
  return undefined;
}

/**
 * The catalog operation a request line of a docs page names (`PUT /v1/usg/…`, a URL or a bare path), by the
 * importer's own matching: the same operation a cURL command to that URL is imported as.
 */
export function matchRequestLine(
  method: string,
  target: string,
  operations: Operation[],
): { operationId: string; notes: string[] } | { reason: string } {
  let url: URL;
  try {
    url = new URL(target, `http://${NO_HOST}`);
  } catch {
    return { reason: `${target} is not a URL or a path.` };
  }
  const parsed: ParsedCurl = {
    method,
    url,
    headers: [],
    body: undefined,
    formData: false,
    credentialNotes: [],
    notes: [],
  };
  const found = matchOperation(parsed, operations);
  if ('reason' in found) return found;
  // A bare path names no host: notes that the (made up) host is not documented say nothing.
  return { operationId: found.op.id, notes: found.notes.filter((n) => !n.includes(NO_HOST)) };
}

const NO_HOST = 'docs.invalid';

function matchOperation(parsed: ParsedCurl, operations: Operation[]): OperationMatch | { reason: string } {
  const candidates: OperationMatch[] = [];
  for (const op of operations) {
    const m = matchTemplate(op, parsed.url);
    if (m) candidates.push(m);
  }
  if (candidates.length === 0) {
    return {
      reason: `No catalog operation matches ${parsed.method} ${parsed.url.pathname} (${operations.length} operations searched). Add the API as a user catalog, or name the operation yourself.`,
    };
  }
  // A documented host beats a bare path; then the method the command uses; then the most literal template.
  const hasBody = parsed.body !== undefined;
  const score = (m: OperationMatch): number[] => [
    m.tier,
    m.op.method === parsed.method ? 1 : 0,
    // Without an explicit match, a command with a body more likely meant a method that takes one.
    (m.op.body !== undefined) === hasBody ? 1 : 0,
    compiledTemplate(m.op).literal,
    -Object.keys(m.pathParams).length,
  ];
  const compare = (a: number[], b: number[]): number => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i] - a[i];
    return 0;
  };
  candidates.sort((a, b) => compare(score(a), score(b)));
  const best = candidates[0];
  const ties = candidates.slice(1).filter((c) => compare(score(c), score(best)) === 0);
  if (ties.length > 0) {
    best.notes.push(`Also matches ${ties.map((t) => t.op.id).join(', ')}; change "operation" if you meant another.`);
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing the request file

function requestFileText(
  parsed: ParsedCurl,
  match: OperationMatch,
  credentialNotes: string[],
  notes: string[],
): string {
  const { op } = match;
  const file: Record<string, unknown> = { operation: op.id };
  if (Object.keys(match.pathParams).length > 0) file.pathParams = match.pathParams;

  const query: Record<string, unknown> = {};
  const droppedQuery: string[] = [];
  for (const [name, value] of parsed.url.searchParams) {
    const param = op.params.find((p) => p.in === 'query' && p.name === name);
    if (!param && looksSecret(name, 'query')) {
      droppedQuery.push(name);
      continue;
    }
    const typed = param ? typedQueryValue(value, param.schema) : value;
    const prev = query[name];
    query[name] = prev === undefined ? typed : Array.isArray(prev) ? [...(prev as unknown[]), typed] : [prev, typed];
  }
  if (droppedQuery.length > 0) {
    credentialNotes.push(
      droppedQuery.length > 1
        ? `Dropped the query parameters ${unique(droppedQuery).join(', ')}: they look like credentials.`
        : `Dropped the query parameter ${droppedQuery[0]}: it looks like a credential.`,
    );
  }
  if (Object.keys(query).length > 0) file.query = query;

  // The editor's and the sender's header rules decide; only the wording of what is left out is the importer's.
  const rules = headerContext(op);
  const headers: Record<string, string> = {};
  const droppedCredentials: string[] = [];
  const browser: string[] = [];
  for (const [name, value] of parsed.headers) {
    const lower = name.toLowerCase();
    const problem = nameProblem(name, rules);
    const documented = documentedIn(name, rules);
    if (problem?.code === 'credential-header') droppedCredentials.push(name);
    else if (!documented && lower === 'content-type' && !/json/i.test(value)) {
      notes.push(`The command sends Content-Type ${value.slice(0, 60)}; the request file sends JSON.`);
    } else if (problem?.code === 'header-framing' || (!documented && SENDER_DEFAULTS.has(lower))) {
      // Left out silently: the HTTP client frames the request and sets these itself.
    } else if (!documented && (BROWSER_HEADER.test(name) || lower === 'accept-language')) browser.push(name);
    else if (problem) notes.push(`${problem.message} It was not imported.`);
    else headers[name] = value;
  }
  if (droppedCredentials.length > 0) {
    credentialNotes.push(
      `Dropped the ${unique(droppedCredentials).join(', ')} header${droppedCredentials.length > 1 ? 's' : ''}: credentials are never imported; the token comes from your own token store when you send.`,
    );
  }
  if (browser.length > 0) notes.push(`Dropped browser headers the API does not need: ${unique(browser).join(', ')}.`);
  if (Object.keys(headers).length > 0) file.headers = headers;

  // The body keeps its exact text (number literals, key order, escapes), only re-indented.
  let bodyText: string | undefined;
  if (parsed.body !== undefined) {
    const trimmed = parsed.body.trim();
    if (!parsed.formData && isJson(trimmed)) {
      bodyText = indentBody(trimmed);
      if (bodyText === undefined) {
        bodyText = trimmed;
        notes.push(
          `The body was kept as written: re-indented, it would be larger than ${MAX_COMMAND_LENGTH / 1024 / 1024} MB.`,
        );
      }
    } else {
      bodyText = JSON.stringify(parsed.body);
      notes.push(
        parsed.formData
          ? 'The data is URL-encoded form data, not JSON; it was imported as a string.'
          : 'The data is not valid JSON; it was imported as a string.',
      );
    }
  }
  let text = JSON.stringify(file, null, 2);
  if (bodyText !== undefined) text = `${text.slice(0, -2)},\n  "body": ${bodyText}\n}`;
  return text + '\n';
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The body re-indented under `"body": `, or undefined when that would grow past {@link MAX_COMMAND_LENGTH}.
 * Data nested deeper than a request file may be is refused first: the body sits one level inside the file.
 */
function indentBody(text: string): string | undefined {
  const tooDeepAt = scanStructure(text, LIMITS.maxDepth - 1).tooDeepAt;
  if (tooDeepAt !== undefined) {
    throw new CurlImportError(
      `The data is nested more than ${LIMITS.maxDepth - 1} levels deep (at character ${tooDeepAt + 1}): a request file allows ${LIMITS.maxDepth}, its envelope included.`,
    );
  }
  return indentJson(text, 1, MAX_COMMAND_LENGTH);
}

/** A query value as the parameter's schema wants it: `10` for a number, `true` for a boolean, else the text. */
function typedQueryValue(value: string, schema: JsonSchema): unknown {
  if (typeof schema !== 'object') return value;
  const types = Array.isArray(schema.type) ? (schema.type as unknown[]) : [schema.type];
  if (types.includes('string') || types.includes(undefined)) return value;
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value)) {
    return Number(value);
  }
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function lineCol(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return `${line}:${offset - start + 1}`;
}
