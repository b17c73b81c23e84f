/**
 * The sending core: pure TypeScript on undici, no `vscode` import, shared by the extension and the command line.
 */
export { sendRequest } from './send';
export { ConnectionPools } from './pool';
export { buildUrl, originOf, parseBaseUrl, encodePathValue, isLoopbackHost, RequestBuildError } from './url';
export { assembleHeaders, attachCredential, decideCredential, HeaderError } from './headers';
export type { AssembledHeaders, AssembleInput, CredentialDecision } from './headers';
export { MASK, maskSecrets, maskDeep } from './mask';
export { parseRetryAfter, retryDecision, sendWithRetry, abortableSleep, MAX_RETRY_AFTER_SECONDS } from './retry';
export type { RetryDecision, RetryHooks } from './retry';
export { toCurl, shellQuote, defaultPlaceholder } from './curl';
export { toSupportBundle, findTrackingIds, codeSpan, fenced } from './supportBundle';
export type { SupportBundleInput, TrackingId } from './supportBundle';
export { describeError, errorDetail } from './errors';
export { bypassesProxy, resolveProxy, proxyFromEnvironment, ProxyConfigError } from './proxy';
export { DEFAULT_USER_AGENT } from './types';
export type {
  CancelledOutcome,
  ErrorOutcome,
  ProxyOptions,
  RedirectInfo,
  ResponseOutcome,
  SendErrorCode,
  SendOptions,
  SendOutcome,
  SentCredential,
  SentRequest,
  Timing,
  TokenInput,
} from './types';
