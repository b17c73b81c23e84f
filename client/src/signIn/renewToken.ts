/**
 * Renewal before Send: a signed-in token near or past its end is renewed with its refresh token first, so an
 * expired token is replaced rather than sent or refused. A failed renewal is said plainly; a refused refresh
 * token is dropped from the record so it is not tried on every send (Sign In gets a new one).
 */
import * as vscode from 'vscode';
import type { CredentialSlot } from '../../../common/requestSpec';
import { FlowError } from '../auth/types';
import { refreshWebex } from '../auth/webexRefresh';
import type { FlowKind, TokenScheme } from '../auth/types';
import { readProxy, readRequestSettings } from '../config';
import type { Services } from '../services';
import { decodeIntegration, recordFromTokenSet, refreshCredentialsKey, renewalDue, signInSupport } from './signInPlan';

export async function renewDueTokens(
  services: Services,
  slots: readonly CredentialSlot[],
  origin: string,
  baseUrl: string,
): Promise<void> {
  for (const slot of slots) {
    if (!signInSupport(slot.scheme, slot.label).flow) continue;
    const record = await services.tokens.getRecord(slot.scheme, origin).catch(() => undefined);
    if (!record?.refreshToken || !renewalDue(record, Date.now())) continue;
    const integration = decodeIntegration(
      await services.context.secrets.get(refreshCredentialsKey(record.flow, origin)).then(undefined, () => undefined),
    );
    if (!integration) continue;
    let proxy;
    try {
      proxy = readProxy(new URL(baseUrl));
    } catch {
      proxy = undefined;
    }
    const refreshToken = record.refreshToken;
    try {
      const set = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Renewing the ${slot.label} for ${origin}` },
        () =>
          refreshWebex(
            {
              scheme: slot.scheme as TokenScheme,
              origin,
              accessToken: record.token,
              refreshToken,
              flow: (record.flow ?? 'webex-device') as FlowKind,
              ...(record.expiresAt !== undefined ? { expiresAt: record.expiresAt } : {}),
              ...(record.refreshExpiresAt !== undefined ? { refreshExpiresAt: record.refreshExpiresAt } : {}),
            },
            integration,
            { baseUrl, settings: readRequestSettings(), ...(proxy ? { proxy } : {}) },
          ),
      );
      await services.tokens.set(slot.scheme, origin, recordFromTokenSet(set, Date.now()));
      services.log.info(`${slot.label} (${slot.scheme}) renewed for ${origin}.`);
    } catch (err) {
      const message = err instanceof FlowError ? err.message : 'see the output channel';
      services.log.warn(`Renewing the ${slot.label} for ${origin} failed: ${message}`);
      if (err instanceof FlowError && err.code === 'invalid-grant') {
        const { refreshToken: _gone, refreshExpiresAt: _alsoGone, ...rest } = record;
        await services.tokens.set(slot.scheme, origin, rest).catch(() => undefined);
      }
      void vscode.window.showWarningMessage(`Could not renew the ${slot.label} for ${origin}: ${message}`);
    }
  }
}
