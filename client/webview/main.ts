/**
 * The response panel's script (browser IIFE, bundled by esbuild). No `vscode` or Node imports.
 *
 * Every piece of request or response data is rendered as text: `createElement` + `textContent`, never
 * `innerHTML`. Messages from the host are checked for a known `type` and handled by an exhaustive
 * switch. The panel's state survives hiding and reloads through `getState/setState`; what is
 * persisted holds no request headers or request body (where the token would be) and at most
 * {@link PERSISTED_BODY_CHARS} characters of the response body.
 */
import type {
  CredentialAction,
  CredentialNotice,
  ErrorView,
  FromWebview,
  HistoryItem,
  RequestView,
  ResponseView,
  RetryHint,
  SchemaCheck,
  ServerSaid,
  ToWebview,
} from '../../common/webviewMessages';
import { isToWebview } from '../../common/webviewMessages';
import { chunkEnds, colourTokens, looksLikeJson, prettyJson } from '../src/panel/jsonFormat';
import { fileNameOfUri, historyOutcomeText } from '../src/panel/titles';

/** Characters of body rendered (and coloured) per "Show more" step. */
const CHUNK_CHARS = 100_000;
/** Bodies above this are not pretty-printed up front (the raw text is shown; a button formats on demand). */
const AUTO_PRETTY_LIMIT = 2_000_000;
const PERSISTED_BODY_CHARS = 256 * 1024;

type ViewMessage = Extract<
  ToWebview,
  { type: 'showPending' | 'showResponse' | 'showError' | 'showCancelled' | 'showHistoryEntry' }
>;

interface HistoryState {
  /** The request file the entries belong to (see `OfFile`). */
  file?: string;
  fileLabel: string;
  entries: HistoryItem[];
}

interface PersistedState {
  v: 1;
  view?: ViewMessage;
  history?: HistoryState;
}

const vscode = acquireVsCodeApi<PersistedState>();
const app = document.getElementById('app') as HTMLElement;

let view: ViewMessage | undefined;
let history: HistoryState | undefined;
/** True while showing a view restored from saved state, which the host may no longer hold. */
let restored = false;
/** After a reload the host no longer holds the exchange: a button that needs it says so in its label. */
const AFTER_RELOAD = ' (send again: not kept after reload)';
const timers: number[] = [];

function post(message: FromWebview): void {
  vscode.postMessage(message);
}

// ---------------------------------------------------------------------------------------------
// DOM helpers: text only.

type Child = Node | string | undefined | false;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  cls?: string,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  for (const c of children) {
    if (c === undefined || c === false) continue;
    node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return node;
}

function button(
  label: string,
  onClick: () => void,
  opts: { disabled?: boolean; title?: string } = {},
): HTMLButtonElement {
  const b = el('button', 'action', label);
  b.type = 'button';
  b.disabled = opts.disabled === true;
  if (opts.title) b.title = opts.title;
  b.addEventListener('click', onClick);
  return b;
}

function section(title: string, open: boolean, ...children: Child[]): HTMLDetailsElement {
  const d = el('details', 'section', el('summary', undefined, title), ...children);
  d.open = open;
  return d;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString();
}

/** Headers summarised instead of shown raw: Prism's violations are one JSON string, listed readably above. */
const SUMMARISED_HEADERS: Record<string, string> = {
  'sl-violations': 'the mock\'s violations, listed under "What the server said"',
};

function headerTable(headers: Array<[string, string]>): HTMLElement {
  if (headers.length === 0) return el('p', 'muted', 'No headers.');
  const table = el('table', 'headers');
  for (const [name, value] of headers) {
    const summary = SUMMARISED_HEADERS[name.toLowerCase()];
    table.append(
      el('tr', undefined, el('th', undefined, name), summary ? el('td', 'muted', summary) : el('td', undefined, value)),
    );
  }
  return table;
}

function clearTimers(): void {
  for (const t of timers.splice(0)) window.clearInterval(t);
}

// ---------------------------------------------------------------------------------------------
// Body rendering: pretty-printed, coloured, chunked so a 10 MB body stays responsive.

