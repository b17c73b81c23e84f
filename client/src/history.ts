/**
 * Recent sends per file, persisted in `workspaceState`. Pure: works over any {@link MementoLike}.
 *
 * What is persisted is deliberately small: when, method, URL (already masked by the HTTP core, and
 * masked again here against the token used), environment, outcome, status, time, size. Never headers,
 * never bodies (responses carry join links and PII), never a token.
 */
import type { HistoryItem } from '../../common/webviewMessages';
import { ID_PATTERN } from '../../common/webviewMessages';

export const HISTORY_LIMIT = 20;
const KEY_PREFIX = 'meetingPayloads.history:';
const MASK = '••••';

/** The subset of `vscode.Memento` used here. */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export function historyKey(documentUri: string): string {
  return KEY_PREFIX + documentUri;
}

/** Replaces every occurrence of each secret (at least 4 characters long) in `text`. */
export function maskText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length >= 4) out = out.split(s).join(MASK);
  }
  return out;
}

export interface HistoryInput {
  id: string;
  at: number;
  method: string;
  url: string;
  environment: string;
  outcome: HistoryItem['outcome'];
  status?: number;
  statusText?: string;
  totalMs?: number;
  bodyBytes?: number;
  errorCode?: string;
}

function short(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Builds a history item, masking every string against the given secrets (the token that was used). */
export function historyItemFrom(input: HistoryInput, secrets: readonly string[]): HistoryItem {
  const m = (s: string, max: number): string => short(maskText(s, secrets), max);
  const item: HistoryItem = {
    id: input.id,
    at: input.at,
    method: m(input.method, 16),
    url: m(input.url, 2048),
    environment: m(input.environment, 80),
    outcome: input.outcome,
  };
  if (input.status !== undefined) item.status = input.status;
  if (input.statusText !== undefined) item.statusText = m(input.statusText, 200);
  if (input.totalMs !== undefined) item.totalMs = Math.round(input.totalMs);
  if (input.bodyBytes !== undefined) item.bodyBytes = input.bodyBytes;
  if (input.errorCode !== undefined) item.errorCode = m(input.errorCode, 80);
  return item;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function str(v: unknown, max: number): string | undefined {
  return typeof v === 'string' && v.length <= max ? v : undefined;
}

/** Reads what storage holds, keeping only well-formed items (storage is a file on disk; trust nothing). */
export function sanitizeHistory(raw: unknown): HistoryItem[] {
  if (!Array.isArray(raw)) return [];
  const out: HistoryItem[] = [];
  for (const r of raw.slice(0, HISTORY_LIMIT)) {
    if (typeof r !== 'object' || r === null) continue;
    const o = r as Record<string, unknown>;
    const id = str(o.id, 64);
    const at = num(o.at);
    const method = str(o.method, 16);
    const url = str(o.url, 2048);
    const environment = str(o.environment, 80);
    const outcome = o.outcome;
    if (id === undefined || !ID_PATTERN.test(id) || at === undefined || method === undefined) continue;
    if (url === undefined || environment === undefined) continue;
    if (outcome !== 'response' && outcome !== 'error' && outcome !== 'cancelled') continue;
    const item: HistoryItem = { id, at, method, url, environment, outcome };
    const status = num(o.status);
    if (status !== undefined) item.status = status;
    const statusText = str(o.statusText, 200);
    if (statusText !== undefined) item.statusText = statusText;
    const totalMs = num(o.totalMs);
    if (totalMs !== undefined) item.totalMs = totalMs;
    const bodyBytes = num(o.bodyBytes);
    if (bodyBytes !== undefined) item.bodyBytes = bodyBytes;
    const errorCode = str(o.errorCode, 80);
    if (errorCode !== undefined) item.errorCode = errorCode;
    out.push(item);
  }
  return out;
}

/** Newest first, at most {@link HISTORY_LIMIT}. */
export function addHistoryItem(list: readonly HistoryItem[], item: HistoryItem): HistoryItem[] {
  return [item, ...list.filter((e) => e.id !== item.id)].slice(0, HISTORY_LIMIT);
}

export class HistoryStore {
  private readonly listeners = new Set<(documentUri: string) => void>();

  constructor(private readonly memento: MementoLike) {}

  list(documentUri: string): HistoryItem[] {
    return sanitizeHistory(this.memento.get<unknown>(historyKey(documentUri)));
  }

  async add(documentUri: string, item: HistoryItem): Promise<HistoryItem[]> {
    const next = addHistoryItem(this.list(documentUri), item);
    await this.memento.update(historyKey(documentUri), next);
    for (const listener of this.listeners) listener(documentUri);
    return next;
  }

  /** Called with the file's URI after each send is added (the Requests view follows it). */
  onDidAdd(listener: (documentUri: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}
