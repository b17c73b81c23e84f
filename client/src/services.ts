/**
 * The long-lived pieces commands share, created once in `activate`, plus the lookups several
 * commands need (the active document's request and where it goes).
 */
import * as vscode from 'vscode';
import type { PreparedRequest } from '../../common/requestSpec';
import type { ControlTokenKeeper } from './auth/controlTokens';
import { CommandIds } from '../../common/ids';
import { readEnvironments, readSelectedEnvironment } from './config';
import { COMMAND_USE, type ActiveDocument, type OperationInfo } from './documents';
import { resolveBaseUrl } from './environments';
import type { EnvironmentEntry } from './environments';
import type { HistoryStore } from './history';
import type { ServerConnection } from './languageClient';
import type { Log } from './log';
import type { ResponsePanel } from './panel/responsePanel';
import type { TokenStore } from './tokens';

export interface Services {
  context: vscode.ExtensionContext;
  log: Log;
  server: ServerConnection;
  active: ActiveDocument;
  operations: OperationInfo;
  tokens: TokenStore;
  /** This session's Huawei meeting-control tokens and host passwords (memory only): the one source of truth. */
  control: ControlTokenKeeper;
  history: HistoryStore;
  panel: ResponsePanel;
}

export interface ActiveRequest {
  document: vscode.TextDocument;
  /** The exact text the request was prepared from. */
  text: string;
  request: PreparedRequest;
  environment: EnvironmentEntry;
  baseUrl: string;
  origin: string;
}

export const NO_ACTIVE_FILE = 'Open a .meeting.json file first: this command acts on the active request file.';

/**
 * The active file's request, prepared by the server from the file's current text, and its target in the
 * current environment. Shows a message and returns undefined when any step fails.
 */
export async function activeRequest(services: Services, doc?: vscode.TextDocument): Promise<ActiveRequest | undefined> {
  const document = doc ?? (await services.active.forCommand({ ...COMMAND_USE, noFile: NO_ACTIVE_FILE }));
  if (!document) return undefined;
  const text = document.getText();
  let prepared;
  try {
    prepared = await services.server.prepare({ uri: document.uri.toString(), text });
  } catch (err) {
    services.log.error('PrepareRequest failed.', err);
    const restart = 'Restart Language Server';
    void vscode.window
      .showErrorMessage(
        `Could not read the request from this file: ${err instanceof Error ? err.message : String(err)}`,
        restart,
      )
      .then((choice) => choice === restart && vscode.commands.executeCommand(CommandIds.restartServer));
    return undefined;
  }
  if (!prepared.ok) {
    void vscode.window.showErrorMessage(`This file does not describe a request that can be sent: ${prepared.reason}`);
    return undefined;
  }
  const environmentName = readSelectedEnvironment();
  const target = resolveBaseUrl(
    readEnvironments(),
    environmentName,
    prepared.request.family,
    prepared.request.serverUrls,
  );
  if (!target.ok) {
    const select = 'Select Environment';
    void vscode.window
      .showErrorMessage(target.reason, select)
      .then((choice) => choice === select && vscode.commands.executeCommand(CommandIds.selectEnvironment));
    return undefined;
  }
  return {
    document,
    text,
    request: prepared.request,
    environment: target.environment,
    baseUrl: target.baseUrl,
    origin: target.origin,
  };
}

/** A short label for a document: its file name. */
export function fileLabel(document: vscode.TextDocument): string {
  const path = document.uri.path;
  return path.slice(path.lastIndexOf('/') + 1) || document.uri.toString();
}