function colouredInto(pre: HTMLElement, text: string): void {
  const frag = document.createDocumentFragment();
  for (const t of colourTokens(text)) {
    if (t.kind === 'text') frag.append(document.createTextNode(t.text));
    else frag.append(el('span', `tok-${t.kind}`, t.text));
  }
  pre.append(frag);
}

function bodyView(bodyText: string, contentType: string): HTMLElement {
  const container = el('div', 'body');
  if (bodyText.length === 0) {
    container.append(el('p', 'muted', 'Empty body.'));
    return container;
  }
  const json = looksLikeJson(contentType, bodyText);
  const show = (text: string, colour: boolean): void => {
    container.replaceChildren();
    const pre = el('pre', 'code');
    container.append(pre);
    const ends = chunkEnds(text, CHUNK_CHARS);
    let shown = 0;
    const controls = el('div', 'more');
    const renderNext = (): void => {
      const start = shown === 0 ? 0 : (ends[shown - 1] ?? 0);
      const end = ends[shown] ?? text.length;
      const piece = text.slice(start, end);
      if (colour) colouredInto(pre, piece);
      else pre.append(document.createTextNode(piece));
      shown++;
      updateControls();
    };
    const renderRest = (): void => {
      const start = shown === 0 ? 0 : (ends[shown - 1] ?? 0);
      pre.append(document.createTextNode(text.slice(start)));
      shown = ends.length;
      updateControls();
    };
    const updateControls = (): void => {
      controls.replaceChildren();
      if (shown >= ends.length) return;
      const done = ends[shown - 1] ?? 0;
      controls.append(
        el('span', 'muted', `Showing ${formatBytes(done)} of ${formatBytes(text.length)} characters. `),
        button('Show more', renderNext),
        button('Show all (plain text)', renderRest),
      );
    };
    container.append(controls);
    renderNext();
  };
  if (json && bodyText.length <= AUTO_PRETTY_LIMIT) {
    const pretty = prettyJson(bodyText);
    show(pretty ?? bodyText, pretty !== undefined);
  } else if (json) {
    show(bodyText, false);
    container.prepend(
      el(
        'p',
        'muted',
        'Large body shown as received. ',
        button('Format as JSON', () => {
          const pretty = prettyJson(bodyText);
          show(pretty ?? bodyText, pretty !== undefined);
        }),
      ),
    );
  } else {
    show(bodyText, false);
  }
  return container;
}

// ---------------------------------------------------------------------------------------------
// Sections.

function requestSection(request: RequestView | undefined, open: boolean): HTMLElement | undefined {
  if (!request) return undefined;
  const parts: Child[] = [
    el('p', 'request-line', el('span', 'method', request.method), ' ', el('span', 'url', request.url)),
    el(
      'p',
      'muted',
      `Operation ${request.operationId} · environment ${request.environment} · `,
      request.tokenLabel ? `token: ${request.tokenLabel} (masked)` : 'no token attached',
      request.proxy ? ` · via proxy ${request.proxy}` : '',
    ),
  ];
  if (request.ignoredHeaders.length > 0) {
    parts.push(
      el(
        'p',
        'notice warn',
        `Not sent (credential headers from the file are ignored): ${request.ignoredHeaders.join(', ')}`,
      ),
    );
  }
  if (request.headers.length > 0) parts.push(headerTable(request.headers));
  else if (restored) parts.push(el('p', 'muted', 'Request headers are not kept after a reload.'));
  if (request.body !== undefined) parts.push(el('pre', 'code', request.body));
  return section('Request as sent', open, ...parts);
}

