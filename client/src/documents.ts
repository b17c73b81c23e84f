/**
 * Which document commands act on, and what the server says about it.
 *
 * Commands act on the active `.meeting.json` editor only — never on a URI passed as an argument (other
 * extensions can call our commands; T6). While the response panel has the focus, they act on the file it shows
 * (the host's own record of it, {@link PanelFocus}), as its title and buttons do, never on the editor focused
 * before it. Without a panel, a focused webview or panel of VS Code leaves the last active `meeting-json` editor
 * still visible as the active one. In a diff of the file with its saved text or a commit, they act on the file.
 *
 * {@link OperationInfo} caches the server's PrepareRequest answer per document version for the CodeLens, the
 * status bar and the Requests view, and keeps the request each open document last described. The send path never
 * uses the cache: it asks again with the exact text.
 */
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../../common/ids';
import type { PrepareRequestResult } from '../../common/protocol';
import type { PreparedRequest } from '../../common/requestSpec';
import type { ServerConnection } from './languageClient';
import type { Log } from './log';
import { fileNameOfUri } from './panel/titles';
import { safe } from './send/texts';

export function isMeetingDocument(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return doc !== undefined && doc.languageId === LANGUAGE_ID;
}

/**
 * The request file of a focused editor. The original side of a diff of one file with a snapshot of itself (its
 * saved text, a commit: the same path, another URI) stands for the file, the modified side: a snapshot cannot be
 * saved, and a send from it would be titled and kept in history as the file's. A diff of two files: the focused one.
 */
function fileOf(document: vscode.TextDocument): vscode.TextDocument | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const snapshot =
    input instanceof vscode.TabInputTextDiff &&
    input.original.toString() === document.uri.toString() &&
    input.modified.path === document.uri.path;
  if (!snapshot) return document;
  const modified = vscode.workspace.textDocuments.find((d) => d.uri.toString() === input.modified.toString());
  return isMeetingDocument(modified) ? modified : undefined;
}

/** What commands need of the response panel: whether it has the focus, and the request file (URI) it shows. */
export interface PanelFocus {
  readonly isActive: boolean;
  readonly currentFile: string | undefined;
  /** Fires when the panel gains or loses the focus, or closes. */
  readonly onDidChangeFocus: vscode.Event<void>;
}

/** The words of {@link openRequestFile}: what is done with the file, and what is said when it cannot be. */
export interface FileUse {
  /** Said after "its saved text is" when no editor holds the file ("sent", "used"); nothing is said when absent. */
  savedText?: string;
  /** Said after why the file cannot be had: "nothing was sent". */
  nothing: string;
}

/** What Send says of the panel's file (its "Send … again", its title bar's ▶). */
export const SEND_USE: FileUse = { savedText: 'sent', nothing: 'nothing was sent' };
/** What the other commands that read the file say of it. */
export const COMMAND_USE: FileUse = { savedText: 'used', nothing: 'the command did nothing' };

/**
 * A request file by URI (the one a panel shows): the open document, else the file as saved, opened for it (and
 * said so, `use.savedText`). A file that cannot be had is said so; nothing else is ever taken in its place.
 */
