/**
 * Validation of a request file, the lazy way: `JSON.parse` then ajv, and only when there is something to
 * report, one pass to find where it stands. While the text is not valid JSON (mid-typing), a tolerant parse
 * takes over. Size and nesting depth are checked first, so hostile input yields one clear problem.
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { uncheckedPatternsDuring } from '../catalog/boundedRegExp';
import type { Catalog } from '../catalog/catalog';
import { quote, USER_CATALOG_LIMITS } from '../catalog/userCatalogLimits';
import type { Operation } from '../catalog/types';
import type { ServerSettings } from '../../../common/settings';
import { problemsFromAjv } from './ajvProblems';
import { blankBom } from './bom';
import { withFreshDates } from './freshDates';
import { checkEnvelope } from './envelope';
import { headerProblems } from './headerProblems';
import { pathKey, placePaths, type JsonPath, type Located, type Place } from './locate';
import { MAX_PROBLEMS, tooManyProblems, type Fix, type Problem } from './problems';
import { expand, placeholderValue, TAB_STOP } from './schemaNav';
import { quickStructure, scanStructure, type ScanResult } from './scan';
import { tolerantValue } from './tolerantValue';
import { isObj } from '../../../common/json';
import { sendSizeProblem } from '../../../common/requestSpec';

export const LIMITS = {
  /** Characters; larger files get one problem and no validation. */
  maxTextLength: 50 * 1024 * 1024,
  /** Nesting levels. Real payloads nest fewer than ten. */
  maxDepth: 256,
};

export interface PlacedProblem extends Problem {
  offset: number;
  length: number;
}

export interface Analysis {
  problems: PlacedProblem[];
  /** The parsed document (recovered when the text has syntax errors). */
  value: unknown;
  syntaxOk: boolean;
  op: Operation | undefined;
  /** Where `body` stands in the text, when present. */
  body: Located | undefined;
}

export interface AnalyzeOptions {
  /** Also find where `body` stands (for sending); skipped otherwise, as it costs a pass over the text. */
  locateBody?: boolean;
}

