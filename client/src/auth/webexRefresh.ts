/**
 * Webex integration refresh: `POST /v1/access_token` with `grant_type=refresh_token`, the client id and secret in
 * the form as Webex documents it. Webex often answers a refresh within a day with the same refresh token, or
 * with none; the one we had is then kept, with its expiry.
 */
import { oauthLib } from './oauthLib';
import type { OAuthModule } from './oauthLib';
import { SecretSet, environmentOrigin } from './transport';
import { FlowError } from './types';
import type { FlowContext, TokenSet, WebexIntegrationCredentials } from './types';
import { oauthFailure, oauthOptions, webexServer, webexTokenSet } from './webexOAuth';

export async function refreshWebex(
  current: TokenSet,
  creds: Pick<WebexIntegrationCredentials, 'clientId' | 'clientSecret'>,
  ctx: FlowContext,
): Promise<TokenSet> {
  if (current.refreshToken === undefined) {
    throw new FlowError('invalid-grant', 'This Webex token has no refresh token; sign in again.');
  }
  const now = ctx.now ?? Date.now;
  if (current.refreshExpiresAt !== undefined && current.refreshExpiresAt <= now()) {
    throw new FlowError('invalid-grant', 'The Webex refresh token has expired; sign in again.', 'invalid_grant');
  }
  // The refresh token and the client secret go only to the token's own origin (#10), whoever found the base URL.
  const origin = environmentOrigin(ctx.baseUrl);
  if (origin !== current.origin) {
    throw new FlowError(
      'protocol',
      `The Webex token of ${current.origin} is not renewed at ${origin}: a token renews only on its own origin.`,
    );
  }
  const oauth = await oauthLib();
  const secrets = new SecretSet().add(creds.clientSecret, current.refreshToken, current.accessToken);
  const as = webexServer(ctx.baseUrl);
  const client: OAuthModule.Client = { client_id: creds.clientId };
  try {
    const res = await oauth.refreshTokenGrantRequest(
      as,
      client,
      oauth.ClientSecretPost(creds.clientSecret),
      current.refreshToken,
      oauthOptions(oauth, ctx, secrets, 'Webex token endpoint'),
    );
    const answer = await oauth.processRefreshTokenResponse(as, client, res);
    const next = webexTokenSet(answer, ctx.baseUrl, current.flow, now());
    if (next.refreshToken === undefined || next.refreshToken === current.refreshToken) {
      return {
        ...next,
        refreshToken: current.refreshToken,
        ...(next.refreshExpiresAt === undefined && current.refreshExpiresAt !== undefined
          ? { refreshExpiresAt: current.refreshExpiresAt }
          : {}),
      };
    }
    return next;
  } catch (e) {
    throw oauthFailure(oauth, e, secrets, ctx);
  }
}

/** What renewal before Send keeps of a stored token: the refresh token and its end. */
export interface RefreshInput {
  refreshToken: string;
  refreshExpiresAt?: number;
}

/** {@link refreshWebex} for a stored record that holds only the refresh token (renewal before Send). */
export function refreshWebexToken(
  creds: Pick<WebexIntegrationCredentials, 'clientId' | 'clientSecret'>,
  previous: RefreshInput,
  ctx: FlowContext,
): Promise<TokenSet> {
  return refreshWebex(
    {
      scheme: 'webexBearer',
      origin: environmentOrigin(ctx.baseUrl),
      accessToken: '',
      refreshToken: previous.refreshToken,
      ...(previous.refreshExpiresAt !== undefined ? { refreshExpiresAt: previous.refreshExpiresAt } : {}),
      flow: 'webex-refresh',
    },
    creds,
    ctx,
  );
}
