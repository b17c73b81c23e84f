/**
 * Which document commands act on, and what the server says about it.
 *
 * Commands act on the active `.meeting.json` editor only — never on a URI passed as an argument (other
 * extensions can call our commands; T6). When focus is in the response panel (no active text editor),
 * the last active `meeting-json` editor still visible counts as active.
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

export function isMeetingDocument(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return doc !== undefined && doc.languageId === LANGUAGE_ID;
}

export class ActiveDocument implements vscode.Disposable {
  private last: vscode.TextDocument | undefined;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.last = isMeetingDocument(vscode.window.activeTextEditor?.document)
      ? vscode.window.activeTextEditor?.document
      : undefined;
    this.subscription = vscode.window.onDidChangeActiveTextEditor((e) => {
      if (isMeetingDocument(e?.document)) this.last = e?.document;
      else if (e !== undefined) this.last = undefined;
    });
  }

  /** The `.meeting.json` document commands act on, or undefined. */
  get(): vscode.TextDocument | undefined {
    const editor = vscode.window.activeTextEditor;
    if (editor) return isMeetingDocument(editor.document) ? editor.document : undefined;
    const last = this.last;
    if (last && !last.isClosed && vscode.window.visibleTextEditors.some((e) => e.document === last)) return last;
    return undefined;
  }

  dispose(): void {
    this.subscription.dispose();
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
    if (prepared?.ok && (!kept || kept.version <= version)) {
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
