/**
 * Each example block of a docs page checked like the file it stands for: a request file with analyze() (the
 * editor's validation), a request body as the body of a request file for its operation, a response with the
 * response panel's check. Problems are placed in the docs file through the block's offset map.
 */
import type { Catalog } from '../../server/src/catalog/catalog';
import { analyze, type PlacedProblem } from '../../server/src/features/analyze';
import type { JsonPath } from '../../server/src/features/locate';
import type { ServerSettings } from '../../common/settings';
import { checkResponseReport } from '../report/response';
import type { DocBlock } from './blocks';
import { checkCurlBlock } from './curl';
import { htmlBlocks, htmlParser } from './html';
import { markdownBlocks } from './markdown';
import { sourceLines } from './offsetMap';
import { pathText } from './paths';
import { blockKind, tieBlock, type BlockKind, type Tie } from './tie';

export interface DocProblem {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  /** In the docs file. */
  offset: number;
  length: number;
}

export interface CheckedBlock {
  kind: BlockKind;
  /** `fence` or `pre`, and its language. */
  block: Pick<DocBlock, 'kind' | 'lang'>;
  /** 1-based line of the block's opening. */
  line: number;
  operationId: string | undefined;
  status: number | undefined;
  /** The line of the status label (`Response 200`) that made it a response example; undefined for `status=`. */
  statusLine: number | undefined;
  /** How it was tied; undefined when it was not. */
  via: Exclude<Tie, { untied: string }>['via'] | undefined;
  problems: DocProblem[];
}

export interface PageResult {
  blocks: CheckedBlock[];
  /** Code blocks that are no examples (other languages), counted. */
  otherBlocks: number;
}

export function isHtmlPage(file: string): boolean {
  return /\.html?$/i.test(file);
}

export async function checkPage(
  file: string,
  text: string,
  catalog: Catalog,
  settings: ServerSettings,
): Promise<PageResult> {
  const lines = sourceLines(text);
  const html = isHtmlPage(file);
  const p5 = html || /<pre[\s>]/i.test(text) ? await htmlParser() : undefined;
  const blocks = html && p5 ? htmlBlocks(p5, text, (o) => o, false) : markdownBlocks(text, p5);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // Lines inside code blocks: a request line quoted in a sample ties nothing.
  const ranges = blocks.map((b) => [lineOf(b.start), lineOf(b.map(b.text.length))] as const);
  const inBlock = (line: number): boolean => ranges.some(([a, z]) => line >= a && line <= z);
  const result: PageResult = { blocks: [], otherBlocks: 0 };
  for (const block of blocks) {
    const kind = blockKind(block);
    if (!kind) {
      result.otherBlocks++;
      continue;
    }
    const line = lineOf(block.start);
    const tie = tieBlock(block, kind, line, lines, inBlock, catalog);
    const problems: DocProblem[] = [];
    const atOpening = (severity: DocProblem['severity'], code: string, message: string): void => {
      problems.push({ severity, code, message, offset: block.start, length: block.openLength });
    };
    if (!block.closed) {
      atOpening(
        'error',
        'unclosed-block',
        block.kind === 'fence'
          ? 'This code block has no closing fence: it runs to the end of its list, quote or page.'
          : 'This <pre> has no closing </pre>.',
      );
    }
    const checked: CheckedBlock = {
      kind,
      block: { kind: block.kind, lang: block.lang },
      line: line + 1,
      operationId: undefined,
      status: undefined,
      statusLine: undefined,
      via: undefined,
      problems,
    };
    if ('untied' in tie) {
      atOpening('warning', 'untied-block', tie.untied);
    } else {
      checked.operationId = tie.operationId;
      checked.status = tie.status;
      checked.statusLine = tie.statusLine;
      checked.via = tie.via;
      for (const note of tie.notes) atOpening('info', 'tie-note', note);
      if (kind === 'curl') {
        const curl = checkCurlBlock(block, tie.operationId, catalog, settings);
        checked.operationId = curl.operationId;
        problems.push(...curl.problems);
      } else if (tie.status !== undefined && tie.operationId !== undefined) {
        problems.push(...responseProblems(block, tie.operationId, tie.status, catalog));
      } else if (tie.via === 'request-file') {
        const analysis = analyze(block.text, catalog, settings);
        checked.operationId = analysis.op?.id;
        problems.push(...analysis.problems.map((p) => placed(block, p, p.offset, p.path, [])));
      } else if (tie.operationId !== undefined) {
        problems.push(...bodyProblems(block, tie.operationId, catalog, settings));
      }
    }
    result.blocks.push(checked);
  }
  return result;
}

function placed(
  block: DocBlock,
  p: PlacedProblem,
  offset: number,
  path: JsonPath | undefined,
  strip: JsonPath,
): DocProblem {
  const start = block.map(offset);
  const end = block.map(offset + p.length);
  const where = path ? `${pathText(path.slice(strip.length))}: ` : '';
  return {
    severity: p.severity,
    code: p.code,
    message: `${where}${p.message}`,
    offset: start,
    length: Math.max(0, end - start),
  };
}

/**
 * A body block is checked as the body of a request file for its operation: the same rules as the editor. Only
 * what is about the body counts (the request file around it has no path parameters or headers to check).
 */
function bodyProblems(block: DocBlock, operationId: string, catalog: Catalog, settings: ServerSettings): DocProblem[] {
  const prefix = `{"operation":${JSON.stringify(operationId)},"body":`;
  const wrapped = `${prefix}${block.text}\n}`;
  const end = prefix.length + block.text.length;
  const out: DocProblem[] = [];
  for (const p of analyze(wrapped, catalog, settings).problems) {
    const inBody = p.path !== undefined ? p.path[0] === 'body' : p.offset >= prefix.length;
    if (!inBody || p.offset < prefix.length - 1) continue;
    const offset = Math.min(Math.max(p.offset, prefix.length), end) - prefix.length;
    out.push(
      placed(block, { ...p, length: Math.min(p.length, end - prefix.length - offset) }, offset, p.path, ['body']),
    );
  }
  return out;
}

function responseProblems(block: DocBlock, operationId: string, status: number, catalog: Catalog): DocProblem[] {
  const { report } = checkResponseReport(
    { file: '', operationId, status, body: block.text, truncated: false },
    catalog,
  );
  return report.problems.map((p) => {
    const start = block.map(p.offset);
    return {
      severity: p.severity,
      code: p.code,
      message: p.message,
      offset: start,
      length: Math.max(0, block.map(p.offset + p.length) - start),
    };
  });
}