function schemaSection(check: SchemaCheck | undefined, status: number): HTMLElement | undefined {
  if (!check) return undefined;
  const total = check.missing.length + check.wrongType.length + check.undocumented.length;
  if (check.note) return section(`Documented shape for ${status}`, false, el('p', 'muted', check.note));
  // "Shape", not "valid": a mock (or any server) answering the documented structure passes this check.
  const documented = check.documentedStatus ?? String(status);
  const list = (title: string, items: string[]): Child => {
    if (items.length === 0) return undefined;
    const ul = el('ul');
    for (const i of items) ul.append(el('li', undefined, i));
    return el('div', undefined, el('h4', undefined, title), ul);
  };
  return section(
    total === 0
      ? `Schema: matches the documented ${documented} shape`
      : `Schema: ${total} difference${total === 1 ? '' : 's'} from the documented ${documented} shape`,
    total > 0,
    total === 0
      ? el(
          'p',
          'muted',
          'The body has the structure documented for this status. This checks the shape only: a mock answer has it too.',
        )
      : undefined,
    list('Missing required properties', check.missing),
    list('Wrong types', check.wrongType),
    list('Not documented', check.undocumented),
  );
}

function historySection(): HTMLElement | undefined {
  if (!history || history.entries.length === 0) return undefined;
  const ul = el('ul', 'history');
  for (const h of history.entries) {
    const outcome =
      h.outcome === 'response'
        ? `${h.status ?? ''} ${h.statusText ?? ''}`.trim()
        : h.outcome === 'error'
          ? `error ${h.errorCode ?? ''}`
          : 'cancelled';
    const label = `${formatTime(h.at)}  ${h.method} ${outcome}${h.totalMs !== undefined ? ` · ${formatMs(h.totalMs)}` : ''} · ${h.environment}`;
    const b = button(label, () => post({ type: 'openHistoryEntry', id: h.id }), { title: h.url });
    b.classList.add('link');
    ul.append(el('li', undefined, b));
  }
  return section(`History for ${history.fileLabel} (${history.entries.length})`, false, ul);
}

function statusClass(status: number): string {
  if (status >= 200 && status < 300) return 'ok';
  if (status >= 300 && status < 400) return 'redirect';
  return 'fail';
}

function retryControls(requestId: string, retry: RetryHint): HTMLElement {
  const b = button('Retry', () => post({ type: 'retry', requestId }));
  const text = el('span', 'muted');
  const tick = (): void => {
    const left = Math.ceil((retry.dueAt - Date.now()) / 1000);
    if (left > 0) {
      b.disabled = true;
      b.textContent = `Retry in ${left} s`;
      text.textContent = ` The server asked to wait ${retry.retryAfterSeconds} s (until ${formatTime(retry.dueAt)}).`;
    } else {
      b.disabled = restored;
      b.textContent = restored ? `Retry${AFTER_RELOAD}` : 'Retry now';
      text.textContent = ' The wait the server asked for is over.';
    }
  };
  tick();
  timers.push(window.setInterval(tick, 1000));
  return el('div', 'notice warn', b, text);
}

/**
 * "Send room.meeting.json again": the file this view belongs to, named on the button (never the active editor's).
 * It needs no held exchange, so it works after a reload too. The host sends only if it shows the same file.
 */
function sendAgainButton(file: string | undefined): HTMLButtonElement | undefined {
  if (file === undefined) return undefined;
  const name = fileNameOfUri(file);
  const b = button(`Send ${name} again`, () => post({ type: 'sendFile', file }), {
    title: `Sends ${name} as it is now (the file this panel shows, opened if it is closed).`,
  });
  b.classList.add('primary');
  return b;
}

function actions(requestId: string, hasBody: boolean, hasRequest: boolean, compare = false): HTMLElement {
  const disabled = restored;
  const label = (text: string): string => (restored ? text + AFTER_RELOAD : text);
  const opts = { disabled, ...(restored ? { title: 'Restored after a reload: send the request again.' } : {}) };
  return el(
    'div',
    'actions',
    sendAgainButton(view?.file),
    hasBody && button(label('Copy body'), () => post({ type: 'copyBody', requestId }), opts),
    hasBody && button(label('Save response…'), () => post({ type: 'saveResponse', requestId }), opts),
    hasRequest && button(label('Copy as cURL'), () => post({ type: 'copyCurl', requestId }), opts),
    hasRequest && button(label('Copy support bundle'), () => post({ type: 'copySupportBundle', requestId }), opts),
    compare && button(label('Compare with Before'), () => post({ type: 'compareWithBefore', requestId }), opts),
  );
}

