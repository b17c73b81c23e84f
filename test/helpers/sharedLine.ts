/**
 * Members of a Webex Calling shared-line PUT (`webex.calling.putSharedLineAppearanceMembers`) as the tests of Safe
 * PUT write them, and the names Webex's GET adds to them: one definition for the unit, CLI and e2e tests.
 */

/** One line member as the PUT takes it; port 1 is the primary owner's line. */
export const sharedLineMember = (id: string, port: number) => ({
  id,
  port,
  primaryOwner: port === 1,
  lineType: port === 1 ? 'PRIMARY' : 'SHARED_CALL_APPEARANCE',
  lineWeight: 1,
  hotlineEnabled: false,
  hotlineDestination: '',
  allowCallDeclineEnabled: false,
});

/** First and last names the read returns for the members `p1`, `p2`, `p3`. */
export const MEMBER_NAMES: Record<string, [string, string]> = {
  p1: ['Ada', 'Lovelace'],
  p2: ['Alan', 'Turing'],
  p3: ['Grace', 'Hopper'],
};
