/**
 * Save response to file: the proposed file name and the text written. Pure (no `vscode`), so it is unit-tested.
 * The body is the one the HTTP core kept (already masked); it is masked once more against every stored token,
 * like every other export, so a server echoing a token never writes it to disk.
 */
import { maskSecrets } from '../http';

/** `rooms/vmr.meeting.json` + JSON → `vmr.response.json`; other content types → `.response.txt`. */
export function responseFileName(requestFileName: string, json: boolean): string {
  const base = requestFileName
    .replace(/^.*[\\/]/, '')
    .replace(/\.meeting\.json$/i, '')
    .replace(/\.json$/i, '');
  return `${base.length > 0 ? base : 'response'}.response.${json ? 'json' : 'txt'}`;
}

/** What is written: the body as received, masked against the stored tokens. */
export function responseFileText(bodyText: string, secrets: readonly string[]): string {
  return maskSecrets(bodyText, secrets);
}