const CREDENTIAL_BUTTONS: Record<CredentialAction, string> = {
  signIn: 'Sign In…',
  setToken: 'Set Token…',
  switchProfile: 'Switch Profile…',
};

/** "No token was attached" or why a 401/403 came back, at the top, with what to do about it. */
function credentialNotice(requestId: string, notice: CredentialNotice | undefined): Node {
  if (!notice) return el('span');
  const box = el('div', `notice credential ${notice.kind === 'noToken' ? 'warn' : 'fail'}`);
  box.setAttribute('role', 'alert');
  box.append(el('strong', 'credential-title', notice.title));
  for (const line of notice.lines) box.append(el('p', undefined, line));
  const disabled = restored;
  box.append(
    el(
      'div',
      'actions',
      ...notice.actions.map((action) =>
        button(
          CREDENTIAL_BUTTONS[action] + (disabled ? AFTER_RELOAD : ''),
          () => post({ type: 'credentialAction', requestId, action }),
          {
            disabled,
            ...(disabled ? { title: 'Restored after a reload: send the request again.' } : {}),
          },
        ),
      ),
    ),
  );
  return box;
}

/** "What the server said": the error envelope's fields (with the meaning of known codes) and the mock's violations. */
function serverSaidBox(said: ServerSaid | undefined): Node {
  if (!said) return el('span');
  const box = el('section', 'notice server-said');
  box.setAttribute('aria-label', 'What the server said');
  box.append(el('h3', undefined, 'What the server said'));
  if (said.items.length > 0) {
    const dl = el('dl', 'said-items');
    for (const item of said.items) {
      dl.append(
        el('dt', undefined, item.label),
        el('dd', undefined, item.text, item.meaning && el('span', 'meaning', ` — ${item.meaning}`)),
      );
    }
    box.append(dl);
  }
  if (said.violations.length > 0) {
    const count = said.violations.length;
    box.append(
      el('p', undefined, `The mock found ${count} problem${count === 1 ? '' : 's'} in the request (sl-violations):`),
    );
    const ul = el('ul', 'violations');
    for (const v of said.violations) {
      ul.append(
        el(
          'li',
          undefined,
          el('code', undefined, v.where),
          ` ${v.message}`,
          el('span', 'muted', ` (${v.severity.toLowerCase()})`),
        ),
      );
    }
    box.append(ul);
  }
  return box;
}

function renderResponse(msg: Extract<ToWebview, { type: 'showResponse' }>): Node[] {
  const r: ResponseView = msg.response;
  const summary = el(
    'div',
    'summary',
    el('span', `status ${statusClass(r.status)}`, `${r.status} ${r.statusText}`.trim()),
    el(
      'span',
      'metric',
      `${formatMs(r.timing.totalMs)}${r.timing.ttfbMs !== undefined ? ` (first byte ${formatMs(r.timing.ttfbMs)})` : ''}`,
    ),
    el('span', 'metric', formatBytes(r.bodyBytes)),
    el('span', 'metric', msg.request.environment),
    msg.attempt > 1 && el('span', 'metric', `attempt ${msg.attempt}`),
  );
  const notices: Child[] = [];
  if (restored) notices.push(el('p', 'notice', 'Restored after a reload. Request headers and body are not kept.'));
  if (r.truncated) {
    notices.push(
      el(
        'p',
        'notice warn',
        `Body cut at ${formatBytes(r.bodyText.length)} (meetingPayloads.request.maxResponseBytes).`,
      ),
    );
  }
  if (r.bodyNotice) notices.push(el('p', 'notice warn', r.bodyNotice));
  if (r.location) {
    notices.push(
      el(
        'p',
        'notice warn',
        `The server redirected to ${r.location.target}${r.location.sameOrigin ? '' : ' (another origin)'}. Redirects are not followed.`,
      ),
    );
  }
  if (!r.documented) {
    notices.push(
      el(
        'p',
        'notice',
        `Status ${r.status} is not documented for this operation` +
          (r.documentedStatuses.length > 0 ? ` (documented: ${r.documentedStatuses.join(', ')}).` : '.'),
      ),
    );
  }
  if (msg.retry) notices.push(retryControls(msg.requestId, msg.retry));
  return [
    el('h2', 'title', msg.title),
    credentialNotice(msg.requestId, msg.credentialNotice),
    summary,
    serverSaidBox(r.said),
    actions(msg.requestId, r.bodyText.length > 0, true, msg.compare === true),
    ...notices.filter((n): n is Node => n instanceof Node),
    schemaSection(msg.schemaCheck, r.status) ?? el('span'),
    section('Body', true, bodyView(r.bodyText, r.contentType)),
    section(`Response headers (${r.headers.length})`, false, headerTable(r.headers)),
    requestSection(msg.request, false) ?? el('span'),
  ];
}

