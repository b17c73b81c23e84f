/**
 * Generated "modify recurring meeting series" request files of a given size: valid, or with one attendee in
 * `brokenEvery` broken in one of two ways: two invalid values (`role` 5, `type` "vip": no quick fix), or two
 * fixable mistakes (`role` "1", a string, fixed by "Change to 1"; a misspelt `tpye` key, fixed by a rename).
 */

const FIRST = ['Li', 'Wang', 'Zhang', 'Chen', 'Ana', 'Bob', 'Chloe', 'Dev', 'Emma', 'Farid'];
const LAST = ['Lei', 'Fang', 'Wei', 'Jie', 'Silva', 'Martin', 'Dubois', 'Patel', 'Rossi', 'Haddad'];

export type Breakage = 'invalid' | 'fixable';

function attendee(i: number, broken: Breakage | undefined): Record<string, unknown> {
  const name = `${FIRST[i % 10]} ${LAST[(i * 7) % 10]} ${i}`;
  const role = broken === 'invalid' ? 5 : broken === 'fixable' ? '1' : i % 17 === 0 ? 1 : 0;
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

/** A document of about `bytes` bytes; with `brokenEvery` n > 0, attendees 0, n, 2n… are broken. */
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
  const perAttendee = JSON.stringify(attendee(1, undefined), null, 2).length + 8;
  const count = Math.max(1, Math.round((bytes - envelope([]).length) / perAttendee));
  const isBroken = (i: number) => brokenEvery > 0 && i % brokenEvery === 0;
  const list = Array.from({ length: count }, (_, i) => attendee(i, isBroken(i) ? breakage : undefined));
  const broken = list.filter((_, i) => isBroken(i)).length;
  return { label: humanSize(bytes), text: envelope(list), attendees: count, broken };
}

export function humanSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`;
}
