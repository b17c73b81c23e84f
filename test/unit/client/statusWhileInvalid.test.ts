import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { environmentStatusView } from '../../../client/src/statusText';

void describe('the status bar while the file is momentarily invalid', () => {
  const NOW = Date.parse('2026-12-04T18:00:00Z');
  const input = {
    environment: 'e2e',
    origin: 'http://127.0.0.1:9',
    credentials: [{ scheme: 'huaweiAccessToken', label: 'Huawei access token', profile: 'default' }],
    trusted: true,
    now: NOW,
  };

  void it('keeps the words of the request the file last described; the tooltip says why', () => {
    const good = environmentStatusView(input);
    const stale = environmentStatusView({
      ...input,
      stale: 'The file is not valid JSON (3:40: Expected comma); fix it before sending.',
    });
    assert.equal(good.text, '$(key) e2e · Huawei token: none');
    assert.equal(stale.text, good.text, 'no flip while typing');
    assert.equal(stale.warning, good.warning);
    assert.equal(
      stale.tooltip,
      good.tooltip.replace(
        'Requests from this file go to http://127.0.0.1:9\n',
        'Requests from this file go to http://127.0.0.1:9\nThe file is not valid JSON (3:40: Expected comma); fix it before sending.\nShowing the request this file last described.\n',
      ),
    );
  });
});
