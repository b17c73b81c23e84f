/**
 * The one table of vendor error codes whose meaning we know, with where each fact comes from
 * (/work/shared/notes/api-research.md and auth-research.md). The panel's "What the server said", the credential
 * notice and the Huawei sign-in read it; a code is added here, never in a second list.
 *
 * Imports nothing, so client, CLI and webview can use it.
 */

export interface KnownErrorCode {
  vendor: 'huawei' | 'webexCalling';
  /** The body field that carries the code. */
  field: 'error_code' | 'error_msg' | 'errorCode';
  code: string;
  /** What it means, in our words. */
  meaning: string;
  /** Where the fact comes from. */
  source: string;
  /**
   * What the code tells a caller to do, when it documents one: `meeting-not-in-progress` lets the control-token
   * sign-in say the meeting is not running (client/src/auth/huaweiControl.ts). Only a documented code gets it.
   */
  means?: 'meeting-not-in-progress';
}

/** Huawei's "invalid token" code: expired, logged out, or evicted by a newer login. */
export const HUAWEI_INVALID_TOKEN = 'USG.000000004';

export const KNOWN_ERROR_CODES: readonly KnownErrorCode[] = [
  {
    vendor: 'huawei',
    field: 'error_code',
    code: HUAWEI_INVALID_TOKEN,
    meaning: 'The access token is invalid: it expired, was logged out, or a newer login replaced it.',
    source: 'Huawei Cloud Meeting token management (meeting_21_0307 to 0309)',
  },
  {
    vendor: 'huawei',
    field: 'error_msg',
    code: 'CONF_MODIFY_FAIL_AS_CONF_ALREADY_STARTED',
    meaning: 'The meeting (or a meeting of the series) has already started, so it can no longer be modified.',
    source: 'Huawei Cloud Meeting, Modifying a Recurring Meeting; client SDK code 111071065',
  },
  {
    vendor: 'webexCalling',
    field: 'errorCode',
    code: '25008',
    meaning: 'A required field is missing.',
    source: 'Webex Calling error details as mapped by a public client (wxc_sdk error model)',
  },
];

/** What the first part of a Huawei `error_code` says about where the problem is. */
export const HUAWEI_CODE_PREFIXES: ReadonlyArray<{ prefix: string; meaning: string }> = [
  {
    prefix: 'USG.',
    meaning: 'USG codes concern the login, the account and the token (Huawei Cloud API Error Center).',
  },
  {
    prefix: 'MMC.',
    meaning: 'MMC codes concern the meeting or room, not the token (Huawei Cloud API Error Center).',
  },
];

/** The known meaning of `code` in `field`, if any (in `table`: the one above, unless a test passes its own). */
export function knownErrorCode(
  field: KnownErrorCode['field'],
  code: string,
  table: readonly KnownErrorCode[] = KNOWN_ERROR_CODES,
): KnownErrorCode | undefined {
  return table.find((k) => k.field === field && k.code === code);
}

/** The meaning of a Huawei `error_code`: its table entry, else what its prefix says, else undefined. */
export function huaweiCodeMeaning(code: string): string | undefined {
  return (
    knownErrorCode('error_code', code)?.meaning ?? HUAWEI_CODE_PREFIXES.find((p) => code.startsWith(p.prefix))?.meaning
  );
}
