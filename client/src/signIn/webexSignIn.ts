/**
 * The three ways Sign In gets a Webex token, as a vscode adapter over the pure flows: the device grant
 * (webexDevice.ts), the authorization code with PKCE (webexPkce.ts: the browser opened with `env.openExternal`,
 * the loopback redirect passed through `env.asExternalUri`), and a service app (webexServiceApp.ts). Each asks
 * what it needs once per origin (SecretStorage) — except the service app's token manager token, asked every time
 * and kept nowhere — and says which stored record to forget when Webex refuses it. Words and keys: signInPlan.ts.
 */
import * as vscode from 'vscode';
import { checkRedirectUri } from '../auth/loopbackRedirect';
import type { DeviceCodePrompt, FlowContext, FlowError, TokenSet } from '../auth/types';
import { CommandIds } from '../../../common/ids';
import { signInWebexDevice } from '../auth/webexDevice';
import { signInWebexPkce } from '../auth/webexPkce';
import { signInWebexServiceApp } from '../auth/webexServiceApp';
import type { Services } from '../services';
import {
  DEFAULT_REDIRECT_URI,
  codeCopiedText,
  decodeIntegration,
  decodeServiceApp,
  deviceCodeMessage,
  encodeIntegration,
  encodeServiceApp,
  integrationKey,
  openableVerificationUri,
  serviceAppKey,
  validateIntegrationField,
  webexMethodItems,
  webexMethodKey,
} from './signInPlan';
import type { IntegrationCredentials, ServiceAppDetails, WebexMethod } from './signInPlan';

/** A Webex sign-in ready to run: what it asked for is in hand. */
export interface PreparedWebexSignIn {
  run(ctx: FlowContext, report: (message: string) => void): Promise<TokenSet>;
  /** The stored record to forget when Webex refuses what it holds (then the next Sign In asks again). */
  forget(err: FlowError): { key: string; what: string } | undefined;
}

/** The code of the device-grant sign-in under way (at most one: its notice is a progress notification). */
let pendingPrompt: DeviceCodePrompt | undefined;

/**
 * The notice's Copy Code link: the code to the clipboard, then the link opened (only one {@link openableVerificationUri}
 * allows). Takes nothing from its caller; with no sign-in waiting it says so.
 */
export async function copyDeviceCodeCommand(): Promise<void> {
  const prompt = pendingPrompt;
  if (!prompt) {
    void vscode.window.showInformationMessage('No sign-in is waiting for a code.');
    return;
  }
  await vscode.env.clipboard.writeText(prompt.userCode);
  void vscode.window.showInformationMessage(codeCopiedText(prompt));
  const link = openableVerificationUri(prompt);
  if (link !== undefined) await vscode.env.openExternal(vscode.Uri.parse(link, true));
}

