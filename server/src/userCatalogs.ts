/**
 * User catalogs (`meetingPayloads.catalogs`) on the LSP side: resolves their paths against the workspace,
 * reads them (regular files only, with a size limit), watches them so an edit takes effect without a restart,
 * and reports a broken catalog as a diagnostic on that file — the rest of the catalog keeps working.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SettingIds } from '../../common/ids';
import { serverSettingsFrom } from '../../common/settings';
import type { Catalog } from './catalog/catalog';
import { catalogLocator, loadUserCatalog, USER_CATALOG_LIMITS } from './catalog/userCatalog';
import { FileReadError, readRegularFile } from './util/readFile';
import { formatError } from './util/runSafe';

interface Entry {
  name: string;
  file: string;
}

export class UserCatalogs {
  private entries: Entry[] = [];
  private watchers: FSWatcher[] = [];
  /** Catalog files that currently carry our diagnostics (so a fixed file gets them cleared). */
  private reported = new Set<string>();
  private reloadTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly roots: () => string[],
    private readonly onChange: () => void,
  ) {}

  /** Reads `meetingPayloads.catalogs` (workspace level) and reloads when the list changed. */
  async refresh(): Promise<void> {
    let raw: unknown;
    try {
      raw = await this.connection.workspace.getConfiguration({ section: SettingIds.section });
    } catch {
      return; // the client cannot be asked; no user catalogs
    }
    const root = this.roots()[0] ?? process.cwd();
    const entries = serverSettingsFrom(raw).catalogs.map((c) => ({
      name: c.name,
      file: isAbsolute(c.path) ? c.path : resolve(root, c.path),
    }));
    if (JSON.stringify(entries) === JSON.stringify(this.entries)) return;
    this.entries = entries;
    this.watch();
    this.onChange();
  }

  /** Adds every user catalog that loads; publishes what went wrong on the files that did not. */
  addTo(catalog: Catalog): void {
    const now = new Set<string>();
    for (const { name, file } of this.entries) {
      const uri = pathToFileURL(file).toString();
      const problems = this.load(name, file, catalog);
      if (problems.length > 0) {
        now.add(uri);
        void this.connection.sendDiagnostics({ uri, diagnostics: problems });
      }
    }
    for (const uri of this.reported) if (!now.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.reported = now;
  }

  private load(name: string, file: string, catalog: Catalog) {
    // One line index per text, however many problems it has.
    let indexed: TextDocument | undefined;
    const at = (text: string, offset = 0, length = 1) => {
      if (indexed?.getText() !== text) indexed = TextDocument.create('file:///x', 'x', 0, text);
      return { start: indexed.positionAt(offset), end: indexed.positionAt(offset + Math.max(length, 1)) };
    };
    const problem = (
      message: string,
      text = '',
      offset = 0,
      severity: DiagnosticSeverity = DiagnosticSeverity.Error,
      length = 1,
    ) => ({
      range: at(text, offset, length),
      severity,
      source: 'meeting-payloads',
      message: `User catalog "${name}": ${message}`,
    });
    let text: string;
    try {
      text = readRegularFile(file, USER_CATALOG_LIMITS.maxTextLength);
    } catch (err) {
      // An oversized file can carry the diagnostic; a FIFO, a device or a missing file cannot, so the problem
      // goes to the catalog's list (and the log) instead.
      if (err instanceof FileReadError && err.kind === 'too-large') return [problem(`the file ${err.message}.`)];
      const why = err instanceof FileReadError ? err.message : 'could not be read';
      this.connection.console.warn(formatError(`User catalog "${name}" could not be read`, err));
      catalog.problems.push({ source: file, message: `User catalog "${name}": ${file} ${why}.` });
      return [];
    }
    const result = loadUserCatalog(name, text, basename(file));
    if ('error' in result) {
      catalog.problems.push({ source: file, message: result.error });
      return [problem(result.error, text, result.offset ?? 0)];
    }
    const before = catalog.problems.length;
    catalog.add(result.loaded, name);
    catalog.setSource(String(result.loaded.schemaDoc.$id), {
      uri: pathToFileURL(file).toString(),
      text,
      fileName: basename(file),
    });
    const locate = catalogLocator(text, file);
    return catalog.problems.slice(before).map((p) => {
      const place = p.at ? locate(p.at) : undefined;
      const severity = p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
      return problem(p.message, text, place?.offset ?? 0, severity, place?.length);
    });
  }

  /** Watches each catalog's folder (editors often save by renaming, which a watch on the file would miss). */
  private watch(): void {
    for (const w of this.watchers) w.close();
    this.watchers = [];
    const byDir = new Map<string, Set<string>>();
    for (const { file } of this.entries) {
      const names = byDir.get(dirname(file)) ?? new Set<string>();
      names.add(basename(file));
      byDir.set(dirname(file), names);
    }
    for (const [dir, names] of byDir) {
      try {
        const w = watch(dir, { persistent: false }, (_event, changed) => {
          if (changed && names.has(String(changed))) this.scheduleReload();
        });
        w.on('error', () => w.close());
        this.watchers.push(w);
      } catch {
        // A missing folder: the catalog reports "could not be read"; nothing to watch.
      }
    }
  }

  private scheduleReload(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => this.onChange(), 150);
    this.reloadTimer.unref?.();
  }

  dispose(): void {
    for (const w of this.watchers) w.close();
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
  }
}

/** Workspace folder paths from the initialize request. */
export function rootsFrom(params: {
  workspaceFolders?: Array<{ uri: string }> | null;
  rootUri?: string | null;
}): string[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
}
