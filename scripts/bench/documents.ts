/**
 * Generated "modify recurring meeting series" request files of a given size: valid, or with one attendee in
 * `brokenEvery` broken: with two invalid values (`role` 5, `type` "vip": no quick fix), one (`role` 5), or two
 * fixable mistakes (`role` "1", a string, fixed by "Change to 1"; a misspelt `tpye` key, fixed by a rename).
 */

const FIRST = ['Li', 'Wang', 'Zhang', 'Chen', 'Ana', 'Bob', 'Chloe', 'Dev', 'Emma', 'Farid'];
const LAST = ['Lei', 'Fang', 'Wei', 'Jie', 'Silva', 'Martin', 'Dubois', 'Patel', 'Rossi', 'Haddad'];

/** `invalid`: two invalid values; `role`: one (an invalid `role` alone); `fixable`: two fixable mistakes. */
export type Breakage = 'invalid' | 'role' | 'fixable';

/** Problems each broken attendee has. */
export const PROBLEMS_PER_BROKEN: Record<Breakage, number> = { invalid: 2, role: 1, fixable: 2 };

function attendee(i: number, broken: Breakage | undefined): Record<string, unknown> {
  const name = `${FIRST[i % 10]} ${LAST[(i * 7) % 10]} ${i}`;
  const role = broken === 'invalid' || broken === 'role' ? 5 : broken === 'fixable' ? '1' : i % 17 === 0 ? 1 : 0;
  const type = broken === 'invalid' ? 'vip' : 'normal';
  return {
    name,
    role,
    email: `${name.toLowerCase().replace(/ /g, '.')}@example.com`,
    phone: `+86${String(13800000000 + i)}`,
    isMute: i % 2,
    [broken === 'fixable' ? 'tpye' : 'type']: type,
  };
}

export interface BenchDocument {
  label: string;
  text: string;
  attendees: number;
  /** Attendees broken (two problems each). */
  broken: number;
}

/** A document of about `bytes` characters (within one attendee); with `brokenEvery` n > 0, attendees 0, n, 2n… are broken. */
export function recurringSeries(bytes: number, brokenEvery = 0, breakage: Breakage = 'invalid'): BenchDocument {
  const envelope = (attendees: unknown[]) =>
    JSON.stringify(
      {
        operation: 'huawei.meeting.updateRecurringMeeting',
        query: { conferenceID: '900244663' },
        body: {
          subject: 'Weekly project sync',
          startTime: '2027-03-01 01:30',
          length: 60,
          mediaTypes: 'HDVideo',
          timeZoneID: '56',
          language: 'en-US',
          attendees,
          cycleParams: {
            startDate: '2027-03-01',
            endDate: '2027-05-26',
            cycle: 'Week',
            interval: 1,
            point: [1, 3],
            preRemindDays: 1,
          },
          confConfigInfo: { isSendNotify: true, callInRestriction: 2, prolongLength: 15 },
          recordType: 0,
        },
      },
      null,
      2,
    );
  const isBroken = (i: number) => brokenEvery > 0 && i % brokenEvery === 0;
  const build = (count: number) =>
    envelope(Array.from({ length: count }, (_, i) => attendee(i, isBroken(i) ? breakage : undefined)));
  // A first guess from one attendee's size, then one correction from the real average (names grow with i).
  const one = JSON.stringify(attendee(1, undefined), null, 2).length;
  let count = Math.max(1, Math.round((bytes - envelope([]).length) / one));
  let text = build(count);
  const corrected = Math.max(1, count - Math.round((text.length - bytes) / (text.length / count)));
  if (corrected !== count) text = build((count = corrected));
  const broken = brokenEvery > 0 ? Math.ceil(count / brokenEvery) : 0;
  return { label: humanSize(bytes), text, attendees: count, broken };
}

export function humanSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`;
}
