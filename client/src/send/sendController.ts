/**
 * Send Request, from the command to the panel:
 *
 * 1. Workspace Trust (refused in Restricted Mode, with a way to manage trust);
 * 2. one send per file at a time (a double click sends once);
 * 3. the server prepares the request from the file's exact current text (what is sent is what was
 *    validated); an invalid file needs an explicit "Send Anyway";
 * 4. the environment gives the base URL; the token is looked up for exactly that origin and scheme;
 * 5. a modal confirmation before any non-loopback origin (unless the environment turns it off);
 * 6. the HTTP core sends, under a cancellable progress notification (Cancel aborts the socket);
 *    automatic retry only when the user enabled it; otherwise a 429/423/503 Retry-After becomes a
 *    one-click retry once due;
 * 7. the outcome goes to the panel, the history (summary only) and the output channel (masked).
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { sendSizeProblem, type CredentialSlot, type PreparedRequest } from '../../../common/requestSpec';
import type {
  CredentialAction,
  CredentialNotice,
  HistoryItem,
  SchemaCheck,
  ToWebview,
} from '../../../common/webviewMessages';
import { readProxy, readRequestSettings } from '../config';
import { isLoopbackOrigin } from '../environments';
import type { EnvironmentEntry } from '../environments';
import { historyItemFrom } from '../history';
import { buildUrl, ConnectionPools, maskSecrets, sendRequest, sendWithRetry, toCurl, toSupportBundle } from '../http';
import type { SendOptions, SendOutcome, TokenInput } from '../http';
import { isMeetingDocument, openRequestFile, SEND_USE } from '../documents';
import { activeRequest, fileLabel } from '../services';
import { promptAndStoreToken, switchProfileFor } from '../tokenCommands';
import { noTokenNotice, rejectionNotice } from './credentialNotice';
import { looksLikeJson } from '../panel/jsonFormat';
import { fileNameOfUri, historyEntryTitle } from '../panel/titles';
import { responseFileName, responseFileText } from './saveResponse';
import { tokenHealth } from '../tokenHealth';
import { renewDueTokens } from '../signIn/renewToken';
import { controlTokenForSend, tokenAfterRejection } from '../signIn/huaweiOnSend';
import { controlConferenceId } from '../auth/controlTokens';
import type { ControlTokenKeeper } from '../auth/controlTokens';
import { signInFor } from '../signIn/signInCommand';
import { signInSupport } from '../signIn/signInPlan';
import { DEFAULT_PROFILE } from '../tokens';
import type { ActiveRequest, Services } from '../services';
import {
  confirmationText,
  INVALID_FILE_BUTTONS,
  invalidFileButtons,
  invalidFileText,
  retryWhenText,
  safe,
} from './texts';
import {
  errorView,
  historyInput,
  outcomeLogLine,
  requestView,
  responseView,
  retryHint,
  schemaCheckView,
} from './views';

/** Exchanges whose full outcome stays in memory for Copy / Retry / history. */
const KEPT_EXCHANGES = 5;

interface Exchange {
  id: string;
  documentUri: string;
  fileLabel: string;
  request: PreparedRequest;
  environment: EnvironmentEntry;
  baseUrl: string;
  origin: string;
  slot: CredentialSlot | undefined;
  attempt: number;
  startedAt: number;
  abort: AbortController;
  outcome?: SendOutcome;
  retryDueAt?: number;
  /** The response compared with the documented schema for its status (from the server). */
  schemaCheck?: SchemaCheck;
  /** "No token was attached" or why a 401/403 came back, for the top of the panel. */
  credentialNotice?: CredentialNotice;
  /** Sent again once already with a new token after Huawei refused the first (never twice). */
  resentAfterRejection?: boolean;
  /** Sent from Preview Changes: the state read before, for "Compare with Before" in the panel. */
  before?: StateBefore;
}

/** The current state a PUT was previewed against (the read's resource), kept with the exchange that sent it. */
export interface StateBefore {
  readId: string;
  resource: Record<string, unknown>;
}

/** What Send's rules decided for one request: where it goes, with which token. Opaque outside this file. */
export interface SendPlan {
  readonly exchange: Exchange;
  readonly token: TokenInput | undefined;
}

/** A PUT sent from Preview Changes, with the state read before it: what "Compare with Before" compares. */
export interface SentFromPreview {
  before: StateBefore;
  request: PreparedRequest;
  documentUri: string;
  environment: EnvironmentEntry;
  baseUrl: string;
  origin: string;
  /** The response's body as received (may be empty, e.g. 204). */
  bodyText: string;
}

