// The request files of the command-line benchmark (scripts/bench-cli.mjs), and the schemas ajv-cli is given for
// the same work. Deterministic (a seeded generator): every run validates the same files.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

let seed = 0x5eed1234;
const random = () => {
  // mulberry32: the same files on every run, so runs compare.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const int = (min, max) => min + Math.floor(random() * (max - min + 1));
const pad = (n) => String(n).padStart(2, '0');
const FIRST = ['Li', 'Wang', 'Zhang', 'Maria', 'John', 'Aiko', 'Priya', 'Lars', 'Fatima', 'Diego', 'Chen', 'Sofia'];
const LAST = ['Lei', 'Fang', 'Wei', 'Garcia', 'Andersen', 'Tanaka', 'Sharma', 'Nilsson', 'Haddad', 'Lopez', 'Jie'];

function attendee(i) {
  const name = `${pick(FIRST)} ${pick(LAST)}`;
  if (random() < 0.15)
    return { name: `Room ${int(1, 9)}F-${pad(int(1, 30))}`, type: 'terminal', phone: `+9911${int(1000000, 9999999)}` };
  return {
    name,
    role: i === 0 ? 1 : 0,
    email: `${name.toLowerCase().replace(/\W+/g, '.')}${i}@example.com`,
    phone: `+8613${int(100000000, 999999999)}`,
    type: 'normal',
    isMute: pick([0, 1]),
  };
}

export function huaweiSeries(invalid) {
  const cycle = pick(['Day', 'Week', 'Month']);
  const month = int(1, 9);
  const body = {
    subject: `${pick(['Weekly', 'Daily', 'Monthly'])} ${pick(['project sync', 'standup', 'review', 'planning'])} ${int(1, 999)}`,
    startTime: `2027-${pad(month)}-${pad(int(1, 28))} ${pad(int(0, 23))}:${pick(['00', '15', '30', '45'])}`,
    length: pick([30, 45, 60, 90, 120]),
    mediaTypes: pick(['HDVideo', 'Voice']),
    timeZoneID: String(int(1, 80)),
    language: pick(['en-US', 'zh-CN']),
    attendees: Array.from({ length: int(2, 20) }, (_, i) => attendee(i)),
    cycleParams: {
      startDate: `2027-${pad(month)}-01`,
      endDate: `2027-${pad(month + 2)}-28`,
      cycle,
      interval: cycle === 'Day' ? int(1, 15) : cycle === 'Week' ? int(1, 5) : int(1, 3),
      ...(cycle === 'Day' ? {} : { point: cycle === 'Week' ? [1, 3, 5].slice(0, int(1, 3)) : [int(1, 28)] }),
      preRemindDays: int(0, 3),
    },
    confConfigInfo: {
      isSendNotify: true,
      isSendSms: random() < 0.5,
      callInRestriction: pick([0, 2, 3]),
      prolongLength: pick([0, 15, 30]),
    },
    recordType: pick([0, 2]),
  };
  if (invalid) {
    const mistake = int(0, 3);
    if (mistake === 0) body.attendees[0].role = '1';
    else if (mistake === 1) body.cycleParams.cycle = 'Weekly';
    else if (mistake === 2) body.length = 5;
    else body.confConfigInfo.callInRestriction = 1;
  }
  return {
    operation: 'huawei.meeting.updateRecurringMeeting',
    query: { conferenceID: String(int(900000000, 999999999)) },
    body,
  };
}

function hostPin() {
  for (;;) {
    const digits = Array.from({ length: pick([4, 4, 4, 6]) }, () => int(0, 9)).join('');
    if (/^(\d)\1+$/.test(digits) || '0123456789'.includes(digits) || '9876543210'.includes(digits)) continue;
    return digits;
  }
}

export function webexRoom(invalid) {
  const owner = `${pick(FIRST)} ${pick(LAST)}`;
  const body = {
    topic: `${owner}'s Personal Room`,
    hostPin: hostPin(),
    enabledAutoLock: random() < 0.5,
    autoLockMinutes: pick([0, 5, 10, 15, 20]),
    enabledNotifyHost: random() < 0.5,
    supportCoHost: random() < 0.5,
    supportAnyoneAsCoHost: false,
    allowFirstUserToBeCoHost: false,
    allowAuthenticatedDevices: random() < 0.5,
    coHosts: Array.from({ length: int(0, 4) }, (_, i) => ({
      email: `cohost${i}.${owner.toLowerCase().replace(/\W+/g, '.')}@example.com`,
      displayName: `${pick(FIRST)} ${pick(LAST)}`,
    })),
  };
  if (invalid) {
    const mistake = int(0, 2);
    if (mistake === 0) body.autoLockMinutes = 7;
    else if (mistake === 1) body.hostPin = '1234';
    else body.enabledAutoLock = 'true';
  }
  return {
    operation: 'webex.meetings.updatePersonalMeetingRoomOptions',
    query: { siteUrl: 'site4-example.webex.com' },
    body,
  };
}

/** The catalog's PUT operations (every operation a request file may name), with their documents. */
export function requestOperations(repo) {
  const ops = [];
  for (const file of readdirSync(join(repo, 'schemas'))
    .filter((f) => f.endsWith('.openapi.json'))
    .sort()) {
    const doc = JSON.parse(readFileSync(join(repo, 'schemas', file), 'utf8'));
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item)) {
        if (!op?.operationId || op['x-sign-in'] || op['x-role'] === 'read') continue;
        const body = op.requestBody?.content?.['application/json'];
        if (!body) continue;
        ops.push({ id: op.operationId, file, doc, schema: body.schema, examples: Object.values(body.examples ?? {}) });
      }
    }
  }
  return ops;
}

