/** Generated "modify recurring meeting series" request files of a given size, valid or with many errors. */

const FIRST = ['Li', 'Wang', 'Zhang', 'Chen', 'Ana', 'Bob', 'Chloe', 'Dev', 'Emma', 'Farid'];
const LAST = ['Lei', 'Fang', 'Wei', 'Jie', 'Silva', 'Martin', 'Dubois', 'Patel', 'Rossi', 'Haddad'];

function attendee(i: number, broken: boolean): Record<string, unknown> {
  const name = `${FIRST[i % 10]} ${LAST[(i * 7) % 10]} ${i}`;
  return {
    name,
    role: broken ? 5 : i % 17 === 0 ? 1 : 0,
    email: `${name.toLowerCase().replace(/ /g, '.')}@example.com`,
    phone: `+86${String(13800000000 + i)}`,
    isMute: i % 2,
    type: broken ? 'vip' : 'normal',
  };
}

export interface BenchDocument {
  label: string;
  text: string;
  attendees: number;
}

/** A document of about `bytes` bytes; with `errors`, one attendee in eight carries two invalid values. */
export function recurringSeries(bytes: number, errors: boolean): BenchDocument {
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
  const perAttendee = JSON.stringify(attendee(1, false), null, 2).length + 8;
  const count = Math.max(1, Math.round((bytes - envelope([]).length) / perAttendee));
  const list = Array.from({ length: count }, (_, i) => attendee(i, errors && i % 8 === 0));
  return { label: humanSize(bytes), text: envelope(list), attendees: count };
}

export function humanSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`;
}
