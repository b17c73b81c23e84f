/**
 * Settings shared by the client, the server and the command line, with sanitizers: raw values come
 * from user files and are never trusted to have the declared shape.
 */
import { isObj } from './json';

export type UnknownFieldSeverity = 'error' | 'warning' | 'off';

export interface ServerSettings {
  unknownBodyFields: UnknownFieldSeverity;
  maxDiagnostics: number;
  /** User catalogs: name (id prefix) → path of an OpenAPI 3.0/3.1 file (absolute, or relative to the workspace folder). */
  catalogs: Array<{ name: string; path: string }>;
  /** Inlay hints with the meaning of integer-coded enum values (`"isLock": 1` → Lock the meeting). */
  enumMeaningHints: boolean;
  /** The most symbols in a file's outline, cut breadth-first (VS Code's JSON support: `json.maxItemsComputed`). */
  outlineMaxItems: number;
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  unknownBodyFields: 'warning',
  maxDiagnostics: 100,
  catalogs: [],
  enumMeaningHints: true,
  outlineMaxItems: 5000,
};

export interface Environment {
  /** API family id → base URL (scheme, host, optional port and base path). */
  baseUrls: Record<string, string>;
  /** Ask before sending to a non-loopback origin (default true). */
  confirmBeforeSend: boolean;
  /** Send shows Preview Changes first (what the PUT changes, from the documented read); set only when true. */
  previewBeforeSend?: true;
}

/** Base URL of the local Prism mock for every family. */
export const MOCK_BASE_URL = 'http://127.0.0.1:4010';

export interface RequestSettings {
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  totalTimeoutMs: number;
  maxResponseBytes: number;
  autoRetry: { enabled: boolean; maxAttempts: number; maxWaitSeconds: number };
}

export const DEFAULT_REQUEST_SETTINGS: RequestSettings = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  totalTimeoutMs: 60_000,
  maxResponseBytes: 10 * 1024 * 1024,
  autoRetry: { enabled: false, maxAttempts: 2, maxWaitSeconds: 30 },
};

function int(v: unknown, fallback: number, min: number, max: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : fallback;
}

export function serverSettingsFrom(raw: unknown): ServerSettings {
  const r = isObj(raw) ? raw : {};
  const validation = isObj(r.validation) ? r.validation : {};
  const inlayHints = isObj(r.inlayHints) ? r.inlayHints : {};
  const outline = isObj(r.outline) ? r.outline : {};
  const sev = validation.unknownBodyFields;
  const catalogs: ServerSettings['catalogs'] = [];
  if (isObj(r.catalogs)) {
    for (const [name, path] of Object.entries(r.catalogs)) {
      if (/^[A-Za-z][\w-]{0,39}$/.test(name) && typeof path === 'string' && path.length > 0) {
        catalogs.push({ name, path });
      }
    }
  }
  return {
    unknownBodyFields:
      sev === 'error' || sev === 'warning' || sev === 'off' ? sev : DEFAULT_SERVER_SETTINGS.unknownBodyFields,
    maxDiagnostics: int(validation.maxDiagnostics, DEFAULT_SERVER_SETTINGS.maxDiagnostics, 1, 1_000_000),
    catalogs,
    enumMeaningHints: inlayHints.enumMeanings !== false,
    outlineMaxItems: int(outline.maxItems, DEFAULT_SERVER_SETTINGS.outlineMaxItems, 1, 1_000_000),
  };
}

export function requestSettingsFrom(raw: unknown): RequestSettings {
  const r = isObj(raw) ? raw : {};
  const d = DEFAULT_REQUEST_SETTINGS;
  const retry = isObj(r.autoRetry) ? r.autoRetry : {};
  return {
    connectTimeoutMs: int(r.connectTimeoutMs, d.connectTimeoutMs, 100, 600_000),
    headersTimeoutMs: int(r.headersTimeoutMs, d.headersTimeoutMs, 100, 600_000),
    totalTimeoutMs: int(r.totalTimeoutMs, d.totalTimeoutMs, 100, 3_600_000),
    maxResponseBytes: int(r.maxResponseBytes, d.maxResponseBytes, 1024, 512 * 1024 * 1024),
    autoRetry: {
      enabled: retry.enabled === true,
      maxAttempts: int(retry.maxAttempts, d.autoRetry.maxAttempts, 1, 5),
      maxWaitSeconds: int(retry.maxWaitSeconds, d.autoRetry.maxWaitSeconds, 1, 300),
    },
  };
}

/** Parses user environments; entries with a base URL that is not http(s) are dropped. */
export function environmentsFrom(raw: unknown): Record<string, Environment> {
  const out: Record<string, Environment> = {};
  if (!isObj(raw)) return out;
  for (const [name, value] of Object.entries(raw)) {
    if (!isObj(value) || !isObj(value.baseUrls)) continue;
    const baseUrls: Record<string, string> = {};
    for (const [family, url] of Object.entries(value.baseUrls)) {
      if (typeof url === 'string' && /^https?:\/\/[^\s]+$/i.test(url)) baseUrls[family] = url.replace(/\/+$/, '');
    }
    out[name] = {
      baseUrls,
      confirmBeforeSend: value.confirmBeforeSend !== false,
      ...(value.previewBeforeSend === true ? { previewBeforeSend: true as const } : {}),
    };
  }
  return out;
}