export function analyze(
  original: string,
  catalog: Catalog,
  settings: ServerSettings,
  options: AnalyzeOptions = {},
): Analysis {
  const text = blankBom(original);
  const empty = { value: undefined, syntaxOk: false, op: undefined, body: undefined };
  if (text.length > LIMITS.maxTextLength) {
    const mb = (text.length / 1024 / 1024).toFixed(1);
    return {
      ...empty,
      problems: [
        {
          severity: 'warning',
          code: 'too-large',
          message: `This file is ${mb} MB; files over ${LIMITS.maxTextLength / 1024 / 1024} MB are not validated.`,
          offset: 0,
          length: 1,
        },
      ],
    };
  }
  const problems: Problem[] = [];
  // The sender's size rule (common/requestSpec.ts), reported where the file starts: it is validated, not sent.
  const tooLargeToSend = sendSizeProblem(original);
  if (tooLargeToSend !== undefined) {
    problems.push({ severity: 'info', code: 'too-large-to-send', message: tooLargeToSend, offset: 0, length: 1 });
  }
  let value: unknown;
  let tree: Node | undefined;
  let syntaxOk = true;
  let scan: ScanResult | undefined;
  let reservedKey = true;
  try {
    value = JSON.parse(text);
    const quick = quickStructure(text, value);
    reservedKey = quick.reservedKey;
    // The exact scan (offsets of duplicates, of the first too-deep bracket) only when there is something to find.
    if (!quick.keysMatch || quick.maxDepth > LIMITS.maxDepth) scan = scanStructure(text, LIMITS.maxDepth);
  } catch {
    // Text being typed: its own function, so the path of valid files stays small for the JIT.
    syntaxOk = false;
    ({ value, tree, scan } = tolerantParse(text, problems));
  }
  if (scan?.tooDeepAt !== undefined) {
    return {
      ...empty,
      problems: [
        {
          severity: 'error',
          code: 'too-deep',
          message: `Nested more than ${LIMITS.maxDepth} levels deep here; the file is not validated further.`,
          offset: scan.tooDeepAt,
          length: 1,
        },
      ],
    };
  }
  for (const d of scan?.duplicates ?? []) {
    problems.push({
      severity: 'error',
      code: 'duplicate-key',
      message: `Duplicate key "${d.key}": servers disagree on which one counts. Keep one.`,
      offset: d.offset,
      length: d.length,
    });
  }

  // No key of the value is reserved: then the text spells none, plainly or with escapes (quickStructure).
  if (syntaxOk && reservedKey) {
    problems.push(...reservedKeys(text));
    // A reserved key spelled with \u escapes ("\u005f_proto__"): only the exact scan decodes keys.
    if (text.includes('\\u')) {
      scan ??= scanStructure(text, LIMITS.maxDepth);
      for (const k of (scan.escapedReserved ?? []).slice(0, 100)) {
        problems.push(reservedKeyProblem(k.key, k.offset, k.length));
      }
    }
  }

  const { problems: envelopeProblems, op } =
    value === undefined && !syntaxOk ? { problems: [], op: undefined } : checkEnvelope(value, catalog);
  // Not push(...list): a list of 300,000 problems (one per unknown key) exceeds the argument limit.
  for (const p of envelopeProblems) problems.push(p);
  for (const p of headerProblems(value, op)) problems.push(p);
  if (op && isObj(value)) for (const p of checkBody(value, op, catalog, settings)) problems.push(p);

  // Place every problem that has a path.
  const pathed: Problem[] = [];
  const wanted: JsonPath[] = [];
  for (const p of problems) {
    if (p.path && p.offset === undefined) {
      pathed.push(p);
      wanted.push(p.path);
    }
  }
  const hasBody = options.locateBody === true && isObj(value) && 'body' in value;
  if (hasBody) wanted.push(['body']);
  // Without repeated keys (the quick check said so, or the exact scan found none) the pass may stop early.
  const noRepeatedKeys = scan === undefined || scan.duplicates.length === 0;
  const places =
    wanted.length === 0 ? [] : tree ? placesInTree(tree, wanted) : placePaths(text, wanted, { noRepeatedKeys });
  pathed.forEach((p, i) => spot(p, places[i]));
  const body = hasBody ? places[wanted.length - 1] : undefined;
  return {
    problems: placeAll(problems),
    value,
    syntaxOk,
    op,
    body: body?.whole ? body.located : undefined,
  };
}

/**
 * Every problem at its offset (explicit, or given by {@link spot}), in the order of the text. The problems were
 * made for this analysis, so they are placed where they are, not copied.
 */
function placeAll(problems: Problem[]): PlacedProblem[] {
  const placed = problems as PlacedProblem[];
  for (const p of placed) p.length ??= 1;
  return placed.sort((a, b) => a.offset - b.offset || rank(a) - rank(b));
}

/** The value and tree of a text JSON.parse refused, with its syntax problems (pushed onto `problems`). */
function tolerantParse(
  text: string,
  problems: Problem[],
): { value: unknown; tree: Node | undefined; scan: ScanResult } {
  let value: unknown;
  let tree: Node | undefined;
  // jsonc-parser recurses: the depth is checked before it sees the text.
  const scan = scanStructure(text, LIMITS.maxDepth);
  if (scan.tooDeepAt === undefined) {
    const errors: ParseError[] = [];
    tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
    // The tree locates the problems; the value ends half-typed keys first, so no member is lost.
    value = tree ? tolerantValue(text) : undefined;
    if (text.trim() === '') errors.length = 0;
    const trailingCommas = new Set<number>();
    for (const e of errors.slice(0, 50)) {
      const comma = trailingCommaBefore(text, e.offset);
      if (comma !== undefined) {
        // jsonc-parser reports a trailing comma as two errors at the bracket; it is one mistake, at the comma.
        if (trailingCommas.has(comma)) continue;
        trailingCommas.add(comma);
        problems.push({
          severity: 'error',
          code: 'syntax',
          message: `Trailing comma: JSON allows no comma before ${text[e.offset]}.`,
          offset: comma,
          length: 1,
        });
        continue;
      }
      problems.push({
        severity: 'error',
        code: 'syntax',
        message: syntaxMessage(e.error),
        offset: e.offset,
        length: Math.max(1, e.length),
      });
    }
    if (text.trim() === '') {
      problems.push({
        severity: 'error',
        code: 'syntax',
        message: 'The file is empty: a request file is a JSON object with an "operation".',
        offset: 0,
        length: 0,
      });
    }
  }
  return { value, tree, scan };
}

