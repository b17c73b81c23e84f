/**
 * Webex integration sign-in with the authorization code and PKCE (RFC 7636), for integrations that cannot
 * register the device-grant callback. The browser opens `/v1/authorize` on the environment's origin with a
 * fresh `state` and an S256 code challenge; Webex sends it back to a one-shot listener on 127.0.0.1
 * (loopbackRedirect.ts), whose answer must carry that `state` — any other answer is refused and nothing is
 * exchanged; the code is then exchanged at `/v1/access_token` with the client secret and the code verifier.
 */
import { listenForRedirect } from './loopbackRedirect';
import { oauthLib } from './oauthLib';
import type { OAuthModule } from './oauthLib';
import { SecretSet, isLocalOrigin } from './transport';
import { FlowError } from './types';
import type { FlowContext, TokenSet, WebexIntegrationCredentials } from './types';
import { DEFAULT_WEBEX_SCOPES } from './webexDevice';
import { oauthFailure, oauthOptions, webexServer, webexTokenSet } from './webexOAuth';

export interface PkceOptions {
  /** The redirect URI registered with the integration: `http://127.0.0.1:<port>/<path>` (port 0: any, tests). */
  redirectUri: string;
  /**
   * The address the browser reaches the listener at (VS Code's `env.asExternalUri`: the same URI on a desktop,
   * a forwarded one in a remote window). It is the `redirect_uri` sent to Webex. Default: the local URI.
   */
  externalUri?: (localUri: string) => Promise<string>;
  /** How long to wait for the browser's answer; default 5 minutes. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** Waits for `answer`, at most `ms`, or until `signal` aborts; the timer never outlives the wait. */
function awaitAnswer(answer: Promise<URLSearchParams>, ms: number, signal?: AbortSignal): Promise<URLSearchParams> {
  return new Promise<URLSearchParams>((resolve, reject) => {
    const fail = (e: FlowError): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      reject(e);
    };
    const onAbort = (): void => fail(new FlowError('cancelled', 'Sign in was cancelled.'));
    const timer = setTimeout(
      () =>
        fail(
          new FlowError(
            'timeout',
            `No answer came back from the browser within ${Math.round(ms / 60_000) || 1} min; sign in again.`,
          ),
        ),
      ms,
    );
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    answer.then(
      (p) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(p);
      },
      (e: unknown) => fail(e instanceof FlowError ? e : new FlowError('cancelled', 'Sign in was cancelled.')),
    );
  });
}

export async function signInWebexPkce(
  creds: WebexIntegrationCredentials,
  ctx: FlowContext,
  options: PkceOptions,
): Promise<TokenSet> {
  const oauth = await oauthLib();
  const now = ctx.now ?? Date.now;
  const secrets = new SecretSet().add(creds.clientSecret);
  const as = webexServer(ctx.baseUrl);
  const client: OAuthModule.Client = { client_id: creds.clientId };
  const authorize = new URL(as.authorization_endpoint ?? '');
  if (authorize.protocol !== 'https:' && !isLocalOrigin(ctx.baseUrl)) {
    throw new FlowError('protocol', 'Sign in needs an https base URL (or this machine).');
  }

  const listener = await listenForRedirect(options.redirectUri);
  try {
    const redirectUri = options.externalUri ? await options.externalUri(listener.localUri) : listener.localUri;
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    secrets.add(verifier);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: creds.clientId,
      redirect_uri: redirectUri,
      scope: creds.scope ?? DEFAULT_WEBEX_SCOPES,
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    ctx.progress?.report?.('Waiting for the answer from the browser…');
    await ctx.progress?.openBrowser?.(authorize.href);

    const params = await awaitAnswer(listener.answer, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, ctx.signal);
    await listener.close();
    let checked: URLSearchParams;
    try {
      checked = oauth.validateAuthResponse(as, client, params, state);
    } catch (e) {
      if (e instanceof oauth.AuthorizationResponseError) {
        const denied = e.error === 'access_denied';
        const said = e.error_description ? ` (Webex said: ${e.error_description})` : '';
        throw new FlowError(
          denied ? 'denied' : 'protocol',
          secrets.mask(`${denied ? 'The sign-in was declined in the browser.' : `Webex answered ${e.error}.`}${said}`),
          e.error,
        );
      }
      // A missing or different state: not the answer to this sign-in (a forged or stale redirect). Refused.
      throw new FlowError(
        'denied',
        'The answer that reached the sign-in listener did not carry the state this sign-in sent, so it was refused and nothing was exchanged; sign in again.',
        'state_mismatch',
      );
    }
    const code = checked.get('code');
    if (code !== null) secrets.add(code);
    try {
      const res = await oauth.authorizationCodeGrantRequest(
        as,
        client,
        oauth.ClientSecretPost(creds.clientSecret),
        checked,
        redirectUri,
        verifier,
        oauthOptions(oauth, ctx, secrets, 'Webex token endpoint'),
      );
      const answer = await oauth.processAuthorizationCodeResponse(as, client, res);
      return webexTokenSet(answer, ctx.baseUrl, 'webex-pkce', now());
    } catch (e) {
      throw oauthFailure(oauth, e, secrets, ctx);
    }
  } finally {
    await listener.close();
  }
}
