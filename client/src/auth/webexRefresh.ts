/**
 * Renewing a Webex integration token with its refresh token (`grant_type=refresh_token` at `/access_token`,
 * client id and secret in the form, as Webex documents it), on the environment's origin through the HTTP core.
 * Webex may answer without a new refresh token (it often returns the same one within a day): the old one, and
 * its expiry, are kept then.
 */
import { oauthLib } from './oauthLib';
import type { OAuthModule } from './oauthLib';
import { SecretSet } from './transport';
import type { FlowContext, TokenSet, WebexIntegrationCredentials } from './types';
import { oauthFailure, oauthOptions, webexServer, webexTokenSet } from './webexOAuth';

export interface RefreshInput {
  refreshToken: string;
  refreshExpiresAt?: number;
}

export async function refreshWebexToken(
  creds: WebexIntegrationCredentials,
  previous: RefreshInput,
  ctx: FlowContext,
): Promise<TokenSet> {
  const oauth = await oauthLib();
  const now = ctx.now ?? Date.now;
  const secrets = new SecretSet().add(creds.clientSecret).add(previous.refreshToken);
  const as = webexServer(ctx.baseUrl);
  const client: OAuthModule.Client = { client_id: creds.clientId };
  try {
    const res = await oauth.refreshTokenGrantRequest(
      as,
      client,
      oauth.ClientSecretPost(creds.clientSecret),
      previous.refreshToken,
      oauthOptions(oauth, ctx, secrets, 'Webex token endpoint'),
    );
    const answer = await oauth.processRefreshTokenResponse(as, client, res);
    const set = webexTokenSet(answer, ctx.baseUrl, 'webex-refresh', now());
    if (set.refreshToken !== undefined) return set;
    return {
      ...set,
      refreshToken: previous.refreshToken,
      ...(previous.refreshExpiresAt !== undefined ? { refreshExpiresAt: previous.refreshExpiresAt } : {}),
    };
  } catch (e) {
    throw oauthFailure(oauth, e, secrets, ctx);
  }
}