/**
 * `__proto__`, `constructor` and `prototype` keys: harmless to JSON.parse, but prototype-pollution vectors
 * for whatever merges the body on the receiving side, and read differently by different parsers.
 */
function reservedKeys(text: string): Problem[] {
  const out: Problem[] = [];
  const re = /"(__proto__|constructor|prototype)"\s*:/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && out.length < 100) {
    if (m.index > 0 && text[m.index - 1] === '\\') continue; // inside a string value
    out.push(reservedKeyProblem(m[1], m.index, m[1].length + 2));
  }
  return out;
}

function reservedKeyProblem(key: string, offset: number, length: number): Problem {
  return {
    severity: 'error',
    code: 'reserved-key',
    message: `"${key}" is not allowed as a key: receiving servers may treat it as their object prototype.`,
    offset,
    length,
  };
}

const rank = (p: Problem): number => (p.severity === 'error' ? 0 : p.severity === 'warning' ? 1 : 2);

function checkBody(doc: Record<string, unknown>, op: Operation, catalog: Catalog, settings: ServerSettings): Problem[] {
  if (!('body' in doc)) {
    if (!op.body?.required) return [];
    const example = op.body.examples[0]?.value;
    const body = (title: string, value: unknown): Fix => ({
      kind: 'add',
      title,
      path: [],
      properties: [{ name: 'body', value }],
    });
    return [
      {
        severity: 'error',
        code: 'missing-body',
        message: `${op.id} needs a body.`,
        path: ['operation'],
        target: 'value',
        fixes: [
          body(
            'Add a body with the required fields',
            placeholderValue(catalog, expand(catalog, op.body.schema), { blank: TAB_STOP }),
          ),
          ...(example === undefined ? [] : [body('Add the documented example body', withFreshDates(example))]),
        ],
      },
    ];
  }
  if (!op.body) {
    return [
      {
        severity: 'warning',
        code: 'unexpected-body',
        message: `${op.id} takes no body; it would be sent anyway.`,
        path: ['body'],
        target: 'key',
      },
    ];
  }
  let validate;
  try {
    validate = catalog.bodyValidator(op);
  } catch (err) {
    return [
      {
        severity: 'warning',
        code: 'schema-broken',
        message: `The schema of ${op.id} could not be compiled, so the body was not validated: ${(err as Error).message}`,
        path: ['body'],
        target: 'key',
      },
    ];
  }
  if (!validate) return [];
  const check = validate;
  const { result: valid, unchecked } = uncheckedPatternsDuring(() => check(doc.body));
  const notChecked = unchecked.map((source): Problem => ({
    severity: 'warning',
    code: 'pattern-unchecked',
    message: `The catalog's pattern ${quote(source)} took longer than ${USER_CATALOG_LIMITS.matchTimeoutMs} ms on a value here, so it is no longer checked.`,
    path: ['body'],
    target: 'key',
  }));
  const all = valid ? [] : (validate.errors ?? []);
  // Undocumented keys come from what the schema declares, not from ajv (see undocumented.ts).
  const undocumented =
    settings.unknownBodyFields === 'off'
      ? { keys: [], count: 0 }
      : catalog.undocumentedKeys(op.body.schema, doc.body, MAX_PROBLEMS);
  if (all.length === 0 && undocumented.count === 0) return notChecked;
  const errors = all.length > MAX_PROBLEMS ? all.slice(0, MAX_PROBLEMS) : all;
  const problems = problemsFromAjv(errors, {
    catalog,
    rootSchema: op.body.schema,
    data: doc.body,
    prefix: ['body'],
    unknownFields: settings.unknownBodyFields,
    rootLabel: 'body',
    undocumented: undocumented.keys,
  });
  if (errors !== all) problems.push(tooManyProblems(all.length, 'schema errors in the body', ['body']));
  if (undocumented.count > undocumented.keys.length) {
    problems.push({
      ...tooManyProblems(undocumented.count, 'undocumented properties in the body', ['body']),
      severity: settings.unknownBodyFields === 'error' ? 'error' : 'warning',
    });
  }
  for (const p of notChecked) problems.push(p);
  return problems;
}

