/** The recurring-series request as one self-contained JSON Schema, for engines that take a plain schema. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository: BENCH_ROOT when set (the engine's server runs bundled, away from this folder). */
const ROOT = process.env.BENCH_ROOT ?? join(__dirname, '..', '..');

export function benchSchema(): Record<string, unknown> {
  const doc = JSON.parse(readFileSync(join(ROOT, 'schemas', 'huawei-meeting.openapi.json'), 'utf8')) as {
    components: { schemas: Record<string, unknown> };
  };
  const defs = JSON.parse(
    JSON.stringify(doc.components.schemas).replace(/#\/components\/schemas\//g, '#/$defs/'),
  ) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['operation', 'body'],
    additionalProperties: false,
    properties: {
      operation: { const: 'huawei.meeting.updateRecurringMeeting' },
      query: { type: 'object', required: ['conferenceID'], properties: { conferenceID: { type: 'string' } } },
      body: { $ref: '#/$defs/RestScheduleConfDTO' },
    },
    $defs: defs,
  };
}