/** The `examples/` file of an operation: its parameters and headers are the envelope of generated files. */
function envelopeOf(repo, id) {
  for (const f of readdirSync(join(repo, 'examples'))
    .filter((f) => f.endsWith('.meeting.json'))
    .sort()) {
    const file = JSON.parse(readFileSync(join(repo, 'examples', f), 'utf8'));
    if (file.operation === id && f !== 'broken.meeting.json') return file;
  }
  throw new Error(`no example file of ${id} in examples/`);
}

/** One mistake per operation, each one an error for both validators. */
const MISTAKES = {
  'huawei.meeting.updateMemberVmr': (body) => (body.allowGustFirst = 'false'),
  'huawei.meeting.updateStartedConfConfig': (body) => (body.isLock = 7),
  'webex.calling.putSharedLineAppearanceMembers': (body) => (body.members[0].port = '1'),
};

/**
 * A request file of operation `op`: the two rich generators for their operations, else a documented example body
 * in the envelope of the operation's example file.
 */
export function requestFile(repo, op, invalid) {
  if (op.id === 'huawei.meeting.updateRecurringMeeting') return huaweiSeries(invalid);
  if (op.id === 'webex.meetings.updatePersonalMeetingRoomOptions') return webexRoom(invalid);
  const mistake = MISTAKES[op.id];
  if (!mistake) throw new Error(`the benchmark has no generator for ${op.id}: add one to scripts/bench/cliCorpus.mjs`);
  const { operation, pathParams, query } = envelopeOf(repo, op.id);
  const body = structuredClone(pick(op.examples.filter((e) => e.value !== undefined)).value);
  if (invalid) mistake(body);
  return { operation, ...(pathParams ? { pathParams } : {}), ...(query ? { query } : {}), body };
}

const rewriteRefs = (node, prefix) => {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, prefix));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', prefix) : rewriteRefs(v, prefix),
    ]),
  );
};

/** A standalone JSON Schema of one operation's body, cut from its catalog document (what ajv-cli takes). */
export function bodySchema(op) {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:bench:${op.id}`,
    $defs: rewriteRefs(op.doc.components.schemas, '#/$defs/'),
    ...rewriteRefs(op.schema, '#/$defs/'),
  };
}

/**
 * One schema for request files of any of `ops` (ajv-cli takes one schema per run): the file's `operation` picks
 * its body's schema (an `if`/`then` per operation), so one process does the work of one `validate` run.
 */
export function requestFileSchema(ops) {
  const families = [...new Set(ops.map((op) => op.file))];
  const key = (file) => file.replace(/\.openapi\.json$/, '');
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:bench:request-files',
    $defs: Object.fromEntries(
      families.map((file) => {
        const doc = ops.find((op) => op.file === file).doc;
        return [key(file), { $defs: rewriteRefs(doc.components.schemas, `#/$defs/${key(file)}/$defs/`) }];
      }),
    ),
    type: 'object',
    required: ['operation'],
    properties: { operation: { enum: ops.map((op) => op.id) } },
    allOf: ops.map((op) => ({
      if: { properties: { operation: { const: op.id } } },
      then: { properties: { body: rewriteRefs(op.schema, `#/$defs/${key(op.file)}/$defs/`) } },
    })),
  };
}
