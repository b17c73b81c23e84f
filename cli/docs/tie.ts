/**
 * Which operation (and, for a response, which status) a docs block is an example of: an attribute of the block
 * (`operation=…`, `status=200`), the block being a whole request file, or the nearest request line above it
 * (`PUT /path`, in text or a heading) in its section. A status label above it (`Response 200`, `### 400 Bad
 * Request`) makes it a response example like `status=`. The catalog's own path matching decides, as for cURL.
 */
import { STATUS_CODES } from 'node:http';
import type { Catalog } from '../../server/src/catalog/catalog';
import { matchRequestLine } from '../../server/src/features/importCurl';
import type { DocBlock } from './blocks';
import type { SourceLine } from './offsetMap';
import { isObj } from '../../common/json';

export type BlockKind = 'json' | 'curl';

export type Tie =
  | {
      operationId: string | undefined;
      /** A response example of this status. */
      status: number | undefined;
      via: 'attribute' | 'request-file' | 'request-line' | 'heading';
      /** The line that tied it (request line or heading), for the report. */
      line?: number;
      /** The 1-based line of the status label that made it a response example (none for `status=`). */
      statusLine?: number;
      notes: string[];
    }
  | { untied: string };

/** What kind of example a block is, or undefined when it is no example (other languages, prose). */
export function blockKind(block: DocBlock): BlockKind | undefined {
  const text = block.text.trimStart();
  if (['bash', 'sh', 'shell', 'console', 'zsh', 'curl'].includes(block.lang)) {
    return /^(?:\$\s*)?curl\s/.test(text) ? 'curl' : undefined;
  }
  if (block.lang === 'json' || block.lang === 'jsonc') return 'json';
  // No language: JSON if it looks like it; a tied block (an operation attribute) whatever it looks like.
  if (block.lang === '' && (/^[{[]/.test(text) || block.attrs.operation !== undefined)) return 'json';
  return undefined;
}

/** Request lines: the method, then a URL or a path (optionally in backticks). */
const REQUEST_LINE = /\b(GET|PUT|POST|PATCH|DELETE)\s+`?((?:https?:\/\/[^\s/`<>]+)?\/[^\s`<>)\]]*)/;
const HEADING = /^\s{0,3}(?:>\s*)*(?:#{1,6}\s|<h[1-6][\s>])/i;
const PATH_IN_HEADING = /`?((?:https?:\/\/[^\s/`<>]+)?\/[\w{}\-.:~%/]+)/;

/**
 * `lines`: the file's lines; `inOtherBlock(line)`: whether a 0-based line belongs to another code block (a
 * request line quoted in a code sample ties nothing).
 */
export function tieBlock(
  block: DocBlock,
  kind: BlockKind,
  blockLine: number,
  lines: SourceLine[],
  inOtherBlock: (line: number) => boolean,
  catalog: Catalog,
): Tie {
  let status: number | undefined;
  if (block.attrs.status !== undefined) {
    status = Number(block.attrs.status);
    if (!/^[1-5]\d\d$/.test(block.attrs.status)) {
      return { untied: `status=${block.attrs.status} is not an HTTP status.` };
    }
  }
  const named = block.attrs.operation;
  const wholeFile = kind === 'json' && status === undefined && requestFileOperation(block.text) !== undefined;
  // The nearest status label above (in its section) makes a JSON block a response example.
  let statusLine: number | undefined;
  if (kind === 'json' && status === undefined && !wholeFile) {
    for (let i = blockLine - 1; i >= 0; i--) {
      if (inOtherBlock(i)) continue;
      const text = lines[i].text.replace(/<[^>]*>/g, ' ');
      const heading = HEADING.test(lines[i].text);
      if (REQUEST_LINE.test(text)) break;
      status = statusLabel(lines[i].text);
      if (status !== undefined) {
        statusLine = i + 1;
        break;
      }
      if (heading) break;
    }
  }
  if (named !== undefined) {
    if (!catalog.get(named)) return { untied: `There is no operation "${named}" in the catalog.` };
    return { operationId: named, status, via: 'attribute', statusLine, notes: [] };
  }
  if (wholeFile) {
    // Its own "operation" decides; the request file check reports an unknown one.
    return { operationId: undefined, status, via: 'request-file', notes: [] };
  }
  if (kind === 'curl') return { operationId: undefined, status, via: 'request-line', notes: [] };
  // An example's section may be a subsection ("### Request", "### Response 200") of the operation's: then headings
  // as deep as that one are passed (its siblings), a shallower one ends the search.
  let passLevel: number | undefined;
  for (let i = blockLine - 1; i >= 0; i--) {
    if (inOtherBlock(i)) continue;
    const text = lines[i].text.replace(/<[^>]*>/g, ' ');
    const heading = HEADING.test(lines[i].text);
    const line = REQUEST_LINE.exec(text);
    const path = line ? { method: line[1], target: line[2] } : heading ? pathIn(text) : undefined;
    if (path) {
      const found = matchRequestLine(path.method, path.target, catalog.all());
      if ('reason' in found) return { untied: `${path.method} ${path.target} (line ${i + 1}): ${found.reason}` };
      return {
        operationId: found.operationId,
        status,
        via: line ? 'request-line' : 'heading',
        line: i + 1,
        statusLine,
        notes: found.notes,
      };
    }
    if (!heading) continue;
    const level = headingLevel(lines[i].text);
    if (passLevel === undefined) {
      // Only a section about the response (or the request, or examples) is a subsection of the operation's.
      const own = labelText(lines[i].text);
      if (statusLabel(lines[i].text) === undefined && !/^(?:requests?|responses?|examples?)\b/i.test(own)) break;
      passLevel = level;
    } else if (level < passLevel) break;
  }
  if (statusLine !== undefined) {
    return {
      untied:
        `A ${status} response example (line ${statusLine}), but of which operation: add operation=<id> to the ` +
        'fence (or data-operation to <pre>), or put the request line (e.g. PUT /path) above it.',
    };
  }
  return {
    untied:
      'Not tied to an operation: add operation=<id> to the fence (or data-operation to <pre>), or put the request ' +
      'line (e.g. PUT /path) above it.',
  };
}

/** `## x` → 2, `<h3>` → 3. */
function headingLevel(line: string): number {
  const m = /#{1,6}(?=\s)|<h([1-6])/i.exec(line);
  return m ? (m[1] !== undefined ? Number(m[1]) : m[0].length) : 7;
}

/**
 * The status a line labels, if it is a status label: `Response 200`, `Example response (201 Created):`,
 * `### 400 Bad Request`, `HTTP/1.1 200 OK`, `Status: 404`. A number alone is no label ("100 rooms"): it needs
 * "response" or "status" before it, or its reason phrase after it (Node's list of them).
 */
export function statusLabel(line: string): number | undefined {
  const text = labelText(line);
  const labelled =
    /^(?:(?:an?|the)\s+)?(?:(?:example|sample|successful|error)\s+)?(?:responses?|status)(?:\s+(?:code|example|body|sample))?\s*[:(\-–—]?\s*(?:HTTP(?:\/[\d.]+)?\s+)?([1-5]\d\d)\b/i.exec(
      text,
    );
  if (labelled) return Number(labelled[1]);
  const phrased = /^(?:HTTP(?:\/[\d.]+)?\s+)?\(?([1-5]\d\d)\)?\s+(.+)$/i.exec(text);
  const reason = phrased ? STATUS_CODES[phrased[1]] : undefined;
  const rest = phrased?.[2].toLowerCase() ?? '';
  if (reason && rest.startsWith(reason.toLowerCase()) && !/^\w/.test(rest.slice(reason.length))) {
    return Number(phrased![1]);
  }
  return undefined;
}

/** A line's words without heading or list markers, emphasis, code spans, tags and a closing `#` run. */
function labelText(line: string): string {
  return line
    .replace(/<[^>]*>/g, ' ')
    .replace(/^\s{0,3}(?:>\s*)*(?:#{1,6}\s+|[-*+]\s+)?/, '')
    .replace(/\s#+\s*$/, '')
    .replace(/[*_`]/g, '')
    .trim();
}

/** A heading names a path without a method: the catalog's payload operations take PUT. */
function pathIn(text: string): { method: string; target: string } | undefined {
  const m = PATH_IN_HEADING.exec(text);
  return m ? { method: 'PUT', target: m[1] } : undefined;
}

/** The "operation" of a block that is a whole request file. */
export function requestFileOperation(text: string): string | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (isObj(value)) {
      const op = value.operation;
      return typeof op === 'string' ? op : undefined;
    }
  } catch {
    // A broken request file still names its operation.
    return /^\s*\{\s*"operation"\s*:\s*"([^"\\]*)"/.exec(text)?.[1];
  }
  return undefined;
}
