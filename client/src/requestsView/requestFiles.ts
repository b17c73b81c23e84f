/**
 * The workspace's request files and the operation each names, for the Requests view. The client never parses a
 * request file: the language server reads it (`meeting/prepareRequest` with the file's text, the open document's
 * through `OperationInfo`'s cache). Kept up to date by a FileSystemWatcher, edits of open files, and server restarts
 * or catalog reloads. A file that becomes momentarily invalid keeps the operation it last named (as the lens does).
 */
import * as vscode from 'vscode';
import { MAX_SEND_DOCUMENT_BYTES } from '../../../common/requestSpec';
import type { OperationInfo } from '../documents';
import type { ServerConnection } from '../languageClient';
import type { Log } from '../log';
import type { OperationSummary, RequestFileInput } from './requestsTree';

export const REQUEST_FILE_GLOB = '**/*.meeting.json';
/** Bounds the start-up work in a huge workspace; the view lists at most this many files. */
const MAX_FILES = 2000;
/** Edits are looked at once typing pauses. */
const EDIT_DELAY_MS = 700;

export class RequestFiles implements vscode.Disposable {
  private readonly files = new Map<string, RequestFileInput>();
  /** Per file, the number of its latest look-up: an older answer never overwrites a newer one. */
  private readonly generation = new Map<string, number>();
  private readonly editTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private operationList: OperationSummary[] = [];
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private started = false;
  private pass: Promise<void> | undefined;
  private again = false;
  /** Fires when a file, its operation or the catalog's operations changed. */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly server: ServerConnection,
    private readonly operations: OperationInfo,
    private readonly log: Log,
  ) {}

  /** Finds the files and starts following them. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const watcher = vscode.workspace.createFileSystemWatcher(REQUEST_FILE_GLOB);
    this.subscriptions.push(
      watcher,
      watcher.onDidCreate((uri) => void this.lookUp(uri)),
      watcher.onDidChange((uri) => void this.lookUp(uri)),
      watcher.onDidDelete((uri) => this.remove(uri)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        const key = e.document.uri.toString();
        if (this.files.has(key)) this.lookUpSoon(e.document.uri);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()),
      // A restart or a catalog reload can change what every file names (a user catalog's operations).
      this.operations.onDidInvalidate(() => void this.lookUpAll()),
    );
    void this.rescan();
  }

  list(): RequestFileInput[] {
    return [...this.files.values()];
  }

  catalog(): OperationSummary[] {
    return this.operationList;
  }

  /** Lists the files again and asks the server about each. */
  async rescan(): Promise<void> {
    let uris: vscode.Uri[];
    try {
      // No exclude argument: one would replace the user's `files.exclude`. Dependencies' files are left out here.
      uris = (await vscode.workspace.findFiles(REQUEST_FILE_GLOB, undefined, MAX_FILES)).filter(
        (u) => !u.path.includes('/node_modules/'),
      );
    } catch (err) {
      this.log.warn(`Listing the request files failed: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const found = new Set(uris.map((u) => u.toString()));
    for (const key of [...this.files.keys()]) if (!found.has(key)) this.files.delete(key);
    for (const uri of uris) if (!this.files.has(uri.toString())) this.files.set(uri.toString(), this.entry(uri));
    this.emitter.fire();
    await this.lookUpAll();
  }

  /**
   * Asks about every file, one after the other (a big workspace does not queue hundreds of requests at the server at
   * once). Asked again while a pass runs (start-up: the server's start, then its catalog, then user catalogs), it
   * runs one more pass after it instead of a second one beside it.
   */
  private lookUpAll(): Promise<void> {
    if (this.pass) {
      this.again = true;
      return this.pass;
    }
    this.pass = (async () => {
      do {
        this.again = false;
        await this.loadCatalog();
        for (const key of [...this.files.keys()]) await this.lookUp(vscode.Uri.parse(key));
      } while (this.again);
    })().finally(() => {
      this.pass = undefined;
    });
    return this.pass;
  }

  private async loadCatalog(): Promise<void> {
    if (!this.server.running) return;
    try {
      this.operationList = (await this.server.listOperations()).map((op) => ({
        id: op.id,
        summary: op.summary,
        method: op.method,
        path: op.path,
      }));
      this.emitter.fire();
    } catch (err) {
      this.log.debug(`Listing the operations failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private lookUpSoon(uri: vscode.Uri): void {
    const key = uri.toString();
    const pending = this.editTimers.get(key);
    if (pending) clearTimeout(pending);
    this.editTimers.set(
      key,
      setTimeout(() => {
        this.editTimers.delete(key);
        void this.lookUp(uri);
      }, EDIT_DELAY_MS),
    );
  }

  private remove(uri: vscode.Uri): void {
    const key = uri.toString();
    this.generation.set(key, (this.generation.get(key) ?? 0) + 1);
    if (this.files.delete(key)) this.emitter.fire();
  }

  private entry(uri: vscode.Uri, previous?: RequestFileInput): RequestFileInput {
    const path = vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
    return {
      uri: uri.toString(),
      path: path.replace(/\\/g, '/'),
      ...(previous?.operationId !== undefined ? { operationId: previous.operationId } : {}),
      problem: previous?.problem ?? 'Not read yet.',
    };
  }

  /** Asks the server which operation the file names now. */
  private async lookUp(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    const mine = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, mine);
    const answer = await this.operationOf(uri);
    if (this.generation.get(key) !== mine || answer === 'gone') return;
    const previous = this.files.get(key);
    const base = this.entry(uri, previous);
    let next: RequestFileInput;
    if (answer === undefined) {
      // The server is not there (yet): keep what was known; a restart looks everything up again.
      next = previous ?? { ...base, problem: 'The language server is not running yet.' };
    } else if (answer.ok) {
      next = { uri: base.uri, path: base.path, operationId: answer.operationId };
    } else {
      next = { uri: base.uri, path: base.path, problem: answer.reason };
      if (previous?.operationId !== undefined) next.operationId = previous.operationId;
    }
    if (sameEntry(previous, next)) return;
    this.files.set(key, next);
    this.emitter.fire();
  }

  private async operationOf(
    uri: vscode.Uri,
  ): Promise<{ ok: true; operationId: string } | { ok: false; reason: string } | 'gone' | undefined> {
    const key = uri.toString();
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    try {
      let result;
      if (open) {
        result = await this.operations.get(open);
      } else {
        if (!this.server.running) return undefined;
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.size > MAX_SEND_DOCUMENT_BYTES) {
          return { ok: false, reason: 'The file is too large to be a request file.' };
        }
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        result = await this.server.prepare({ uri: key, text });
      }
      if (result === undefined) return undefined;
      return result.ok ? { ok: true, operationId: result.request.operationId } : { ok: false, reason: result.reason };
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') {
        this.remove(uri);
        return 'gone';
      }
      this.log.debug(
        `Reading ${key} for the Requests view failed: ${err instanceof Error ? err.message : String(err)}`,
      );
      return undefined;
    }
  }

  dispose(): void {
    for (const t of this.editTimers.values()) clearTimeout(t);
    this.editTimers.clear();
    for (const d of this.subscriptions.splice(0)) d.dispose();
    this.emitter.dispose();
  }
}

function sameEntry(a: RequestFileInput | undefined, b: RequestFileInput): boolean {
  return a !== undefined && a.path === b.path && a.operationId === b.operationId && a.problem === b.problem;
}