function renderError(msg: Extract<ToWebview, { type: 'showError' }>): Node[] {
  const e: ErrorView = msg.error;
  return [
    el('h2', 'title', msg.title),
    credentialNotice(msg.requestId, msg.credentialNotice),
    el('div', 'summary', el('span', 'status fail', 'Not sent or no response'), el('span', 'metric', e.code)),
    el('p', 'notice fail', e.message),
    el(
      'p',
      'muted',
      e.mayHaveReachedServer
        ? 'The request may have reached the server: check the resource before sending again.'
        : 'Nothing reached the server.',
      ' Details are in the output channel (Meeting Payloads: Show Output).',
    ),
    actions(msg.requestId, false, msg.request !== undefined),
    requestSection(msg.request, true) ?? el('span'),
  ];
}

function renderCancelled(msg: Extract<ToWebview, { type: 'showCancelled' }>): Node[] {
  return [
    el('h2', 'title', msg.title),
    el('div', 'summary', el('span', 'status fail', 'Cancelled')),
    el('p', 'notice warn', msg.message),
    actions(msg.requestId, false, msg.request !== undefined),
    requestSection(msg.request, true) ?? el('span'),
  ];
}

function renderPending(msg: Extract<ToWebview, { type: 'showPending' }>): Node[] {
  if (restored) {
    // The extension host that was sending is gone: nobody knows the outcome, so the panel does not pretend to wait.
    return [
      el('h2', 'title', msg.title),
      el('div', 'summary', el('span', 'status fail', 'Interrupted by a reload'), el('span', 'metric', msg.method)),
      el(
        'p',
        'notice warn',
        'The window reloaded while this request was being sent: it may or may not have reached the server, and its response is lost. Check the resource before sending again.',
      ),
      el('div', 'actions', sendAgainButton(msg.file)),
    ];
  }
  const elapsed = el('span', 'metric', '0 s');
  const started = Date.now();
  timers.push(
    window.setInterval(() => {
      elapsed.textContent = `${Math.floor((Date.now() - started) / 1000)} s`;
    }, 1000),
  );
  return [
    el('h2', 'title', msg.title),
    el('div', 'summary', el('span', 'status pending', 'Sending…'), elapsed),
    el('p', 'request-line', el('span', 'method', msg.method), ' ', el('span', 'url', msg.url)),
    msg.note ? el('p', 'notice', msg.note) : el('span'),
    el(
      'div',
      'actions',
      restored ? undefined : button('Cancel', () => post({ type: 'cancel', requestId: msg.requestId })),
    ),
  ];
}

function renderHistoryEntry(msg: Extract<ToWebview, { type: 'showHistoryEntry' }>): Node[] {
  const entry = msg.entry;
  const outcome = historyOutcomeText(entry);
  return [
    // Saved states of older versions have no title: the date alone then.
    el('h2', 'title', typeof msg.title === 'string' ? msg.title : `Sent ${new Date(entry.at).toLocaleString()}`),
    el(
      'div',
      'summary',
      el('span', `status ${entry.status !== undefined ? statusClass(entry.status) : 'fail'}`, outcome),
      el('span', 'metric', `sent ${new Date(entry.at).toLocaleString()}`),
      entry.totalMs !== undefined && el('span', 'metric', formatMs(entry.totalMs)),
      entry.bodyBytes !== undefined && el('span', 'metric', formatBytes(entry.bodyBytes)),
      el('span', 'metric', entry.environment),
    ),
    el('p', 'request-line', el('span', 'method', entry.method), ' ', el('span', 'url', entry.url)),
    el('p', 'muted', 'History keeps a summary only: headers and bodies are not stored.'),
    el('div', 'actions', sendAgainButton(msg.file)),
  ];
}

