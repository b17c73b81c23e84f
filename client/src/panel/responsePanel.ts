/**
 * The one reusable response panel. It opens beside the editor without taking focus, survives reloads
 * through a serializer (the webview restores its own saved state, then says `ready`), and routes the
 * webview's messages: only what `parseFromWebview` accepts is acted on; anything else is logged
 * (type and key count only) and ignored (T23).
 */
import * as vscode from 'vscode';
import { ContextKeys, ViewTypes } from '../../../common/ids';
import { describeRejectedMessage, parseFromWebview } from '../../../common/webviewMessages';
import type { CredentialAction, FromWebview, ToWebview } from '../../../common/webviewMessages';
import type { Log } from '../log';
import { createNonce, panelOptions, renderShell } from './html';
import { panelPlacement } from './placement';
import { restoredFileOf } from './titles';

export interface PanelHandlers {
  copyBody(requestId: string): void | Promise<void>;
  copyCurl(requestId: string): void | Promise<void>;
  copySupportBundle(requestId: string): void | Promise<void>;
  saveResponse(requestId: string): void | Promise<void>;
  compareWithBefore(requestId: string): void | Promise<void>;
  retry(requestId: string): void | Promise<void>;
  cancel(requestId: string): void | Promise<void>;
  openHistoryEntry(id: string): void | Promise<void>;
  credentialAction(requestId: string, action: CredentialAction): void | Promise<void>;
  /** The panel's "Send … again": the request file the panel shows (checked against {@link ResponsePanel.currentFile}). */
  sendFile(file: string): void | Promise<void>;
}

type ViewMessage = Exclude<ToWebview, { type: 'showHistory' }>;
type HistoryMessage = Extract<ToWebview, { type: 'showHistory' }>;

