/**
 * The status bar item for `.meeting.json` editors: the current environment and, in words, whether a token is
 * stored for the active file's origin, security scheme and active profile, and how long it has left (never
 * the token itself). It redraws when the displayed words would change. Clicking it opens the token menu.
 * Also the language status item showing the catalog in use and its problems.
 */
import * as vscode from 'vscode';
import { CommandIds, LANGUAGE_ID, StatusIds } from '../../common/ids';
import type { ControlTokenKeeper } from './auth/controlTokens';
import type { RenewalTimer } from './auth/renewalTimer';
import type { CatalogStatusParams } from '../../common/protocol';
import { readEnvironments, readSelectedEnvironment, affectsEnvironment } from './config';
import type { ActiveDocument, OperationInfo } from './documents';
import { credentialStatuses } from './credentialStatus';
import { resolveBaseUrl } from './environments';
import type { ServerConnection } from './languageClient';
import type { Log } from './log';
import { catalogStatusView, environmentStatusView } from './statusText';
import type { CredentialStatus } from './statusText';
import { nextRefreshDelay } from './tokenHealth';
import type { TokenStore } from './tokens';
import { isTokenKey } from './tokens';

export function registerEnvironmentStatus(
  active: ActiveDocument,
  operations: OperationInfo,
  tokens: TokenStore,
  control: ControlTokenKeeper,
  secrets: vscode.SecretStorage,
  renewal: Pick<RenewalTimer, 'failure'> & { onDidChange: vscode.Event<void> },
): vscode.Disposable {
  const item = vscode.window.createStatusBarItem(StatusIds.environment, vscode.StatusBarAlignment.Right, 100);
  item.name = 'Meeting Payloads Environment';
  item.command = CommandIds.tokenMenu;
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const update = async (): Promise<void> => {
    const mine = ++generation;
    const doc = active.get();
    if (!doc) {
      item.hide();
      return;
    }
    const environment = readSelectedEnvironment();
    // The request the file last described, kept while it is momentarily invalid (as the lens does).
    const { prepared, request } = await operations.describe(doc);
    const stale =
      prepared?.ok || request === undefined ? undefined : (prepared?.reason ?? 'The language server is not running.');
    let origin: string | undefined;
    let problem: string | undefined;
    const credentials: CredentialStatus[] = [];
    if (request) {
      const target = resolveBaseUrl(readEnvironments(), environment, request.family, request.serverUrls);
      if (target.ok) {
        origin = target.origin;
        credentials.push(...(await credentialStatuses(tokens, control, request, target.origin, renewal)));
      } else {
        problem = target.reason;
      }
    }
    if (mine !== generation) return;
    const now = Date.now();
    const view = environmentStatusView({
      now,
      environment,
      ...(origin !== undefined ? { origin } : {}),
      ...(problem !== undefined ? { problem } : {}),
      credentials,
      trusted: vscode.workspace.isTrusted,
      ...(stale !== undefined ? { stale } : {}),
    });
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
    // Redraw when the words would change ("4 h left" → "3 h left", near expiry, expired).
    const delays = credentials.map((c) => nextRefreshDelay(c.stored, now)).filter((d) => d !== undefined);
    if (delays.length > 0) schedule(Math.min(...delays));
  };
  const schedule = (delay = 0): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void update(), delay);
  };

  schedule();
  return vscode.Disposable.from(
    item,
    // The active editor, or the response panel's focus (then the file it shows).
    active.onDidChange(() => schedule()),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === active.get()) schedule(500);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsEnvironment(e)) schedule();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => schedule()),
    secrets.onDidChange((e) => {
      if (isTokenKey(e.key)) schedule();
    }),
    tokens.onDidChange(() => schedule()),
    control.onDidChange(() => schedule()),
    renewal.onDidChange(() => schedule()),
    operations.onDidInvalidate(() => schedule(200)),
    { dispose: () => timer && clearTimeout(timer) },
  );
}

export function registerCatalogStatus(server: ServerConnection, log: Log): vscode.Disposable {
  const item = vscode.languages.createLanguageStatusItem(StatusIds.catalog, { language: LANGUAGE_ID });
  item.name = 'Meeting Payloads Catalog';
  item.command = { command: CommandIds.showOutput, title: 'Show Output' };
  let last: CatalogStatusParams | undefined;
  const update = (): void => {
    const view = catalogStatusView(last, server.running);
    item.text = view.text;
    item.detail = view.detail;
    item.busy = view.busy;
    item.severity =
      view.severity === 'error'
        ? vscode.LanguageStatusSeverity.Error
        : view.severity === 'warning'
          ? vscode.LanguageStatusSeverity.Warning
          : vscode.LanguageStatusSeverity.Information;
  };
  update();
  return vscode.Disposable.from(
    item,
    server.onCatalogStatus((params) => {
      last = params;
      log.info(`Catalog loaded: ${params.operationCount} operation(s), ${params.problems.length} problem(s).`);
      for (const p of params.problems) log.warn(`Catalog problem in ${p.uri}: ${p.message}`);
      update();
    }),
    server.onDidChangeState(update),
  );
}
