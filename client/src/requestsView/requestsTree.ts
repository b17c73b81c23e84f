/**
 * The Requests view's tree, pure (no `vscode`): the workspace's request files grouped by the operation each names,
 * and under each file its recent sends from the history. The adapter (`requestsView.ts`) only turns these nodes into
 * TreeItems. Every string from a file or the history goes through `safe()` (it may hold control or bidi characters).
 */
import type { HistoryItem } from '../../../common/webviewMessages';
import { historyOutcomeText } from '../panel/titles';
import { safe } from '../send/texts';

/** What the index knows of one request file. */
export interface RequestFileInput {
  /** The document URI (the history's key). */
  uri: string;
  /** Its path relative to the workspace, with "/" separators. */
  path: string;
  /** The operation the file names, as the language server read it; absent when it names none it knows. */
  operationId?: string;
  /**
   * Why the file does not describe a request now. With `operationId`, it is momentarily invalid and the operation is
   * the one it last named (the view does not move it while it is typed in).
   */
  problem?: string;
}

export interface OperationSummary {
  id: string;
  summary: string;
  method: string;
  path: string;
}

export interface RequestsTreeInput {
  files: readonly RequestFileInput[];
  /** The catalog's operations (for the summaries). */
  operations: readonly OperationSummary[];
  /** The file's recent sends, newest first (`HistoryStore.list`). */
  history: (uri: string) => readonly HistoryItem[];
  now: number;
  /** How many recent sends each file lists. */
  sendsPerFile?: number;
}

export type Tone = 'ok' | 'redirect' | 'fail' | 'cancelled';

export interface SendNode {
  kind: 'send';
  /** Unique in the tree: the file and the history id. */
  key: string;
  file: string;
  id: string;
  label: string;
  description: string;
  tooltip: string;
  tone: Tone;
}

export interface FileNode {
  kind: 'file';
  key: string;
  uri: string;
  label: string;
  description: string;
  tooltip: string;
  /** Momentarily invalid (the operation is the one it last named). */
  invalid: boolean;
  sends: SendNode[];
}

export interface GroupNode {
  kind: 'group';
  key: string;
  /** Absent for the group of files without a recognisable operation. */
  operationId?: string;
  label: string;
  description: string;
  tooltip: string;
  files: FileNode[];
}

export type RequestsNode = GroupNode | FileNode | SendNode;

export const DEFAULT_SENDS_PER_FILE = 5;
export const UNKNOWN_GROUP_LABEL = 'No recognisable operation';

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function buildRequestsTree(input: RequestsTreeInput): GroupNode[] {
  const limit = input.sendsPerFile ?? DEFAULT_SENDS_PER_FILE;
  const operations = new Map(input.operations.map((op) => [op.id, op]));
  const groups = new Map<string, RequestFileInput[]>();
  const unknown: RequestFileInput[] = [];
  for (const file of input.files) {
    if (file.operationId === undefined) {
      unknown.push(file);
      continue;
    }
    const list = groups.get(file.operationId);
    if (list) list.push(file);
    else groups.set(file.operationId, [file]);
  }
  const fileNodes = (files: RequestFileInput[]): FileNode[] =>
    [...files]
      .sort((a, b) => byText(a.path, b.path) || byText(a.uri, b.uri))
      .map((f) => fileNode(f, input.history(f.uri), input.now, limit));
  const out: GroupNode[] = [...groups.keys()].sort(byText).map((id) => {
    const op = operations.get(id);
    const files = fileNodes(groups.get(id) ?? []);
    return {
      kind: 'group',
      key: `op:${id}`,
      operationId: id,
      label: safe(id, 120),
      description: op ? safe(op.summary, 120) : 'not in the catalog',
      tooltip: op
        ? `${safe(op.summary, 300)}\n${safe(op.method.toUpperCase(), 16)} ${safe(op.path, 300)}\n${countText(files.length, 'file')}`
        : `${safe(id, 120)} is not in the loaded catalog.\n${countText(files.length, 'file')}`,
      files,
    };
  });
  if (unknown.length > 0) {
    const files = fileNodes(unknown);
    out.push({
      kind: 'group',
      key: 'unknown',
      label: UNKNOWN_GROUP_LABEL,
      description: countText(files.length, 'file'),
      tooltip: 'Request files that name no operation of the catalog (or are not valid JSON). Open one to see why.',
      files,
    });
  }
  return out;
}

function fileNode(file: RequestFileInput, history: readonly HistoryItem[], now: number, limit: number): FileNode {
  const slash = file.path.lastIndexOf('/');
  const name = file.path.slice(slash + 1);
  const folder = slash > 0 ? file.path.slice(0, slash) : '';
  const sends = [...history]
    .sort((a, b) => b.at - a.at)
    .slice(0, limit)
    .map((h) => sendNode(file.uri, h, now));
  const invalid = file.operationId !== undefined && file.problem !== undefined;
  const last = history.length === 0 ? 'not sent yet' : countText(history.length, 'recent send');
  const description = [folder && safe(folder, 80), invalid ? 'invalid now' : undefined].filter(Boolean).join(' · ');
  const tooltip = [
    safe(file.path, 300),
    ...(file.problem !== undefined ? [safe(file.problem, 300)] : []),
    ...(invalid ? ['Grouped under the operation it last named.'] : []),
    last,
  ];
  return {
    kind: 'file',
    key: `file:${file.uri}`,
    uri: file.uri,
    label: safe(name, 120),
    description,
    tooltip: tooltip.join('\n'),
    invalid,
    sends,
  };
}

function sendNode(file: string, h: HistoryItem, now: number): SendNode {
  const outcome = historyOutcomeText(h) || 'Response';
  const tone: Tone =
    h.outcome === 'cancelled'
      ? 'cancelled'
      : h.outcome === 'error' || h.status === undefined || h.status >= 400
        ? 'fail'
        : h.status >= 300
          ? 'redirect'
          : 'ok';
  const details = [
    `${safe(h.method, 16)} ${safe(h.url, 300)}`,
    `Sent ${fullTime(h.at)} · environment ${safe(h.environment, 80)}`,
    ...(h.totalMs !== undefined ? [`${Math.round(h.totalMs)} ms`] : []),
    'Click to open it in the response panel.',
  ];
  return {
    kind: 'send',
    key: `send:${file}#${h.id}`,
    file,
    id: h.id,
    label: safe(outcome, 80),
    description: `${sendTime(h.at, now)} · ${safe(h.environment, 40)}`,
    tooltip: details.join('\n'),
    tone,
  };
}

function countText(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "14:03:12" for a send of the same (local) day as `now`, else "2026-12-03 14:03". */
export function sendTime(at: number, now: number): string {
  const d = new Date(at);
  const today = new Date(now);
  const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (d.toDateString() === today.toDateString()) return `${clock}:${pad(d.getSeconds())}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock}`;
}

function fullTime(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The send node of (file, id) in a tree, if the tree lists it: what the view's commands accept as arguments. */
export function findSend(tree: readonly GroupNode[], file: unknown, id: unknown): SendNode | undefined {
  if (typeof file !== 'string' || typeof id !== 'string') return undefined;
  for (const group of tree) {
    for (const f of group.files) {
      if (f.uri !== file) continue;
      const send = f.sends.find((s) => s.id === id);
      if (send) return send;
    }
  }
  return undefined;
}