export async function openRequestFile(file: string, log: Log, use: FileUse): Promise<vscode.TextDocument | undefined> {
  const name = safe(fileNameOfUri(file), 120);
  const inTab = vscode.window.tabGroups.all.some((g) =>
    g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === file),
  );
  let document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file);
  if (!document) {
    const uri = vscode.Uri.parse(file, true);
    // Opening a closed untitled URI would make a new empty file: that request is gone.
    if (uri.scheme === 'untitled') {
      void vscode.window.showErrorMessage(`${name} was closed without being saved: ${use.nothing}.`);
      return undefined;
    }
    try {
      document = await vscode.workspace.openTextDocument(uri);
    } catch (err) {
      log.warn(`Opening ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
      void vscode.window.showErrorMessage(`${name} could not be opened (moved or deleted?): ${use.nothing}.`);
      return undefined;
    }
  }
  if (!isMeetingDocument(document)) {
    void vscode.window.showErrorMessage(`${name} is no longer a request file: ${use.nothing}.`);
    return undefined;
  }
  // Without a tab, what is used is the file as saved (a closed editor leaves no unsaved text): the user is told.
  if (!inTab && use.savedText !== undefined) {
    void vscode.window.showInformationMessage(`${name} is not open in an editor: its saved text is ${use.savedText}.`);
  }
  return document;
}

export class ActiveDocument implements vscode.Disposable {
  private last: vscode.TextDocument | undefined;
  private readonly subscriptions: vscode.Disposable[];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when {@link get} may answer differently: another active editor, the panel's focus. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly log: Log,
    private readonly panel?: PanelFocus,
  ) {
    this.last = isMeetingDocument(vscode.window.activeTextEditor?.document)
      ? vscode.window.activeTextEditor?.document
      : undefined;
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (isMeetingDocument(e?.document)) this.last = fileOf(e.document);
        else if (e !== undefined) this.last = undefined;
        this.changed.fire();
      }),
      ...(panel ? [panel.onDidChangeFocus(() => this.changed.fire())] : []),
    ];
  }

  /** The file the response panel shows while it has the focus. */
  private panelFile(): string | undefined {
    return this.panel?.isActive === true ? this.panel.currentFile : undefined;
  }

  /**
   * The request file a command acts on: while the response panel has the focus, the one it shows (opened if no
   * editor holds it), else {@link get}. Undefined after saying why: `noFile` when there is no file (nothing said
   * when absent), the panel's file its own reason.
   */
  async forCommand(use: FileUse & { noFile?: string }): Promise<vscode.TextDocument | undefined> {
    const shown = this.panelFile();
    if (shown !== undefined) return openRequestFile(shown, this.log, use);
    const document = this.get();
    if (!document && use.noFile !== undefined) void vscode.window.showInformationMessage(use.noFile);
    return document;
  }

  /**
   * The document the status bar describes: while the response panel has the focus, the open document of the file it
   * shows (the one commands act on), or undefined when none is open (never the editor focused before, which the
   * commands do not act on); else the active `.meeting.json` editor's, or undefined.
   */
  get(): vscode.TextDocument | undefined {
    const shown = this.panelFile();
    if (shown !== undefined) {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === shown);
      return isMeetingDocument(document) ? document : undefined;
    }
    const editor = vscode.window.activeTextEditor;
    if (editor) return isMeetingDocument(editor.document) ? fileOf(editor.document) : undefined;
    const last = this.last;
    if (last && !last.isClosed && vscode.window.visibleTextEditors.some((e) => e.document === last)) return last;
    return undefined;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.changed.dispose();
  }
}

interface CacheEntry {
  version: number;
  result: Promise<PrepareRequestResult | undefined>;
}

/** The server's answer for a version, and the request the document last described (kept while it is invalid). */
export interface Described {
  prepared: PrepareRequestResult | undefined;
  request: PreparedRequest | undefined;
}

export class OperationInfo implements vscode.Disposable {
  private readonly cache = new Map<string, CacheEntry>();
  /** Kept across server restarts and catalog reloads (the words do not flip); dropped when the document closes. */
  private readonly lastGood = new Map<string, { version: number; request: PreparedRequest }>();
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  /** Fires when cached answers were dropped (server restarted or catalog reloaded). */
  readonly onDidInvalidate = this.emitter.event;

  constructor(
    private readonly server: ServerConnection,
    private readonly log: Log,
  ) {
    this.subscriptions = [
      server.onDidChangeState(() => this.invalidate()),
      server.onCatalogStatus(() => this.invalidate()),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cache.delete(d.uri.toString());
        this.lastGood.delete(d.uri.toString());
      }),
    ];
  }

  invalidate(): void {
    this.cache.clear();
    this.emitter.fire();
  }

  /** What the server makes of the document's current version; undefined when the server is not available. */
  get(document: vscode.TextDocument): Promise<PrepareRequestResult | undefined> {
    const key = document.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === document.version) return hit.result;
    if (!this.server.running) return Promise.resolve(undefined);
    const result = this.server.prepare({ uri: key }).then(
      (r) => r,
      (err: unknown) => {
        this.log.debug(`PrepareRequest for the CodeLens failed: ${err instanceof Error ? err.message : String(err)}`);
        this.cache.delete(key);
        return undefined;
      },
    );
    this.cache.set(key, { version: document.version, result });
    return result;
  }

  /**
   * The current version's answer and the request the document last described: while the file is momentarily
   * invalid the CodeLens and the status bar keep that request (an answer for an older version never replaces a
   * newer one's).
   */
  async describe(document: vscode.TextDocument): Promise<Described> {
    const key = document.uri.toString();
    const version = document.version;
    const prepared = await this.get(document);
    const kept = this.lastGood.get(key);
    // A file closed while the server answered is forgotten (its close came first): reopened, it starts again at 1.
    if (prepared?.ok && !document.isClosed && (!kept || kept.version <= version)) {
      this.lastGood.set(key, { version, request: prepared.request });
    }
    return { prepared, request: prepared?.ok ? prepared.request : this.lastGood.get(key)?.request };
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.emitter.dispose();
    this.cache.clear();
    this.lastGood.clear();
  }
}
