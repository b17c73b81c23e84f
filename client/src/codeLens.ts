/**
 * The CodeLenses at the top of a request file: "▶ Send PUT host/path/room-7 · environment · token state", from
 * the server's PrepareRequest answer, the current environment and what is stored for the operation's token
 * (words from `requestLens.ts`), and "Copy as cURL". Both run their command without arguments (the commands act
 * on the active editor). While the file is momentarily invalid the lenses keep their last good title.
 */
import * as vscode from 'vscode';
import { CommandIds, LANGUAGE_ID } from '../../common/ids';
import type { ControlTokenKeeper } from './auth/controlTokens';
import { affectsEnvironment, readEnvironments, readSelectedEnvironment } from './config';
import { credentialStatuses } from './credentialStatus';
import type { OperationInfo } from './documents';
import { resolveBaseUrl } from './environments';
import { buildUrl } from './http';
import { hasRead } from '../../common/readPlan';
import { PREVIEW_LENS } from './preview/previewState';
import { COPY_CURL_LENS, sendLensView, staleLensView } from './requestLens';
import type { LensView } from './requestLens';
import { nextRefreshDelay } from './tokenHealth';
import type { TokenStore } from './tokens';
import { isTokenKey } from './tokens';

class SendCodeLensProvider implements vscode.CodeLensProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly operations: OperationInfo,
    private readonly tokens: TokenStore,
    private readonly control: ControlTokenKeeper,
  ) {}

  refresh(): void {
    this.emitter.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    // While the file is momentarily invalid its lens keeps the last good request's title, with the token words of
    // now (a token set meanwhile shows).
    const { prepared, request: req } = await this.operations.describe(document);
    if (token.isCancellationRequested) return [];
    const range = new vscode.Range(0, 0, 0, 0);
    const lenses = (send: LensView, preview = false): vscode.CodeLens[] => [
      new vscode.CodeLens(range, { title: send.title, command: CommandIds.sendRequest, tooltip: send.tooltip }),
      ...(preview ? [new vscode.CodeLens(range, { ...PREVIEW_LENS, command: CommandIds.previewChanges })] : []),
      new vscode.CodeLens(range, { ...COPY_CURL_LENS, command: CommandIds.copyAsCurl }),
    ];
    if (!req) {
      const reason = prepared && !prepared.ok ? prepared.reason : 'The language server is not running.';
      return [
        new vscode.CodeLens(range, { title: '▶ Send Request', command: CommandIds.sendRequest, tooltip: reason }),
      ];
    }
    const environment = readSelectedEnvironment();
    const target = resolveBaseUrl(readEnvironments(), environment, req.family, req.serverUrls);
    let url: string | undefined;
    if (target.ok) {
      try {
        url = buildUrl(target.baseUrl, req).href;
      } catch {
        // A path parameter without a value yet: the lens shows the template.
      }
    }
    const now = Date.now();
    const credentials = target.ok ? await credentialStatuses(this.tokens, this.control, req, target.origin) : [];
    if (token.isCancellationRequested) return [];
    const view = sendLensView({
      method: req.method,
      pathTemplate: req.pathTemplate,
      ...(url !== undefined ? { url } : {}),
      ...(target.ok ? { baseUrl: target.baseUrl } : { problem: target.reason }),
      environment,
      operationId: req.operationId,
      credentials,
      errorCount: req.validation.errorCount,
      now,
    });
    // Redraw when the token words would change ("4 h left" → "3 h left", expired).
    const delays = credentials.map((c) => nextRefreshDelay(c.stored, now)).filter((d) => d !== undefined);
    if (delays.length > 0) this.schedule(Math.min(...delays));
    if (!prepared?.ok) {
      return lenses(staleLensView(view, prepared ? prepared.reason : 'The language server is not running.'));
    }
    return lenses(view, hasRead(req.read));
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), delay);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.emitter.dispose();
  }
}

export function registerSendCodeLens(
  operations: OperationInfo,
  tokens: TokenStore,
  control: ControlTokenKeeper,
  secrets: vscode.SecretStorage,
): vscode.Disposable {
  const provider = new SendCodeLensProvider(operations, tokens, control);
  return vscode.Disposable.from(
    provider,
    vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID }, provider),
    operations.onDidInvalidate(() => provider.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsEnvironment(e)) provider.refresh();
    }),
    secrets.onDidChange((e) => {
      if (isTokenKey(e.key)) provider.refresh();
    }),
    tokens.onDidChange(() => provider.refresh()),
    control.onDidChange(() => provider.refresh()),
  );
}