export class ResponsePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelSubscriptions: vscode.Disposable[] = [];
  private ready = false;
  private view: ViewMessage | undefined;
  private history: HistoryMessage | undefined;
  /** After a reload, until this session shows something: the file the restored panel's saved state belongs to. */
  private restoredFile: string | undefined;
  private handlers: PanelHandlers | undefined;
  private readonly webviewRoot: vscode.Uri;
  private readonly focusEmitter = new vscode.EventEmitter<void>();
  /** Fires when the panel gains or loses the focus, or closes ({@link isActive}). */
  readonly onDidChangeFocus = this.focusEmitter.event;

  constructor(
    extensionUri: vscode.Uri,
    private readonly log: Log,
  ) {
    this.webviewRoot = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  }

  /** The send controller handles what the panel's buttons ask for. */
  setHandlers(handlers: PanelHandlers): void {
    this.handlers = handlers;
  }

  /** Registers the serializer that revives the panel after a reload. */
  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(ViewTypes.responsePanel, {
      deserializeWebviewPanel: (panel: vscode.WebviewPanel, state: unknown) => {
        if (this.panel) {
          // Only one panel: a second restored one is closed.
          panel.dispose();
        } else {
          // The webview shows its saved state itself; the host only learns which file it belongs to.
          this.restoredFile = restoredFileOf(state);
          this.attach(panel);
        }
        return Promise.resolve();
      },
    });
  }

  /** Shows a view (pending, response, error…), opening or revealing the panel beside the editor. */
  show(message: ViewMessage): void {
    this.view = message;
    this.restoredFile = undefined;
    this.ensurePanel();
    if (this.panel) this.panel.title = message.title;
    this.post(message);
  }

  /** Updates the history list; opens nothing. */
  showHistory(message: HistoryMessage): void {
    this.history = message;
    if (this.panel) this.post(message);
  }

  /** The request file (document URI) of what the panel currently shows: this session's view, or the restored one's. */
  get currentFile(): string | undefined {
    return this.view?.file ?? this.restoredFile;
  }

  /** Whether the panel is the focused editor: then Send Request (its title bar's ▶) acts on {@link currentFile}. */
  get isActive(): boolean {
    return this.panel?.active === true;
  }

  /** The request id of the exchange the panel currently shows. */
  get currentRequestId(): string | undefined {
    const v = this.view;
    return v && 'requestId' in v ? v.requestId : undefined;
  }

  private ensurePanel(): void {
    const place = panelPlacement(
      vscode.window.activeTextEditor?.viewColumn,
      this.panel?.viewColumn,
      vscode.window.tabGroups.all.map((g) => g.viewColumn),
    );
    const column = place === 'beside' ? vscode.ViewColumn.Beside : (place.column as vscode.ViewColumn);
    if (this.panel) {
      if (!this.panel.visible || this.panel.viewColumn !== column) this.panel.reveal(column, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      ViewTypes.responsePanel,
      'Response',
      { viewColumn: column, preserveFocus: true },
      panelOptions(this.webviewRoot),
    );
    this.attach(panel);
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    const webview = panel.webview;
    const { enableScripts, enableCommandUris, enableForms, localResourceRoots } = panelOptions(this.webviewRoot);
    webview.options = { enableScripts, enableCommandUris, enableForms, localResourceRoots };
    webview.html = renderShell({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.webviewRoot, 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.webviewRoot, 'styles.css')).toString(),
      nonce: createNonce(),
    });
    this.panelSubscriptions.push(
      webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
      panel.onDidChangeViewState((e) => {
        // Without retainContextWhenHidden a hidden webview is torn down; it says `ready` again when shown.
        if (!e.webviewPanel.visible) this.ready = false;
        void vscode.commands.executeCommand('setContext', ContextKeys.responsePanelFocus, e.webviewPanel.active);
        this.focusEmitter.fire();
      }),
      panel.onDidDispose(() => {
        for (const d of this.panelSubscriptions.splice(0)) d.dispose();
        this.panel = undefined;
        this.restoredFile = undefined;
        this.ready = false;
        void vscode.commands.executeCommand('setContext', ContextKeys.responsePanelFocus, false);
        this.focusEmitter.fire();
      }),
    );
  }

  private post(message: ToWebview): void {
    const panel = this.panel;
    if (!panel || !this.ready) return; // delivered on the next `ready`
    void panel.webview
      .postMessage(message)
      .then(undefined, (err: unknown) => this.log.warn(`Posting to the response panel failed: ${String(err)}`));
  }

  private onMessage(raw: unknown): void {
    const msg = parseFromWebview(raw);
    if (!msg) {
      this.log.warn(`Ignored a malformed message from the response panel (${describeRejectedMessage(raw)}).`);
      return;
    }
    void this.dispatch(msg).catch((err: unknown) =>
      this.log.error(`Handling "${msg.type}" from the response panel failed.`, err),
    );
  }

  private async dispatch(msg: FromWebview): Promise<void> {
    const h = this.handlers;
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        if (this.view) this.post(this.view);
        if (this.history) this.post(this.history);
        return;
      case 'copyBody':
        await h?.copyBody(msg.requestId);
        return;
      case 'copyCurl':
        await h?.copyCurl(msg.requestId);
        return;
      case 'copySupportBundle':
        await h?.copySupportBundle(msg.requestId);
        return;
      case 'saveResponse':
        await h?.saveResponse(msg.requestId);
        return;
      case 'compareWithBefore':
        await h?.compareWithBefore(msg.requestId);
        return;
      case 'retry':
        await h?.retry(msg.requestId);
        return;
      case 'cancel':
        await h?.cancel(msg.requestId);
        return;
      case 'openHistoryEntry':
        await h?.openHistoryEntry(msg.id);
        return;
      case 'credentialAction':
        await h?.credentialAction(msg.requestId, msg.action);
        return;
      case 'sendFile':
        // The button names the file its view shows; if the host has moved on to another file, nothing is sent.
        if (msg.file !== this.currentFile) {
          this.log.warn('Ignored a Send from the response panel: it no longer shows that file.');
          void vscode.window.showInformationMessage(
            'The panel changed before the click: nothing was sent. Use its Send button again.',
          );
          return;
        }
        await h?.sendFile(msg.file);
        return;
      default: {
        const never: never = msg;
        this.log.warn(`Unhandled panel message ${JSON.stringify(never)}`);
      }
    }
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.panelSubscriptions.splice(0)) d.dispose();
    this.focusEmitter.dispose();
  }
}
