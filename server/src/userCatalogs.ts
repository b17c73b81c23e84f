/**
 * User catalogs (`meetingPayloads.catalogs`) on the LSP side: resolves their paths against the workspace,
 * reads them (regular files only, with a size limit; a catalog split across files is bundled by
 * catalog/userCatalogFile.ts), watches them and the files their `$ref`s name so an edit takes effect without a
 * restart, and reports a broken catalog as a diagnostic on the file at fault — the rest of the catalog keeps working.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SettingIds } from '../../common/ids';
import { serverSettingsFrom } from '../../common/settings';
import type { Catalog } from './catalog/catalog';
import { addUserCatalogFile, type PlacedCatalogProblem } from './catalog/userCatalogFile';
import { USER_CATALOG_LIMITS } from './catalog/userCatalogLimits';
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
  /** The files watched now, sorted (JSON), so a reload that reads the same files keeps its watchers. */
  private watchedKey = '';

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
    this.onChange();
  }

  /** Whether any user catalog is configured (loaded or not). */
  get configured(): boolean {
    return this.entries.length > 0;
  }

  /**
   * Adds every user catalog that loads; publishes what went wrong on the file it is in (the catalog's, or a file
   * its `$ref`s name); watches every file read.
   */
  addTo(catalog: Catalog): void {
    const byUri = new Map<string, Diagnostic[]>();
    const watched = new Set<string>();
    for (const { name, file } of this.entries) {
      watched.add(file);
      const loaded = this.load(name, file, catalog);
      for (const f of loaded.watch) watched.add(f);
      for (const [uri, diagnostics] of loaded.diagnostics) byUri.set(uri, [...(byUri.get(uri) ?? []), ...diagnostics]);
    }
    for (const [uri, diagnostics] of byUri) void this.connection.sendDiagnostics({ uri, diagnostics });
    for (const uri of this.reported) {
      if (!byUri.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    this.reported = new Set(byUri.keys());
    this.watch([...watched]);
  }

  private load(
    name: string,
    file: string,
    catalog: Catalog,
  ): { diagnostics: Map<string, Diagnostic[]>; watch: string[] } {
    const diagnostics = new Map<string, Diagnostic[]>();
    /** Problems of one file, with one line index of its text however many there are. */
    const publish = (where: string, text: string, problems: PlacedCatalogProblem[]) => {
      const lines = TextDocument.create('file:///x', 'x', 0, text);
      const uri = pathToFileURL(where).toString();
      const list = diagnostics.get(uri) ?? [];
      diagnostics.set(uri, list);
      for (const p of problems) {
        const offset = p.offset ?? 0; // not placed: the file's start
        list.push({
          range: { start: lines.positionAt(offset), end: lines.positionAt(offset + Math.max(p.length, 1)) },
          severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
          source: 'meeting-payloads',
          message: `User catalog "${name}": ${p.message}`,
        });
      }
    };
    let text: string;
    try {
      text = readRegularFile(file, USER_CATALOG_LIMITS.maxTextLength);
    } catch (err) {
      // An oversized file can carry the diagnostic; a FIFO, a device or a missing file cannot, so the problem
      // goes to the catalog's list (and the log) instead.
      if (err instanceof FileReadError && err.kind === 'too-large') {
        publish(file, '', [{ file, offset: 0, length: 1, severity: 'error', message: `the file ${err.message}.` }]);
        return { diagnostics, watch: [] };
      }
      const why = err instanceof FileReadError ? err.message : 'could not be read';
      this.connection.console.warn(formatError(`User catalog "${name}" could not be read`, err));
      catalog.problems.push({ source: file, message: `User catalog "${name}": ${file} ${why}.` });
      return { diagnostics, watch: [] };
    }
    const result = addUserCatalogFile(catalog, name, file, text);
    if (result.error) catalog.problems.push({ source: file, message: result.error.message });
    const byFile = new Map<string, PlacedCatalogProblem[]>();
    for (const p of [...result.problems, ...(result.error ? [result.error] : [])]) {
      const list = byFile.get(p.file) ?? [];
      byFile.set(p.file, list);
      list.push(p);
    }
    for (const [f, problems] of byFile) publish(f, result.texts.get(f) ?? '', problems);
    return { diagnostics, watch: result.watch };
  }

  /**
   * Watches the folder of each file (editors often save by renaming, which a watch on the file would miss); a
   * catalog's files are its entry and every file its `$ref`s name. Kept as is when the files did not change.
   */
  private watch(files: string[]): void {
    const key = JSON.stringify([...files].sort());
    if (key === this.watchedKey) return;
    this.watchedKey = key;
    for (const w of this.watchers) w.close();
    this.watchers = [];
    const byDir = new Map<string, Set<string>>();
    for (const file of files) {
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
        // A missing folder: nothing to watch (the catalog, or the $ref naming a file there, says so).
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