/** Places a problem at its path's place (a problem on a missing member points at the place found of its parent). */
function spot(p: Problem, place: Place | undefined): void {
  const target = p.target ?? 'value';
  let where: { offset: number; length: number };
  if (!place) where = { offset: 0, length: 1 };
  else if (!place.whole) where = place.located.key ?? { offset: place.located.value.offset, length: 1 };
  else if (target === 'key' && place.located.key) where = place.located.key;
  else if (target === 'open') where = place.located.key ?? { offset: place.located.value.offset, length: 1 };
  else where = place.located.value;
  p.offset = where.offset;
  p.length = where.length;
}

/** {@link placePaths} in a tolerant tree: a path not there takes the longest prefix of it that is. */
function placesInTree(tree: Node, paths: JsonPath[]): Array<Place | undefined> {
  const located = locateInTree(tree, paths);
  return paths.map((path) => {
    for (let n = path.length; n >= 0; n--) {
      const hit = located.get(pathKey(path.slice(0, n)));
      if (hit) return { located: hit, whole: n === path.length };
    }
    return undefined;
  });
}

function locateInTree(tree: Node, paths: JsonPath[]): Map<string, Located> {
  const out = new Map<string, Located>();
  const all = new Set<string>();
  for (const path of paths) {
    for (let n = 0; n <= path.length; n++) {
      const prefix = path.slice(0, n);
      const key = pathKey(prefix);
      if (all.has(key)) continue;
      all.add(key);
      const node = findNodeAtLocation(tree, prefix);
      if (!node) continue;
      const located: Located = { value: { offset: node.offset, length: node.length } };
      const keyNode = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      if (keyNode) located.key = { offset: keyNode.offset, length: keyNode.length };
      out.set(key, located);
    }
  }
  return out;
}

const SYNTAX: Record<string, string> = {
  InvalidSymbol: 'Unexpected character',
  InvalidNumberFormat: 'Invalid number',
  PropertyNameExpected: 'A property name in double quotes is expected here',
  ValueExpected: 'A value is expected here',
  ColonExpected: 'A colon is expected here',
  CommaExpected: 'A comma is expected here',
  CloseBraceExpected: 'A closing brace } is expected here',
  CloseBracketExpected: 'A closing bracket ] is expected here',
  EndOfFileExpected: 'Nothing may follow the end of the JSON value',
  InvalidCommentToken: 'Comments are not allowed in JSON request files',
  UnexpectedEndOfComment: 'Unterminated comment',
  UnexpectedEndOfString: 'Unterminated string',
  UnexpectedEndOfNumber: 'Unterminated number',
  InvalidUnicode: 'Invalid \\u escape',
  InvalidEscapeCharacter: 'Invalid escape character',
  InvalidCharacter: 'Invalid character in a string (control characters must be escaped)',
};

/** The offset of the comma just before a closing bracket at `offset` (whitespace between), if there is one. */
function trailingCommaBefore(text: string, offset: number): number | undefined {
  if (text[offset] !== '}' && text[offset] !== ']') return undefined;
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return text[i] === ',' ? i : undefined;
}

function syntaxMessage(code: number): string {
  const name = printParseErrorCode(code);
  return `${SYNTAX[name] ?? name}.`;
}
