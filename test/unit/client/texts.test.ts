import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  confirmationText,
  formatBytes,
  INVALID_FILE_BUTTONS,
  invalidFileButtons,
  invalidFileText,
  middleTruncate,
  retryWhenText,
  visible,
} from '../../../client/src/send/texts';

void describe('send dialog texts', () => {
  void it('writes out invisible and bidi characters (T32)', () => {
    assert.equal(visible('a\u202Eb\u200Bc\u0007d\u2066'), 'a\\u{202E}b\\u{200B}c\\u{7}d\\u{2066}');
    assert.equal(visible('plain/path-{id}'), 'plain/path-{id}');
  });

  void it('shortens the middle of long values', () => {
    const t = middleTruncate('a'.repeat(100) + 'END', 20);
    assert.equal(t.length, 20);
    assert.ok(t.endsWith('END') && t.includes('…'));
    assert.equal(middleTruncate('short', 20), 'short');
  });

  void it('puts the punycode origin first and never a token value', () => {
    const { message, detail } = confirmationText({
      method: 'PUT',
      url: 'https://webexapıs.com/v1/meetings/%E2%80%AEevil?x=1&hostPin=2',
      environment: 'production',
      headerNames: ['X-Request-Id'],
      bodyBytes: 2048,
      tokenLabel: 'Webex access token',
      validationValid: false,
    });
    assert.equal(message, 'Send PUT to xn--webexaps-zkb.com?');
    const lines = detail.split('\n');
    assert.equal(lines[0], 'Origin: https://xn--webexaps-zkb.com');
    assert.ok(lines.includes('Path: /v1/meetings/%E2%80%AEevil'));
    assert.ok(lines.includes('Query: x, hostPin'));
    assert.ok(lines.includes('Token: Webex access token'));
    assert.ok(lines.includes('Body: 2.0 KB of JSON'));
    assert.ok(detail.includes('validation errors'));
    const none = confirmationText({
      method: 'PUT',
      url: 'https://x.test/',
      environment: 'e',
      headerNames: [],
      bodyBytes: undefined,
      tokenLabel: undefined,
      validationValid: true,
    });
    assert.match(none.detail, /Token: none/);
    assert.match(none.detail, /Body: none/);
  });

  void it('lists validation problems, capped', () => {
    const t = invalidFileText({
      valid: false,
      errorCount: 20,
      warningCount: 0,
      messages: Array.from({ length: 20 }, (_, i) => `3:${i} problem ${i}`),
    });
    assert.match(t.message, /20 errors/);
    assert.match(t.detail, /…and 5 more$/);
    assert.equal(
      invalidFileText({ valid: false, errorCount: 1, warningCount: 0, messages: ['1:1 x'] }).message,
      'This request file has 1 error. The server will probably reject it.',
    );
  });

  void it('the invalid-file dialog does not send by default: its primary button only shows the problems', () => {
    const buttons = invalidFileButtons();
    // VS Code: the close-affordance item is Cancel (Escape); the first other item is primary and focused (Enter).
    const cancel = buttons.filter((b) => b.isCloseAffordance === true);
    const primary = buttons.find((b) => b.isCloseAffordance !== true);
    assert.deepEqual(
      cancel.map((b) => b.title),
      ['Cancel'],
    );
    assert.equal(primary?.title, 'Show Problems');
    assert.notEqual(primary?.title, INVALID_FILE_BUTTONS.sendAnyway.title);
    assert.deepEqual(
      buttons.map((b) => b.title),
      ['Show Problems', 'Send Anyway', 'Cancel'],
    );
  });

  void it('formats sizes and retry times', () => {
    assert.equal(formatBytes(10), '10 B');
    assert.equal(formatBytes(10 * 1024 * 1024), '10.0 MB');
    assert.match(
      retryWhenText(30, Date.now() + 30_000),
      /^The server asked to wait 30 s \(until \d\d:\d\d:\d\d\) before retrying\.$/,
    );
  });
});
