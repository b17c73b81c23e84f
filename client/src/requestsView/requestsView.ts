/**
 * The Requests view in the side bar: the TreeDataProvider over the pure tree of `requestsTree.ts`, fed by the file
 * index (`requestFiles.ts`) and the history. A file opens in the editor; a send opens in the response panel through
 * the panel's own open-from-history path (`SendController.openHistoryEntry`).
 *
 * Its commands take arguments (the view passes the node), so they accept only a (file, send id) pair the view lists
 * at that moment, and act on what the view holds, never on what the caller passed (T6).
 */
import * as vscode from 'vscode';
import { ContextKeys, RequestsViewCommandIds, ViewIds } from '../../../common/ids';
import type { SendController } from '../send/sendController';
import type { Services } from '../services';
import { RequestFiles } from './requestFiles';
import { buildRequestsTree, findSend } from './requestsTree';
import type { GroupNode, RequestsNode, SendNode, Tone } from './requestsTree';

const TONE_ICONS: Record<Tone, [string, string]> = {
  ok: ['pass', 'testing.iconPassed'],
  redirect: ['arrow-right', 'editorWarning.foreground'],
  fail: ['error', 'testing.iconFailed'],
  cancelled: ['circle-large-outline', 'disabledForeground'],
};

class RequestsTreeProvider implements vscode.TreeDataProvider<RequestsNode> {
  private readonly emitter = new vscode.EventEmitter<RequestsNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  /** The tree as last shown: what the view's commands check their arguments against. */
  tree: GroupNode[] = [];

  constructor(
    private readonly files: RequestFiles,
    private readonly services: Services,
  ) {
    this.rebuild();
  }

  rebuild(): void {
    this.tree = buildRequestsTree({
      files: this.files.list(),
      operations: this.files.catalog(),
      history: (uri) => this.services.history.list(uri),
      now: Date.now(),
    });
    this.emitter.fire(undefined);
  }

  getChildren(node?: RequestsNode): RequestsNode[] {
    if (!node) return this.tree;
    if (node.kind === 'group') return node.files;
    if (node.kind === 'file') return node.sends;
    return [];
  }

  getTreeItem(node: RequestsNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.key;
      item.description = node.description;
      item.tooltip = node.tooltip;
      item.iconPath = new vscode.ThemeIcon(node.operationId !== undefined ? 'symbol-method' : 'question');
      item.contextValue = 'operation';
      return item;
    }
    if (node.kind === 'file') {
      const uri = vscode.Uri.parse(node.uri);
      const item = new vscode.TreeItem(
        node.label,
        node.sends.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
      );
      // VS Code keeps a row's collapsible state by id and shows a former leaf collapsed: a file's first send gives it
      // a new id, so it opens showing it.
      item.id = node.sends.length > 0 ? `${node.key}#sent` : node.key;
      item.resourceUri = uri;
      item.description = node.description;
      item.tooltip = node.tooltip;
      item.iconPath = node.invalid ? new vscode.ThemeIcon('warning') : vscode.ThemeIcon.File;
      item.contextValue = 'requestFile';
      item.command = { command: 'vscode.open', title: 'Open', arguments: [uri] };
      return item;
    }
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.id = node.key;
    item.description = node.description;
    item.tooltip = node.tooltip;
    const [icon, colour] = TONE_ICONS[node.tone];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(colour));
    item.contextValue = 'send';
    item.command = {
      command: RequestsViewCommandIds.openSend,
      title: 'Open in the Response Panel',
      arguments: [{ file: node.file, id: node.id }],
    };
    return item;
  }

  getParent(node: RequestsNode): RequestsNode | undefined {
    for (const group of this.tree) {
      if (node.kind === 'file' && group.files.includes(node)) return group;
      for (const file of group.files) if (node.kind === 'send' && file.sends.includes(node)) return file;
    }
    return undefined;
  }

  /** The send the view lists for what a command was given (the view passes a node or `{file, id}`). */
  sendFor(arg: unknown): SendNode | undefined {
    if (typeof arg !== 'object' || arg === null) return undefined;
    const { file, id } = arg as { file?: unknown; id?: unknown };
    return findSend(this.tree, file, id);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export function registerRequestsView(services: Services, send: SendController): vscode.Disposable {
  const files = new RequestFiles(services.server, services.operations, services.log);
  const provider = new RequestsTreeProvider(files, services);
  const view = vscode.window.createTreeView(ViewIds.requests, { treeDataProvider: provider, showCollapseAll: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refresh = (): void => {
    // Many files read in a row give one redraw.
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      provider.rebuild();
      view.message = services.server.running ? undefined : 'Waiting for the language server to read the request files…';
      void vscode.commands.executeCommand('setContext', ContextKeys.hasRequestFiles, files.list().length > 0);
    }, 100);
  };
  const subscriptions = [
    files,
    provider,
    view,
    files.onDidChange(refresh),
    services.history.onDidAdd(refresh),
    services.server.onDidChangeState(refresh),
    vscode.commands.registerCommand(RequestsViewCommandIds.openSend, (arg: unknown) => {
      const node = provider.sendFor(arg);
      if (node) send.openHistoryEntry(node.id, node.file);
    }),
    vscode.commands.registerCommand(RequestsViewCommandIds.copySendAsCurl, async (arg: unknown) => {
      const node = provider.sendFor(arg);
      if (node) await send.copyCurl(node.id);
    }),
    vscode.commands.registerCommand(RequestsViewCommandIds.refresh, async () => {
      await files.rescan();
    }),
    { dispose: () => timer && clearTimeout(timer) },
  ];
  files.start();
  refresh();
  return vscode.Disposable.from(...subscriptions);
}
