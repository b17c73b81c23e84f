/**
 * Entry point: wires small modules, each of which returns a Disposable. Behaviour lives in the modules.
 */
import * as vscode from 'vscode';
import { OUTPUT_CHANNEL_NAME } from '../../common/ids';
import { registerSendCodeLens } from './codeLens';
import { registerCommands } from './commands';
import { ActiveDocument, OperationInfo } from './documents';
import { HistoryStore } from './history';
import { maskSecrets } from './http';
import { ServerConnection } from './languageClient';
import { createLog } from './log';
import { ResponsePanel } from './panel/responsePanel';
import { PreviewCommands } from './preview/previewCommands';
import { registerRequestsView } from './requestsView/requestsView';
import { SendController } from './send/sendController';
import { newControlKeeper } from './signIn/huaweiOnSend';
import { startBackgroundRenewal } from './signIn/renewInBackground';
import type { Services } from './services';
import { registerOutlineStatus } from './outlineStatus';
import { registerCatalogStatus, registerEnvironmentStatus } from './status';
import { TokenStore } from './tokens';

let server: ServerConnection | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const tokens = new TokenStore(context.secrets, context.globalState);
  const log = createLog(channel, (text) => maskSecrets(text, tokens.knownValues()));
  server = new ServerConnection(context, channel, log);
  const panel = new ResponsePanel(context.extensionUri, log);
  // While the panel has the focus, commands act on the file it shows.
  const active = new ActiveDocument(log, panel);
  const operations = new OperationInfo(server, log);
  const control = newControlKeeper(log);
  const services: Services = {
    context,
    log,
    server,
    active,
    operations,
    tokens,
    control,
    history: new HistoryStore(context.workspaceState),
    panel,
  };
  const send = new SendController(services);
  const renewal = startBackgroundRenewal(services);
  const preview = new PreviewCommands(services, send);

  context.subscriptions.push(
    channel,
    server,
    active,
    operations,
    panel,
    control,
    panel.registerSerializer(),
    send,
    preview,
    registerCommands({ services, send, preview }),
    registerSendCodeLens(operations, tokens, control, context.secrets),
    renewal,
    registerEnvironmentStatus(active, operations, tokens, control, context.secrets, {
      failure: (key) => renewal.timer.failure(key),
      onDidChange: renewal.onDidChange,
    }),
    registerCatalogStatus(server, log),
    registerOutlineStatus(server),
    registerRequestsView(services, send),
  );
  void server.start();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
