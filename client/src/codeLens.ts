/**
 * The CodeLens at the top of a request file: "▶ Send PUT host/path/{param}", from the server's
 * PrepareRequest answer and the current environment. It runs Send Request without arguments (the
 * command acts on the active editor).
 */
import * as vscode from 'vscode';
import { CommandIds, LANGUAGE_ID } from '../../common/ids';
import { affectsEnvironment, readEnvironments, readSelectedEnvironment } from './config';
import type { OperationInfo } from './documents';
import { resolveBaseUrl } from './environments';
import { sendLensTitle } from './send/texts';

class SendCodeLensProvider implements vscode.CodeLensProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;

  constructor(private readonly operations: OperationInfo) {}

  refresh(): void {
    this.emitter.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const prepared = await this.operations.get(document);
    if (token.isCancellationRequested) return [];
    const range = new vscode.Range(0, 0, 0, 0);
    if (!prepared) {
      return [
        new vscode.CodeLens(range, {
          title: '▶ Send Request',
          command: CommandIds.sendRequest,
          tooltip: 'Send this request',
        }),
      ];
    }
    if (!prepared.ok) {
      return [
        new vscode.CodeLens(range, {
          title: '▶ Send Request',
          command: CommandIds.sendRequest,
          tooltip: prepared.reason,
        }),
      ];
    }
    const req = prepared.request;
    const environment = readSelectedEnvironment();
    const target = resolveBaseUrl(readEnvironments(), environment, req.family, req.serverUrls);
    const title = sendLensTitle(req.method, req.pathTemplate, target.ok ? target.baseUrl : undefined);
    const tooltip = target.ok
      ? `Send ${req.operationId} to ${target.origin} (environment ${environment})${req.validation.valid ? '' : ` — the file has ${req.validation.errorCount} error(s)`}`
      : target.reason;
    return [new vscode.CodeLens(range, { title, command: CommandIds.sendRequest, tooltip })];
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export function registerSendCodeLens(operations: OperationInfo): vscode.Disposable {
  const provider = new SendCodeLensProvider(operations);
  return vscode.Disposable.from(
    provider,
    vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID }, provider),
    operations.onDidInvalidate(() => provider.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsEnvironment(e)) provider.refresh();
    }),
  );
}