/** What Safe PUT (client/src/preview) adds to Send; set once by it, so Send does not import it. */
export interface PreviewHooks {
  /** Runs before Send when the environment makes Preview Changes part of it; true when it took over (or stopped). */
  beforeSend(active: ActiveRequest): Promise<boolean>;
  compareWithBefore(sent: SentFromPreview): Promise<void>;
}

function newId(): string {
  return randomUUID().replace(/-/g, '');
}

export class SendController implements vscode.Disposable {
  /** Documents with a send (or its dialogs) in progress. */
  private readonly busy = new Set<string>();
  private readonly exchanges = new Map<string, Exchange>();
  private readonly retryTimers = new Set<ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Kept-alive connections, one dispatcher per origin, so a second send to an API skips the TCP and TLS set-up. */
  private readonly pools = new ConnectionPools();
  /** This session's Huawei meeting-control tokens and host passwords (memory only; owned by Services). */
  private readonly control: ControlTokenKeeper;
  /** Preview Changes before Send and Compare with Before (set by the preview module). */
  private preview: PreviewHooks | undefined;

  constructor(private readonly services: Services) {
    this.control = services.control;
    services.panel.setHandlers({
      copyBody: (id) => this.copyBody(id),
      copyCurl: (id) => this.copyCurl(id),
      copySupportBundle: (id) => this.copySupportBundle(id),
      saveResponse: (id) => this.saveResponse(id),
      compareWithBefore: (id) => this.compareWithBefore(id),
      retry: (id) => this.retry(id),
      cancel: (id) => this.cancel(id),
      openHistoryEntry: (id) => this.openHistoryEntry(id),
      credentialAction: (id, action) => this.credentialAction(id, action),
      sendFile: (file) => this.sendFile(file),
    });
    // The panel's history list follows the active request file while the panel shows no other file's response
    // (the webview also ignores a history of another file than the one it shows, e.g. after a reload).
    this.showHistoryOf(services.active.get());
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (isMeetingDocument(e?.document)) this.showHistoryOf(e.document);
      }),
    );
  }

  private showHistoryOf(document: vscode.TextDocument | undefined): void {
    if (!document) return;
    const key = document.uri.toString();
    const shown = this.services.panel.currentFile;
    if (shown !== undefined && shown !== key) return;
    this.postHistory(key, fileLabel(document), this.services.history.list(key));
  }

  // ---------------------------------------------------------------------------------------------
  // The command.

  async sendActive(): Promise<void> {
    if (!(await ensureTrusted())) return;
    // While the panel has the focus (its title bar's ▶, the palette), the file it shows; never the text editor that
    // was active last: a button under a title naming one file acts on that file.
    const document = await this.services.active.forCommand({
      ...SEND_USE,
      noFile: 'Open a .meeting.json file first: Send Request sends the active request file.',
    });
    if (document) await this.sendDocument(document);
  }

  /** Sends the request file a panel shows (its "Send … again"), by URI, through {@link openRequestFile}. */
  async sendFile(file: string): Promise<void> {
    if (!(await ensureTrusted())) return;
    const document = await openRequestFile(file, this.services.log, SEND_USE);
    if (document) await this.sendDocument(document);
  }

  private async sendDocument(document: vscode.TextDocument): Promise<void> {
    const tooLarge = sendSizeProblem(document.getText());
    if (tooLarge !== undefined) {
      void vscode.window.showErrorMessage(tooLarge);
      return;
    }
    await this.exclusive(document, async () => {
      const active = await activeRequest(this.services, document);
      if (!active) return;
      if (active.environment.previewBeforeSend && this.preview && (await this.preview.beforeSend(active))) return;
      const plan = await this.plan(active);
      if (!plan) return;
      await this.run(plan.exchange, plan.token);
    });
  }

  /** Lets Preview Changes run first when the environment says so (`previewBeforeSend`), and compare after a send. */
  setPreviewHooks(hooks: PreviewHooks): void {
    this.preview = hooks;
  }

  /**
   * One send (or read, or its dialogs) per file at a time: runs `work` unless the file is busy, which is said.
   * Send, Preview Changes, Fetch Current State and Send from the preview share it.
   */
  async exclusive<T>(document: vscode.TextDocument, work: () => Promise<T>): Promise<T | undefined> {
    const key = document.uri.toString();
    if (this.busy.has(key)) {
      void vscode.window.showInformationMessage(
        'A request from this file is already being sent. Cancel it first, or wait for its response.',
      );
      return undefined;
    }
    this.busy.add(key);
    try {
      return await work();
    } finally {
      this.busy.delete(key);
    }
  }

  /** Sends what {@link plan} decided, as Send does (progress, panel, history). `before`: the state it was previewed against. */
  async sendPlanned(plan: SendPlan, before?: StateBefore): Promise<void> {
    await this.run(before ? { ...plan.exchange, before } : plan.exchange, plan.token);
  }

  /**
   * Sends reads planned by {@link plan} (the exchange's origin, token and settings) without the panel or the
   * history: for the current state a PUT replaces. One cancellable progress notification for all pages.
   */
  async readWith<T>(
    plan: SendPlan,
    work: (send: (req: PreparedRequest) => Promise<SendOutcome>) => Promise<T>,
  ): Promise<T> {
    const { exchange, token } = plan;
    const host = safe(new URL(exchange.baseUrl).host, 80);
    return vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Reading the current state from ${host}`,
        cancellable: true,
      },
      async (_progress, cancel) => {
        const sub = cancel.onCancellationRequested(() => exchange.abort.abort());
        try {
          return await work(async (req) => {
            const outcome = await sendRequest(req, this.sendOptions(exchange, token));
            const url = outcome.sent?.url ?? safeUrl(exchange.baseUrl, req);
            this.services.log.info(
              maskSecrets(outcomeLogLine(outcome, req.method, url), this.services.tokens.knownValues()),
            );
            return outcome;
          });
        } finally {
          sub.dispose();
        }
      },
    );
  }

  /**
   * Send's rules, the one planning path of every request the editor sends (Send, the read of Preview Changes and
   * Fetch Current State, Send from the preview): validation, the token for exactly this origin and scheme (renewed
   * when due, never expired), the confirmation before a non-loopback origin. Undefined when the user stopped.
   */
  async plan(active: ActiveRequest): Promise<SendPlan | undefined> {
    const req = active.request;
    if (!req.validation.valid) {
      const { message, detail } = invalidFileText(req.validation);
      const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...invalidFileButtons());
      if (choice?.title === INVALID_FILE_BUTTONS.showProblems.title) {
        await vscode.commands.executeCommand('workbench.actions.view.problems');
      }
      if (choice?.title !== INVALID_FILE_BUTTONS.sendAnyway.title) return undefined;
    }
    let url: URL;
    try {
      url = buildUrl(active.baseUrl, req);
    } catch (err) {
      void vscode.window.showErrorMessage(
        `Cannot build the request URL: ${err instanceof Error ? err.message : String(err)}`,
      );
      return undefined;
    }
    const loopback = isLoopbackOrigin(active.origin);
    // A meeting-control request gets its token minted (host password asked once) or kept alive here.
    const control = await controlTokenForSend(this.services, this.control, req, active.origin, active.baseUrl);
    if (control.kind === 'stop') return undefined;
    // A signed-in token near or past its end is renewed first, so it is neither sent expired nor refused.
    await renewDueTokens(this.services, req.credentials, active.origin, active.baseUrl);
    let token =
      control.kind === 'token'
        ? { ...control.input, profile: DEFAULT_PROFILE }
        : await this.findToken(req.credentials, active.origin);
    const expired = token ? undefined : await this.findExpired(req.credentials, active.origin);
    if (expired) {
      // An expired token is never sent, on loopback too: the user replaces it (or stops).
      const set = 'Set Token…';
      const signIn = 'Sign In…';
      const canSignIn = req.credentials.some((c) => signInSupport(c.scheme, c.label).flow !== undefined);
      const choice = await vscode.window.showWarningMessage(
        `The ${safe(expired.label, 80)} for ${safe(active.origin, 120)} ${expired.words}; it is not sent.`,
        { modal: true, detail: 'Sign in or set a new token for this origin to send the request.' },
        ...(canSignIn ? [signIn, set] : [set]),
      );
      if (choice === signIn) await signInFor(this.services, req.credentials, active.origin, active.baseUrl);
      else if (choice === set) await promptAndStoreToken(this.services, req.credentials, active.origin, active.baseUrl);
      else return undefined;
      token = await this.findToken(req.credentials, active.origin);
      if (!token) return undefined;
    }
    if (!token && req.credentials.length > 0 && !loopback) {
      const labels = req.credentials.map((c) => c.label).join(' or ');
      const set = 'Set Token…';
      const without = 'Send Without Token';
      const choice = await vscode.window.showWarningMessage(
        `No ${safe(labels, 120)} is set for ${safe(active.origin, 120)}.`,
        {
          modal: true,
          detail: 'The server will probably answer 401. Set a token for this origin, or send without one.',
        },
        set,
        without,
      );
      if (choice === set) {
        await promptAndStoreToken(this.services, req.credentials, active.origin, active.baseUrl);
        token = await this.findToken(req.credentials, active.origin);
        if (!token) return undefined;
      } else if (choice !== without) {
        return undefined;
      }
    }
    if (!loopback && active.environment.confirmBeforeSend) {
      const { message, detail } = confirmationText({
        method: req.method,
        url: url.href,
        environment: active.environment.name,
        headerNames: req.headers.map(([k]) => k),
        bodyBytes: req.body === undefined ? undefined : Buffer.byteLength(req.body, 'utf8'),
        tokenLabel: token ? profileLabel(token.slot.label, token.profile) : undefined,
        validationValid: req.validation.valid,
      });
      const send = 'Send';
      const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, send);
      if (choice !== send) return undefined;
    }
    const exchange: Exchange = {
      id: newId(),
      documentUri: active.document.uri.toString(),
      fileLabel: fileLabel(active.document),
      request: req,
      environment: active.environment,
      baseUrl: active.baseUrl,
      origin: active.origin,
      slot: token?.slot,
      attempt: 1,
      startedAt: Date.now(),
      abort: new AbortController(),
    };
    return { exchange, token };
  }

  /** The first stored token of `slots` at `origin` in the active profile, unless expired (never sent). */
  private async findToken(
    slots: readonly CredentialSlot[],
    origin: string,
  ): Promise<(TokenInput & { profile: string }) | undefined> {
    for (const slot of slots) {
      try {
        const record = await this.services.tokens.getRecord(slot.scheme, origin);
        if (record === undefined || tokenHealth(record, Date.now()).state === 'expired') continue;
        return { value: record.token, slot, origin, profile: this.services.tokens.activeProfile(slot.scheme, origin) };
      } catch (err) {
        this.services.log.warn(
          `Reading the ${slot.label} from secret storage failed: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
    return undefined;
  }

  /** The meeting-control token this session holds for an exchange's meeting, if it is still alive. */
  private liveControlToken(ex: Exchange): TokenInput | undefined {
    const conferenceId = controlConferenceId(ex.request);
    const live = conferenceId !== undefined ? this.control.live(ex.origin, conferenceId) : undefined;
    return live && ex.slot?.scheme === live.scheme
      ? { value: live.accessToken, slot: ex.slot, origin: ex.origin }
      : undefined;
  }

  /** The first slot whose stored token has expired, with how long ago in words. */
  private async findExpired(
    slots: readonly CredentialSlot[],
    origin: string,
  ): Promise<{ label: string; words: string } | undefined> {
    for (const slot of slots) {
      const record = await this.services.tokens.getRecord(slot.scheme, origin).catch(() => undefined);
      const health = tokenHealth(record, Date.now());
      if (health.state === 'expired') return { label: slot.label, words: health.words };
    }
    return undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // The network part, shared by Send and Retry.

  private async run(exchange: Exchange, token: TokenInput | undefined): Promise<void> {
    const { services } = this;
    const req = exchange.request;
    this.remember(exchange);
    const title = `${req.method} ${exchange.fileLabel}`;
    const pendingUrl = safeUrl(exchange.baseUrl, req);
    const showPending = (startedAt: number, note: string | undefined): void =>
      services.panel.show({
        type: 'showPending',
        file: exchange.documentUri,
        requestId: exchange.id,
        title,
        method: req.method,
        url: pendingUrl,
        startedAt,
        ...(note !== undefined ? { note } : {}),
      });
    showPending(exchange.startedAt, exchange.attempt > 1 ? `Attempt ${exchange.attempt}` : undefined);
    this.postHistory(exchange.documentUri, exchange.fileLabel, services.history.list(exchange.documentUri));
    const opts = this.sendOptions(exchange, token);
    const host = safe(new URL(exchange.baseUrl).host, 80);
    let result: { outcome: SendOutcome; attempts: number };
    try {
      result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Sending ${req.method} to ${host}`,
          cancellable: true,
        },
        async (progress, cancel) => {
          const sub = cancel.onCancellationRequested(() => exchange.abort.abort());
          try {
            return await sendWithRetry(sendRequest, req, opts, {
              onRetry: (decision, _attempt, previous) => {
                services.log.info(`${outcomeLogLine(previous, req.method, pendingUrl)}. ${decision.reason}`);
                progress.report({ message: decision.reason });
                showPending(
                  Date.now(),
                  `${decision.reason} (automatic retry is on in meetingPayloads.request.autoRetry)`,
                );
              },
            });
          } finally {
            sub.dispose();
          }
        },
      );
    } catch (err) {
      // The core returns outcomes rather than throwing; this is a bug, reported as such and never as "not sent".
      services.log.error('Sending failed unexpectedly.', err);
      result = {
        outcome: {
          kind: 'error',
          code: 'UNKNOWN',
          message:
            'Sending failed unexpectedly; the request may or may not have reached the server. See the output channel.',
          detail: maskSecrets(
            err instanceof Error ? (err.stack ?? err.message) : String(err),
            services.tokens.knownValues(),
          ),
          mayHaveReachedServer: true,
          timing: { startedAt: new Date(exchange.startedAt).toISOString(), totalMs: Date.now() - exchange.startedAt },
        },
        attempts: 1,
      };
    }
    if (token && !exchange.resentAfterRejection) {
      // Huawei refused the token (401, USG.000000004): the request was not applied; log in again and send once more.
      const fresh = await tokenAfterRejection(services, this.control, req, token, result.outcome, exchange.baseUrl);
      if (fresh) {
        services.log.info(
          `${maskSecrets(outcomeLogLine(result.outcome, req.method, pendingUrl), services.tokens.knownValues())}. Huawei refused the token; sending again with a new one.`,
        );
        exchange.resentAfterRejection = true;
        exchange.attempt += result.attempts;
        await this.run(exchange, fresh);
        return;
      }
    }
    exchange.attempt += result.attempts - 1;
    exchange.outcome = result.outcome;
    await this.report(exchange, result.outcome);
  }

  /** The HTTP core's options for an exchange: its base URL, the settings, its abort signal, the pools, the proxy. */
  private sendOptions(exchange: Exchange, token: TokenInput | undefined): SendOptions {
    let proxy;
    try {
      proxy = readProxy(new URL(exchange.baseUrl));
    } catch {
      proxy = undefined;
    }
    return {
      baseUrl: exchange.baseUrl,
      settings: readRequestSettings(),
      signal: exchange.abort.signal,
      pools: this.pools,
      ...(token ? { token } : {}),
      ...(proxy ? { proxy } : {}),
    };
  }

  /** After a send: log, notify, show in the panel, add to the history. */
  private async report(exchange: Exchange, outcome: SendOutcome): Promise<void> {
    const { services } = this;
    const req = exchange.request;
    const url = outcome.sent?.url ?? safeUrl(exchange.baseUrl, req);
    const secrets = services.tokens.knownValues();
    services.log.info(maskSecrets(outcomeLogLine(outcome, req.method, url), secrets));
    if (outcome.kind === 'response') {
      const check = await services.server.checkResponse({
        operationId: req.operationId,
        status: outcome.status,
        body: outcome.bodyText,
        truncated: outcome.truncated,
      });
      if (check) exchange.schemaCheck = schemaCheckView(check);
      const hint = retryHint(outcome, Date.now());
      if (hint) {
        exchange.retryDueAt = hint.dueAt;
        this.offerRetry(exchange, hint.retryAfterSeconds, hint.dueAt, outcome.status);
      }
    } else if (outcome.kind === 'error') {
      services.log.error(maskSecrets(`${outcome.code}: ${outcome.message}\n${outcome.detail}`, secrets));
      const show = 'Show Output';
      void vscode.window.showErrorMessage(outcome.message, show).then((c) => c === show && services.log.show());
    }
    exchange.credentialNotice = await this.credentialNoticeFor(exchange, outcome);
    this.present(exchange, outcome);
    const item = historyItemFrom(
      historyInput(outcome, {
        id: exchange.id,
        at: exchange.startedAt,
        environment: exchange.environment.name,
        method: req.method,
        url,
      }),
      secrets,
    );
    try {
      const list = await services.history.add(exchange.documentUri, item);
      this.postHistory(exchange.documentUri, exchange.fileLabel, list);
    } catch (err) {
      services.log.warn(`Saving the history failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /**
   * Shows an exchange's outcome in the panel (no other effect) — unless the panel is showing another
   * send that is still in flight, which keeps the panel; this outcome is then in the history list.
   */
  private present(exchange: Exchange, outcome: SendOutcome, force = false): void {
    const current = this.services.panel.currentRequestId;
    const other = current !== undefined && current !== exchange.id ? this.exchanges.get(current) : undefined;
    if (!force && other && !other.outcome) return;
    const req = exchange.request;
    const title = `${req.method} ${exchange.fileLabel}`;
    const ctx = { environment: exchange.environment.name, operationId: req.operationId };
    let message: ToWebview;
    switch (outcome.kind) {
      case 'response':
        message = {
          type: 'showResponse',
          file: exchange.documentUri,
          requestId: exchange.id,
          title,
          request: requestView(outcome.sent, ctx),
          response: responseView(outcome, req.documentedStatuses),
          attempt: exchange.attempt,
          ...(exchange.schemaCheck ? { schemaCheck: exchange.schemaCheck } : {}),
          ...(exchange.credentialNotice ? { credentialNotice: exchange.credentialNotice } : {}),
          ...(exchange.before && outcome.status >= 200 && outcome.status <= 299 ? { compare: true as const } : {}),
          ...(exchange.retryDueAt !== undefined && outcome.retryAfterSeconds !== undefined
            ? { retry: { retryAfterSeconds: outcome.retryAfterSeconds, dueAt: exchange.retryDueAt } }
            : {}),
        };
        break;
      case 'error':
        message = {
          type: 'showError',
          file: exchange.documentUri,
          requestId: exchange.id,
          title,
          error: errorView(outcome),
          ...(outcome.sent ? { request: requestView(outcome.sent, ctx) } : {}),
          ...(exchange.credentialNotice ? { credentialNotice: exchange.credentialNotice } : {}),
        };
        break;
      case 'cancelled':
        message = {
          type: 'showCancelled',
          file: exchange.documentUri,
          requestId: exchange.id,
          title,
          message: outcome.message,
          request: requestView(outcome.sent, ctx),
        };
        break;
    }
    this.services.panel.show(message);
  }

  /**
   * A send without a token is never silent (on loopback too): the panel says so at the top. A 401/403 to a
   * request that carried one gets its explanation.
   */
  private async credentialNoticeFor(exchange: Exchange, outcome: SendOutcome): Promise<CredentialNotice | undefined> {
    const req = exchange.request;
    if (req.credentials.length === 0 || outcome.kind === 'cancelled') return undefined;
    const status = outcome.kind === 'response' ? outcome.status : undefined;
    const tokens = this.services.tokens;
    const slot = exchange.slot;
    if (!slot) {
      const first = req.credentials[0];
      return noTokenNotice({
        labels: req.credentials.map((c) => c.label),
        canSignIn: req.credentials.some((c) => signInSupport(c.scheme, c.label).flow !== undefined),
        origin: exchange.origin,
        profile: first ? tokens.activeProfile(first.scheme, exchange.origin) : DEFAULT_PROFILE,
        ...(status !== undefined ? { status } : {}),
      });
    }
    if (outcome.kind !== 'response') return undefined;
    const record = await tokens.getRecord(slot.scheme, exchange.origin).catch(() => undefined);
    const origin = exchange.origin;
    return rejectionNotice({
      status: outcome.status,
      bodyText: outcome.bodyText,
      slot,
      origin,
      profile: tokens.activeProfile(slot.scheme, origin),
      ...(record?.expiresAt !== undefined ? { expiresAt: record.expiresAt } : {}),
      now: Date.now(),
      canSignIn: signInSupport(slot.scheme, slot.label).flow !== undefined,
      otherOrigins: [
        ...new Set(
          tokens
            .entries()
            .filter((e) => e.scheme === slot.scheme && e.origin !== new URL(origin).origin)
            .map((e) => e.origin),
        ),
      ],
    });
  }

  /** A credential notice's button: acts on the exchange's own credentials and origin, not the active editor's. */
  async credentialAction(requestId: string, action: CredentialAction): Promise<void> {
    const ex = this.exchanges.get(requestId);
    if (!ex) {
      void vscode.window.showInformationMessage('That response is no longer held; use Set Token from the status bar.');
      return;
    }
    if (action === 'signIn') {
      await signInFor(this.services, ex.request.credentials, ex.origin, ex.baseUrl);
    } else if (action === 'setToken') {
      await promptAndStoreToken(this.services, ex.request.credentials, ex.origin, ex.baseUrl);
    } else {
      await switchProfileFor(this.services, ex.request.credentials, ex.origin, ex.baseUrl);
    }
  }

  private postHistory(file: string, label: string, list: HistoryItem[]): void {
    this.services.panel.showHistory({
      type: 'showHistory',
      file,
      fileLabel: label,
      entries: list.map((e) => ({ ...e, available: this.exchanges.has(e.id) })),
    });
  }

  /** Keeps the last few exchanges in memory for Copy/Retry; older ones drop out. */
  private remember(exchange: Exchange): void {
    this.exchanges.delete(exchange.id);
    this.exchanges.set(exchange.id, exchange);
    while (this.exchanges.size > KEPT_EXCHANGES) {
      const oldest = this.exchanges.keys().next().value;
      if (oldest === undefined) break;
      this.exchanges.delete(oldest);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Retry after Retry-After.

  private offerRetry(exchange: Exchange, seconds: number, dueAt: number, status: number): void {
    const when = 'Retry When Due';
    void vscode.window
      .showWarningMessage(
        `${status === 429 ? 'Rate limited' : `Status ${status}`}. ${retryWhenText(seconds, dueAt)}`,
        when,
      )
      .then((choice) => {
        if (choice !== when) return;
        const wait = Math.max(0, dueAt - Date.now());
        if (wait === 0) {
          void this.retry(exchange.id);
          return;
        }
        void vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Waiting to retry', cancellable: true },
          (progress, cancel) =>
            new Promise<void>((resolve) => {
              const started = Date.now();
              const tick = setInterval(() => {
                const left = Math.max(0, Math.ceil((dueAt - Date.now()) / 1000));
                progress.report({ message: `${left} s`, increment: (1000 / Math.max(1, dueAt - started)) * 100 });
              }, 1000);
              const timer = setTimeout(() => {
                clearInterval(tick);
                this.retryTimers.delete(timer);
                resolve();
                void this.retry(exchange.id);
              }, wait + 250);
              this.retryTimers.add(timer);
              cancel.onCancellationRequested(() => {
                clearTimeout(timer);
                clearInterval(tick);
                this.retryTimers.delete(timer);
                resolve();
              });
            }),
        );
      });
  }

  async retry(requestId: string): Promise<void> {
    const previous = this.exchanges.get(requestId);
    if (!previous) {
      void vscode.window.showInformationMessage('That response is no longer held; send the request again.');
      return;
    }
    if (previous.retryDueAt === undefined) {
      // Only a response that asked to be retried later (429/423/503 with Retry-After) is resent without the dialogs.
      void vscode.window.showInformationMessage(
        'Only a rate-limited response can be retried from the panel; use Send Request.',
      );
      return;
    }
    if (!(await ensureTrusted())) return;
    if (Date.now() < previous.retryDueAt) {
      const left = Math.ceil((previous.retryDueAt - Date.now()) / 1000);
      void vscode.window.showInformationMessage(`The server asked to wait; the retry is due in ${left} s.`);
      return;
    }
    if (this.busy.has(previous.documentUri)) {
      void vscode.window.showInformationMessage('A request from this file is already being sent.');
      return;
    }
    this.busy.add(previous.documentUri);
    try {
      // The same prepared request (the text that was validated and confirmed), with the token looked up again.
      const token = previous.slot
        ? (this.liveControlToken(previous) ?? (await this.findToken([previous.slot], previous.origin)))
        : undefined;
      const exchange: Exchange = {
        ...previous,
        id: newId(),
        attempt: previous.attempt + 1,
        startedAt: Date.now(),
        abort: new AbortController(),
        slot: token?.slot,
      };
      delete exchange.outcome;
      delete exchange.retryDueAt;
      await this.run(exchange, token);
    } finally {
      this.busy.delete(previous.documentUri);
    }
  }

  cancel(requestId: string): void {
    const ex = this.exchanges.get(requestId);
    if (ex && !ex.outcome) ex.abort.abort();
  }

  // ---------------------------------------------------------------------------------------------
  // Copies and history.

  private held(requestId: string): Exchange | undefined {
    const ex = this.exchanges.get(requestId);
    if (!ex?.outcome) {
      void vscode.window.showInformationMessage(
        'That response is no longer held (it is from an earlier session or older sends); send the request again.',
      );
      return undefined;
    }
    return ex;
  }

  async copyBody(requestId: string): Promise<void> {
    const ex = this.held(requestId);
    if (!ex || ex.outcome?.kind !== 'response') return;
    await vscode.env.clipboard.writeText(ex.outcome.bodyText);
    void vscode.window.showInformationMessage('Response body copied to the clipboard.');
  }

  async copyCurl(requestId: string): Promise<void> {
    const ex = this.held(requestId);
    const sent = ex?.outcome?.sent;
    if (!ex || !sent) return;
    await vscode.env.clipboard.writeText(maskSecrets(toCurl(sent), this.services.tokens.knownValues()));
    void vscode.window.showInformationMessage('cURL command copied to the clipboard (the token is a placeholder).');
  }

  async copySupportBundle(requestId: string): Promise<void> {
    const ex = this.held(requestId);
    if (!ex?.outcome) return;
    const text = toSupportBundle({
      outcome: ex.outcome,
      operationId: ex.request.operationId,
      secrets: this.services.tokens.knownValues(),
      secretFields: ex.request.secretFields ?? [],
    });
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(
      'Support bundle copied to the clipboard (credentials masked, secret fields redacted).',
    );
  }

  /** Save response to file: a save dialog beside the request file, then the (masked) body as received. */
  async saveResponse(requestId: string): Promise<void> {
    const ex = this.held(requestId);
    if (!ex || ex.outcome?.kind !== 'response') return;
    const outcome = ex.outcome;
    const contentType = outcome.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
    const requestUri = vscode.Uri.parse(ex.documentUri);
    const name = responseFileName(requestUri.path, looksLikeJson(contentType, outcome.bodyText));
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(requestUri, '..', name),
      saveLabel: 'Save Response',
      title: 'Save the response body',
    });
    if (!target) return;
    const text = responseFileText(outcome.bodyText, this.services.tokens.knownValues());
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
    const open = 'Open';
    const choice = await vscode.window.showInformationMessage(
      `Response body saved to ${safe(vscode.workspace.asRelativePath(target), 160)}${outcome.truncated ? ' (cut at the size limit, as received)' : ''}.`,
      open,
    );
    if (choice === open) await vscode.window.showTextDocument(target, { preview: true });
  }

  /** The panel's "Compare with Before" of a PUT sent from Preview Changes. */
  async compareWithBefore(requestId: string): Promise<void> {
    const ex = this.held(requestId);
    if (!ex?.before || ex.outcome?.kind !== 'response' || !this.preview) return;
    await this.preview.compareWithBefore({
      before: ex.before,
      request: ex.request,
      documentUri: ex.documentUri,
      environment: ex.environment,
      baseUrl: ex.baseUrl,
      origin: ex.origin,
      bodyText: ex.outcome.bodyText,
    });
  }

  /** The newest exchange held for a document (for the Copy commands). */
  latestFor(documentUri: string): string | undefined {
    let found: string | undefined;
    for (const [id, ex] of this.exchanges) if (ex.documentUri === documentUri && ex.outcome) found = id;
    return found;
  }

  /**
   * Shows a send of the history: the whole exchange while it is held, else its summary. `file`: the request file it
   * belongs to, when the caller knows it (the Requests view; the file need not be open).
   */
  openHistoryEntry(id: string, file?: string): void {
    const ex = this.exchanges.get(id);
    if (ex?.outcome) {
      this.present(ex, ex.outcome, true);
      // The panel drops another file's history beside it: this file's goes with it.
      this.postHistory(ex.documentUri, ex.fileLabel, this.services.history.list(ex.documentUri));
      return;
    }
    // The files it may belong to: the one named, the one the panel shows (after a reload, the one its saved state
    // names), those of held exchanges, the open request files.
    const files = new Set<string>();
    if (file !== undefined) files.add(file);
    if (this.services.panel.currentFile !== undefined) files.add(this.services.panel.currentFile);
    for (const held of this.exchanges.values()) files.add(held.documentUri);
    for (const doc of vscode.workspace.textDocuments) if (isMeetingDocument(doc)) files.add(doc.uri.toString());
    for (const file of files) {
      const list = this.services.history.list(file);
      const entry = list.find((e) => e.id === id);
      if (entry) {
        this.services.panel.show({
          type: 'showHistoryEntry',
          file,
          title: historyEntryTitle(entry.method, file),
          entry,
        });
        this.postHistory(file, fileNameOfUri(file), list);
        return;
      }
    }
    void vscode.window.showInformationMessage('That send is no longer in the history of its file.');
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
    for (const t of this.retryTimers) clearTimeout(t);
    this.retryTimers.clear();
    for (const ex of this.exchanges.values()) if (!ex.outcome) ex.abort.abort();
    this.exchanges.clear();
    void this.pools.close();
  }
}

/** "Webex access token" or, for another profile than the default one, "Webex access token (profile "acme")". */
function profileLabel(label: string, profile: string): string {
  return profile === DEFAULT_PROFILE ? label : `${label} (profile "${profile}")`;
}

function safeUrl(baseUrl: string, req: PreparedRequest): string {
  try {
    return buildUrl(baseUrl, req).href;
  } catch {
    return baseUrl + req.pathTemplate;
  }
}

/** Workspace Trust gate: false (after explaining) in Restricted Mode. */
export async function ensureTrusted(): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(
    'Sending requests is disabled in Restricted Mode.',
    {
      modal: true,
      detail:
        'This workspace is not trusted. A request file from an untrusted source could make you send your API token’s requests to change meetings or accounts. Validation, completion and hover keep working. Trust the workspace to send.',
    },
    manage,
  );
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
