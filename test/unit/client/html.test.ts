import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  contentSecurityPolicy,
  createNonce,
  escapeAttribute,
  panelOptions,
  renderShell,
} from '../../../client/src/panel/html';

const CSP_SOURCE = 'https://abc.vscode-cdn.net';
const inputs = (nonce = createNonce()) => ({
  cspSource: CSP_SOURCE,
  scriptUri: 'https://abc.vscode-cdn.net/ext/dist/webview/main.js',
  styleUri: 'https://abc.vscode-cdn.net/ext/dist/webview/styles.css',
  nonce,
});

void describe('panel html shell', () => {
  void it('puts the exact strict CSP first in <head>', () => {
    const nonce = createNonce();
    const html = renderShell(inputs(nonce));
    const head = /<head>\s*([\s\S]*?)<\/head>/.exec(html)?.[1] ?? '';
    const first = /^<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(head);
    assert.ok(first, 'the CSP meta is the first element of <head>');
    assert.equal(
      first[1],
      `default-src 'none'; style-src ${CSP_SOURCE}; script-src 'nonce-${nonce}'; img-src ${CSP_SOURCE} data:; font-src ${CSP_SOURCE}`,
    );
    assert.doesNotMatch(html, /unsafe-|connect-src|https?:\/\/(?!abc\.vscode-cdn\.net)/);
  });

  void it('gives the only script the nonce and loads nothing remote', () => {
    const nonce = createNonce();
    const html = renderShell(inputs(nonce));
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(scripts, [`<script nonce="${nonce}" src="https://abc.vscode-cdn.net/ext/dist/webview/main.js">`]);
    assert.doesNotMatch(html, /<script[^>]*>[^<]+<\/script>/, 'no inline script body');
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
  });

  void it('makes a fresh 128-bit nonce from the CSPRNG every time, never Math.random', () => {
    const originalRandom = Math.random;
    let mathRandomCalls = 0;
    Math.random = () => {
      mathRandomCalls++;
      return originalRandom();
    };
    let sizes: number[] = [];
    try {
      const seen = new Set<string>();
      for (let i = 0; i < 200; i++) {
        const n = createNonce((size) => {
          sizes.push(size);
          return randomBytes(size);
        });
        assert.match(n, /^[A-Za-z0-9+/]{22}==$/);
        seen.add(n);
      }
      assert.equal(seen.size, 200);
      assert.ok(sizes.every((s) => s === 16));
      // renderShell itself adds no randomness of its own: two renders with different nonces differ only there.
      const a = renderShell(inputs(createNonce()));
      const b = renderShell(inputs(createNonce()));
      assert.notEqual(a, b);
    } finally {
      Math.random = originalRandom;
      sizes = [];
    }
    assert.equal(mathRandomCalls, 0);
  });

  void it('takes no response data: extra fields are never rendered', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const html = renderShell({
      ...inputs(),
      body: hostile,
      headers: [[hostile, hostile]],
      statusText: hostile,
    } as ReturnType<typeof inputs>);
    assert.ok(!html.includes(hostile));
    assert.ok(!html.includes('onerror'));
  });

  void it('escapes interpolated attributes and refuses a CSP source that could break the policy', () => {
    assert.equal(escapeAttribute(`"'<>&`), `&quot;'&lt;&gt;&amp;`);
    const html = renderShell({ ...inputs(), scriptUri: 'https://x/"><script>alert(1)</script>' });
    assert.ok(!html.includes('"><script>alert'));
    assert.throws(() => contentSecurityPolicy("https://x; script-src 'unsafe-inline'", createNonce()));
    assert.throws(() => contentSecurityPolicy("'self' 'unsafe-eval'", createNonce()));
    assert.throws(() => contentSecurityPolicy('', createNonce()));
    assert.throws(() => contentSecurityPolicy(CSP_SOURCE, 'short'));
    assert.throws(() => contentSecurityPolicy(CSP_SOURCE, "abc' 'unsafe-inline"));
  });

  void it("accepts code-server's source list ('self' plus the CDN host)", () => {
    const nonce = createNonce();
    assert.equal(
      contentSecurityPolicy("'self' https://*.vscode-cdn.net", nonce),
      `default-src 'none'; style-src 'self' https://*.vscode-cdn.net; script-src 'nonce-${nonce}'; img-src 'self' https://*.vscode-cdn.net data:; font-src 'self' https://*.vscode-cdn.net`,
    );
  });

  void it('pins the panel options (T22)', () => {
    assert.deepEqual(panelOptions('ROOT'), {
      enableScripts: true,
      enableCommandUris: false,
      enableForms: false,
      localResourceRoots: ['ROOT'],
      enableFindWidget: true,
      retainContextWhenHidden: false,
    });
  });
});