/** Which way to sign in; the one used last at this origin is first (Enter keeps it). */
export async function pickWebexMethod(services: Services, origin: string): Promise<WebexMethod | undefined> {
  const key = webexMethodKey(origin);
  const items = webexMethodItems(services.context.globalState.get<string>(key));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Sign In to Webex for ${origin}`,
    placeHolder: 'How to get the token',
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  await Promise.resolve(services.context.globalState.update(key, picked.method)).catch(() => undefined);
  return picked.method;
}

export async function prepareWebexSignIn(
  services: Services,
  method: WebexMethod,
  origin: string,
): Promise<PreparedWebexSignIn | undefined> {
  if (method === 'serviceApp') return prepareServiceApp(services, origin);
  const integration = await integrationFor(services, origin, method === 'pkce');
  if (!integration) return undefined;
  const forget = (err: FlowError): { key: string; what: string } | undefined =>
    err.code === 'invalid-credentials' ? { key: integrationKey(origin), what: 'Client ID and Secret' } : undefined;
  if (method === 'device') {
    return {
      forget,
      run: async (ctx, report) => {
        // The code and link are the progress notification's message, so they go away when the sign-in ends.
        let codeNotice = '';
        const say = (status: string): void => report(codeNotice ? `${codeNotice} ${status}` : status);
        try {
          return await signInWebexDevice(integration, {
            ...ctx,
            progress: {
              deviceCode: (prompt) => {
                pendingPrompt = prompt;
                codeNotice = deviceCodeMessage(prompt, Date.now(), CommandIds.copyDeviceCode);
                say('');
              },
              report: say,
            },
          });
        } finally {
          pendingPrompt = undefined;
        }
      },
    };
  }
  const redirectUri = integration.redirectUri ?? DEFAULT_REDIRECT_URI;
  return {
    forget,
    run: (ctx, report) =>
      signInWebexPkce(
        integration,
        {
          ...ctx,
          progress: {
            report,
            openBrowser: async (url) => {
              // Only the authorize URL on the environment's own origin is ever built here (webexPkce.ts).
              const opened = await vscode.env.openExternal(vscode.Uri.parse(url, true));
              if (!opened) report('Open the Webex sign-in page in your browser to go on.');
            },
          },
        },
        {
          redirectUri,
          externalUri: async (local) => (await vscode.env.asExternalUri(vscode.Uri.parse(local, true))).toString(true),
        },
      ),
  };
}

/** The stored integration for `origin` (with a redirect URI when `pkce`), or asked for now and stored. */
async function integrationFor(
  services: Services,
  origin: string,
  pkce: boolean,
): Promise<IntegrationCredentials | undefined> {
  const secrets = services.context.secrets;
  const stored = decodeIntegration(await secrets.get(integrationKey(origin)).then(undefined, () => undefined));
  if (stored && (!pkce || stored.redirectUri !== undefined)) return stored;
  let creds: IntegrationCredentials | undefined = stored;
  if (!creds) {
    const clientId = await ask(`the Webex integration's Client ID (for ${origin})`, {
      prompt: 'From your integration at developer.webex.com. Asked once; kept in VS Code’s secret storage.',
      validateInput: (v) => validateIntegrationField(v, 'Client ID'),
    });
    if (clientId === undefined) return undefined;
    const clientSecret = await ask(`the Webex integration's Client Secret (for ${origin})`, {
      prompt: `Kept in VS Code’s secret storage and sent only to ${origin}.`,
      password: true,
      validateInput: (v) => validateIntegrationField(v, 'Client Secret'),
    });
    if (clientSecret === undefined) return undefined;
    creds = { clientId, clientSecret };
  }
  if (pkce) {
    const redirectUri = await ask('the redirect URI registered with the integration', {
      prompt:
        'Webex sends the browser back to this address on this machine; it must be one of the integration’s redirect URIs exactly.',
      value: DEFAULT_REDIRECT_URI,
      validateInput: (v) => {
        const checked = checkRedirectUri(v.trim());
        return checked.ok ? (checked.url.port === '0' ? 'Name a fixed port.' : undefined) : checked.reason;
      },
    });
    if (redirectUri === undefined) return undefined;
    creds = { ...creds, redirectUri };
  }
  try {
    await secrets.store(integrationKey(origin), encodeIntegration(creds));
  } catch (err) {
    services.log.error('Storing the integration in secret storage failed.', err);
  }
  return creds;
}

/** The service app's details (stored per origin, asked once) and the token manager's token (asked each time). */
async function prepareServiceApp(services: Services, origin: string): Promise<PreparedWebexSignIn | undefined> {
  const secrets = services.context.secrets;
  let details = decodeServiceApp(await secrets.get(serviceAppKey(origin)).then(undefined, () => undefined));
  if (!details) {
    const fields: Array<[keyof ServiceAppDetails, string, boolean]> = [
      ['clientId', 'Client ID', false],
      ['clientSecret', 'Client Secret', true],
      ['targetOrgId', 'target organisation ID', false],
      ['applicationId', 'application ID', false],
    ];
    const got: Partial<ServiceAppDetails> = {};
    for (const [field, what, password] of fields) {
      const value = await ask(`the service app's ${what} (for ${origin})`, {
        prompt:
          field === 'targetOrgId'
            ? 'The organisation whose Full Admin authorized the service app in Control Hub.'
            : `From the service app at developer.webex.com. Asked once; kept in VS Code’s secret storage, sent only to ${origin}.`,
        password,
        validateInput: (v) => validateIntegrationField(v, what),
      });
      if (value === undefined) return undefined;
      got[field] = value;
    }
    details = got as ServiceAppDetails;
    try {
      await secrets.store(serviceAppKey(origin), encodeServiceApp(details));
    } catch (err) {
      services.log.error('Storing the service app in secret storage failed.', err);
    }
  }
  const managerToken = await ask(`a token holding spark:applications_token (for ${origin})`, {
    prompt: 'The token manager’s token, used for this one call only and kept nowhere.',
    password: true,
    validateInput: (v) => validateIntegrationField(v, 'token'),
  });
  if (managerToken === undefined) return undefined;
  const app = details;
  return {
    run: (ctx) => signInWebexServiceApp({ ...app, managerToken }, ctx),
    // A refused manager token is not the stored details' fault: they are kept.
    forget: (err) =>
      err.code === 'invalid-credentials' && err.vendorCode !== 'manager_token'
        ? { key: serviceAppKey(origin), what: 'service app details' }
        : undefined,
  };
}

async function ask(
  what: string,
  options: Pick<vscode.InputBoxOptions, 'prompt' | 'password' | 'value' | 'validateInput'>,
): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({ title: `Sign In: ${what}`, ignoreFocusOut: true, ...options });
  return value === undefined ? undefined : value.trim();
}