function render(): void {
  clearTimers();
  const nodes: Node[] = [];
  if (!view) {
    nodes.push(el('p', 'placeholder', 'Send a request from a .meeting.json file to see the response here.'));
  } else {
    switch (view.type) {
      case 'showPending':
        nodes.push(...renderPending(view));
        break;
      case 'showResponse':
        nodes.push(...renderResponse(view));
        break;
      case 'showError':
        nodes.push(...renderError(view));
        break;
      case 'showCancelled':
        nodes.push(...renderCancelled(view));
        break;
      case 'showHistoryEntry':
        nodes.push(...renderHistoryEntry(view));
        break;
      default:
        assertNever(view);
    }
  }
  const h = historySection();
  if (h) nodes.push(h);
  app.replaceChildren(...nodes);
}

function assertNever(x: never): never {
  throw new Error(`Unexpected message ${JSON.stringify((x as { type?: unknown }).type)}`);
}

// ---------------------------------------------------------------------------------------------
// State.

function persistable(v: ViewMessage | undefined): ViewMessage | undefined {
  if (!v) return undefined;
  const stripRequest = (r: RequestView | undefined): RequestView | undefined => {
    if (!r) return undefined;
    const { body: _body, ...rest } = r;
    return { ...rest, headers: [] };
  };
  switch (v.type) {
    case 'showPending':
      // Kept so that a reload mid-send says the request was interrupted (not a blank panel under its title). Without
      // its URL: unlike a response's, it was not masked by the HTTP core.
      return { ...v, url: '' };
    case 'showResponse': {
      const body = v.response.bodyText;
      const cut = body.length > PERSISTED_BODY_CHARS;
      return {
        ...v,
        request: stripRequest(v.request) as RequestView,
        response: {
          ...v.response,
          headers: v.response.headers.filter(
            ([n]) => !/^(set-cookie|authorization|proxy-authorization|x-access-token)$/i.test(n),
          ),
          bodyText: cut ? body.slice(0, PERSISTED_BODY_CHARS) : body,
          truncated: v.response.truncated || cut,
        },
      };
    }
    case 'showError':
    case 'showCancelled': {
      const request = stripRequest(v.request);
      const { request: _r, ...rest } = v;
      return request ? { ...rest, request } : rest;
    }
    case 'showHistoryEntry':
      return v;
    default:
      return assertNever(v);
  }
}

function save(): void {
  const state: PersistedState = { v: 1 };
  const p = persistable(view);
  if (p) state.view = p;
  if (history) state.history = history;
  vscode.setState(state);
}

function restore(): void {
  const s = vscode.getState();
  if (!s || s.v !== 1) return;
  if (s.view && isToWebview(s.view)) {
    view = s.view;
    restored = true;
  }
  if (s.history && Array.isArray(s.history.entries)) history = s.history;
}

function onMessage(data: unknown): void {
  if (!isToWebview(data)) return;
  const msg: ToWebview = data;
  switch (msg.type) {
    case 'showPending':
    case 'showResponse':
    case 'showError':
    case 'showCancelled':
    case 'showHistoryEntry':
      view = msg;
      restored = false;
      // The history of another file does not stay beside this view; the host sends this file's.
      if (history && history.file !== msg.file) history = undefined;
      break;
    case 'showHistory':
      // Never beside a response of another file (after a reload the host may first send the active file's).
      if (view?.file !== undefined && msg.file !== undefined && msg.file !== view.file) return;
      history = {
        fileLabel: msg.fileLabel,
        entries: msg.entries,
        ...(msg.file !== undefined ? { file: msg.file } : {}),
      };
      break;
    default:
      assertNever(msg);
  }
  save();
  render();
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  try {
    onMessage(event.data);
  } catch (err) {
    app.replaceChildren(el('p', 'notice fail', `The panel could not show this message: ${String(err)}`));
  }
});

restore();
render();
post({ type: 'ready' });
