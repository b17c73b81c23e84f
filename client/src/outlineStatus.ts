/**
 * The language status item saying the active file's outline is limited ("Outline limited to 5000 items"), as
 * VS Code's JSON support says it for `json.maxItemsComputed`; its link opens `meetingPayloads.outline.maxItems`.
 * The server tells which documents' outlines are cut (`meeting/outlineLimit`); the item exists only while the
 * active editor shows one of them.
 */
import * as vscode from 'vscode';
import { LANGUAGE_ID, SettingIds, StatusIds } from '../../common/ids';
import type { ServerConnection } from './languageClient';
import { outlineLimitView } from './statusText';

export function registerOutlineStatus(server: ServerConnection): vscode.Disposable {
  /** The limit each document's outline was cut at, by URI. */
  const limits = new Map<string, number>();
  let item: vscode.LanguageStatusItem | undefined;
  const update = (): void => {
    item?.dispose();
    item = undefined;
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const limit = uri === undefined ? undefined : limits.get(uri);
    if (limit === undefined) return;
    item = vscode.languages.createLanguageStatusItem(StatusIds.outline, { language: LANGUAGE_ID });
    const view = outlineLimitView(limit);
    item.name = 'Meeting Payloads Outline';
    item.text = view.text;
    item.detail = view.detail;
    item.severity = vscode.LanguageStatusSeverity.Warning;
    item.command = {
      title: 'Change Limit',
      command: 'workbench.action.openSettings',
      arguments: [SettingIds.outlineMaxItems],
    };
  };
  return vscode.Disposable.from(
    server.onOutlineLimit(({ uri, maxItems }) => {
      if (maxItems === null) limits.delete(uri);
      else limits.set(uri, maxItems);
      update();
    }),
    // A restarted server tells again what it finds cut.
    server.onDidChangeState(() => {
      limits.clear();
      update();
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (limits.delete(doc.uri.toString())) update();
    }),
    vscode.window.onDidChangeActiveTextEditor(update),
    { dispose: () => item?.dispose() },
  );
}
