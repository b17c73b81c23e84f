/**
 * Webex integration sign-in with the OAuth device grant (RFC 8628), the default: it needs no local port, so it
 * works in remote windows and code-server. The user opens the link, types the code, and we poll the token
 * endpoint at the documented interval, slower on `slow_down`, waiting out `Retry-After`, until approval, denial,
 * expiry of the code, or Cancel.
 */
import { abortableSleep } from '../http/retry';
import { oauthLib } from './oauthLib';
import type { OAuthModule } from './oauthLib';
import { SecretSet } from './transport';
import { FlowError } from './types';
import type { FlowContext, TokenSet, WebexIntegrationCredentials } from './types';
import { oauthFailure, oauthOptions, webexBasic, webexDeviceServer, webexTokenSet } from './webexOAuth';

/** Scopes asked for when the caller names none: what the catalog's Webex operations need. */
export const DEFAULT_WEBEX_SCOPES = 'spark:kms meeting:preferences_read meeting:preferences_write';

export interface DeviceGrantOptions {
  /** Seconds added to the interval on `slow_down` (RFC 8628: 5). Stand-in tests shorten it. */
  slowDownStepSeconds?: number;
}

/** RFC 8628 § 3.2: 5 s when the server names no interval. */
const DEFAULT_INTERVAL_SECONDS = 5;
/** Ceiling on one wait, so a hostile `Retry-After` cannot park Sign in for a day. */
const MAX_WAIT_SECONDS = 60;

export async function signInWebexDevice(
  creds: WebexIntegrationCredentials,
  ctx: FlowContext,
  options: DeviceGrantOptions = {},
): Promise<TokenSet> {
  const oauth = await oauthLib();
  const now = ctx.now ?? Date.now;
  const secrets = new SecretSet().add(creds.clientSecret);
  const as = webexDeviceServer(ctx.baseUrl);
  const client: OAuthModule.Client = { client_id: creds.clientId };
  const scope = creds.scope ?? DEFAULT_WEBEX_SCOPES;

  let device: OAuthModule.DeviceAuthorizationResponse;
  try {
    const res = await oauth.deviceAuthorizationRequest(
      as,
      client,
      oauth.None(),
      { scope },
      oauthOptions(oauth, ctx, secrets, 'Webex device authorization endpoint'),
    );
    device = await oauth.processDeviceAuthorizationResponse(as, client, res);
  } catch (e) {
    throw oauthFailure(oauth, e, secrets, ctx);
  }
  secrets.add(device.device_code);
  const expiresAt = now() + device.expires_in * 1000;
  ctx.progress?.deviceCode?.({
    userCode: device.user_code,
    verificationUri: device.verification_uri,
    ...(device.verification_uri_complete ? { verificationUriComplete: device.verification_uri_complete } : {}),
    expiresAt,
  });
  ctx.progress?.report?.('Waiting for approval in the browser…');

  let interval =
    typeof device.interval === 'number' && device.interval >= 0 ? device.interval : DEFAULT_INTERVAL_SECONDS;
  const step = options.slowDownStepSeconds ?? 5;
  let wait = interval;
  // Bounded: every pass waits at least `interval` (or 1 s when the server says 0) and the code's life is finite.
  const maxPolls = Math.ceil(device.expires_in / Math.max(interval, 1)) + 10;
  for (let poll = 0; poll < maxPolls; poll++) {
    if (now() + wait * 1000 > expiresAt) break;
    try {
      await abortableSleep(Math.min(wait, MAX_WAIT_SECONDS), ctx.signal);
    } catch {
      throw new FlowError('cancelled', 'Sign in was cancelled.');
    }
    wait = interval;
    let res: Response;
    try {
      res = await oauth.deviceCodeGrantRequest(
        as,
        client,
        webexBasic(creds.clientSecret),
        device.device_code,
        oauthOptions(oauth, ctx, secrets, 'Webex device token endpoint'),
      );
    } catch (e) {
      throw oauthFailure(oauth, e, secrets, ctx);
    }
    if (res.status === 429) {
      // Throttled: wait what the server asked (at most the ceiling), then go on at the same interval.
      const retryAfter = Number(res.headers.get('retry-after'));
      wait = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, MAX_WAIT_SECONDS) : interval + step;
      ctx.progress?.report?.(`Webex asked to wait ${wait} s before asking again.`);
      continue;
    }
    if (res.status === 428) continue; // Webex's "authorization pending", with or without an OAuth error body.
    try {
      const answer = await oauth.processDeviceCodeResponse(as, client, res);
      return webexTokenSet(answer, ctx.baseUrl, 'webex-device', now());
    } catch (e) {
      if (e instanceof oauth.ResponseBodyError && e.error === 'authorization_pending') continue;
      if (e instanceof oauth.ResponseBodyError && e.error === 'slow_down') {
        interval += step;
        wait = interval;
        ctx.progress?.report?.(`Webex asked to poll more slowly (every ${interval} s).`);
        continue;
      }
      throw oauthFailure(oauth, e, secrets, ctx);
    }
  }
  throw new FlowError(
    'timeout',
    'The sign-in code expired before it was approved in the browser; sign in again to get a new code.',
    'expired_token',
  );
}
