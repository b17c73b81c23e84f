/**
 * The response panel's HTML shell. Static: it takes only the webview's CSP source, the two asset URIs
 * and a fresh nonce — never any response or request data, which arrives later via `postMessage` and is
 * rendered with `textContent`. Pure (no `vscode`), so it is unit-tested directly.
 */
import { randomBytes } from 'node:crypto';

export interface ShellInputs {
  /** `webview.cspSource`. */
  cspSource: string;
  /** `webview.asWebviewUri(dist/webview/main.js)`, as a string. */
  scriptUri: string;
  /** `webview.asWebviewUri(dist/webview/styles.css)`, as a string. */
  styleUri: string;
  /** From {@link createNonce}; fresh for every render. */
  nonce: string;
}

/** 128 bits from the CSPRNG, base64. A new one for every HTML render. */
export function createNonce(random: (size: number) => Buffer = randomBytes): string {
  return random(16).toString('base64');
}

/** Escapes a value for a double-quoted HTML attribute (every attribute here is double-quoted). */
export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A webview's `cspSource` is a list of sources: VS Code gives `https://*.vscode-cdn.net`, code-server
 * `'self' https://*.vscode-cdn.net`. Accept host/scheme sources and the `'self'` keyword; refuse
 * anything that could end the directive or the attribute, and any other keyword (no `'unsafe-…'`).
 */
function assertCspSources(value: string, what: string): void {
  const sources = value.trim().split(/\s+/);
  const ok = sources.every((s) => s === "'self'" || /^[^\s;,'"<>]+$/.test(s));
  if (value.trim().length === 0 || !ok) throw new Error(`Unexpected characters in ${what}`);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  assertCspSources(cspSource, 'the webview CSP source');
  if (!/^[A-Za-z0-9+/]{22}==$/.test(nonce)) throw new Error('The nonce must be 16 random bytes in base64');
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function renderShell(inputs: ShellInputs): string {
  const csp = contentSecurityPolicy(inputs.cspSource, inputs.nonce);
  const a = escapeAttribute;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta http-equiv="Content-Security-Policy" content="${a(csp)}">
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="referrer" content="no-referrer">
<link rel="stylesheet" href="${a(inputs.styleUri)}">
<title>Meeting Payloads response</title>
</head>
<body>
<main id="app" aria-live="polite">
<p class="placeholder">Send a request from a .meeting.json file to see the response here.</p>
</main>
<script nonce="${a(inputs.nonce)}" src="${a(inputs.scriptUri)}"></script>
</body>
</html>
`;
}

/**
 * The panel's webview and panel options, as a pure value so a test can pin them (T22): scripts on (the
 * panel's own, nonce-gated), command links and forms off, only `dist/webview` loadable, find widget on,
 * no `retainContextWhenHidden` (state is kept with getState/setState instead).
 */
export function panelOptions<U>(webviewRoot: U): {
  enableScripts: true;
  enableCommandUris: false;
  enableForms: false;
  localResourceRoots: U[];
  enableFindWidget: true;
  retainContextWhenHidden: false;
} {
  return {
    enableScripts: true,
    enableCommandUris: false,
    enableForms: false,
    localResourceRoots: [webviewRoot],
    enableFindWidget: true,
    retainContextWhenHidden: false,
  };
}
