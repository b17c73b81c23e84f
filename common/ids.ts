/** Every id the manifest, the client, the server and the webview share: declared once, here. */

export const LANGUAGE_ID = 'meeting-json';
export const CLIENT_ID = 'meeting';
export const CLIENT_NAME = 'Meeting Payloads';
export const OUTPUT_CHANNEL_NAME = 'Meeting Payloads';

export const CommandIds = {
  sendRequest: 'meetingPayloads.sendRequest',
  signIn: 'meetingPayloads.signIn',
  /** The device-code notice's link: copies the pending sign-in's code, then opens its link (no palette entry). */
  copyDeviceCode: 'meetingPayloads.copyDeviceCode',
  setToken: 'meetingPayloads.setToken',
  clearToken: 'meetingPayloads.clearToken',
  tokenMenu: 'meetingPayloads.tokenMenu',
  switchProfile: 'meetingPayloads.switchProfile',
  showTokens: 'meetingPayloads.showTokens',
  selectEnvironment: 'meetingPayloads.selectEnvironment',
  showOutput: 'meetingPayloads.showOutput',
  restartServer: 'meetingPayloads.restartServer',
  importCurl: 'meetingPayloads.importCurl',
  copyAsCurl: 'meetingPayloads.copyAsCurl',
  copySupportBundle: 'meetingPayloads.copySupportBundle',
  fetchCurrentState: 'meetingPayloads.fetchCurrentState',
  previewChanges: 'meetingPayloads.previewChanges',
  sendPreviewed: 'meetingPayloads.sendPreviewed',
} as const;

/** The read-only scheme of the two sides of Preview Changes (a TextDocumentContentProvider). */
export const PREVIEW_SCHEME = 'meeting-preview';

export const SettingIds = {
  section: 'meetingPayloads',
  unknownBodyFields: 'meetingPayloads.validation.unknownBodyFields',
  maxDiagnostics: 'meetingPayloads.validation.maxDiagnostics',
  catalogs: 'meetingPayloads.catalogs',
  enumMeaningHints: 'meetingPayloads.inlayHints.enumMeanings',
  outlineMaxItems: 'meetingPayloads.outline.maxItems',
  environments: 'meetingPayloads.environments',
  environment: 'meetingPayloads.environment',
  connectTimeout: 'meetingPayloads.request.connectTimeoutMs',
  headersTimeout: 'meetingPayloads.request.headersTimeoutMs',
  totalTimeout: 'meetingPayloads.request.totalTimeoutMs',
  maxResponseBytes: 'meetingPayloads.request.maxResponseBytes',
  autoRetry: 'meetingPayloads.request.autoRetry',
  trace: 'meeting.trace.server',
} as const;

export const ViewTypes = {
  responsePanel: 'meetingPayloads.response',
} as const;

/**
 * The Requests view and its side-bar container. Neither id starts with "meetingPayloads.": VS Code registers
 * commands named after them (`<view>.focus`…), and every `meetingPayloads.*` command is one the manifest declares.
 */
export const ViewIds = {
  requestsContainer: 'meetingPayloads',
  requests: 'meetingPayloadsRequests',
} as const;

/**
 * Commands of the Requests view. Unlike {@link CommandIds} they take an argument (the view's node), accepted only
 * when it names a send the view lists at that moment (`requestsView/requestsView.ts`).
 */
export const RequestsViewCommandIds = {
  openSend: 'meetingPayloads.openSend',
  copySendAsCurl: 'meetingPayloads.copySendAsCurl',
  refresh: 'meetingPayloads.refreshRequests',
} as const;

export const StatusIds = {
  environment: 'meetingPayloads.environmentStatus',
  catalog: 'meetingPayloads.catalogStatus',
  outline: 'meetingPayloads.outlineStatus',
} as const;

export const ContextKeys = {
  responsePanelFocus: 'meetingPayloads.responsePanelFocus',
  /** The workspace has request files: the Requests view shows only then. */
  hasRequestFiles: 'meetingPayloads.hasRequestFiles',
} as const;
