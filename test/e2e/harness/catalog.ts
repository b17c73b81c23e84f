/** Expectations read from the catalog itself, so UI tests follow its wording instead of copying it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface PropertySchema {
  description?: string;
  enum?: unknown[];
  'x-enumDescriptions'?: string[];
}

function properties(file: string, schema: string): Record<string, PropertySchema> {
  const doc = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'schemas', file), 'utf8')) as {
    components: { schemas: Record<string, { properties?: Record<string, PropertySchema> }> };
  };
  const found = doc.components.schemas[schema]?.properties;
  if (!found) throw new Error(`${file}: no properties for schema ${schema}`);
  return found;
}

/** A body property of a component schema in one of the catalog's OpenAPI files. */
export function catalogProperty(file: string, schema: string, property: string): PropertySchema {
  const found = properties(file, schema)[property];
  if (!found) throw new Error(`${file}: no property ${schema}.${property}`);
  return found;
}

/** Names of the properties of a component schema. */
export function catalogPropertyNames(file: string, schema: string): string[] {
  return Object.keys(properties(file, schema));
}

/** Plain words of a markdown sentence, without the final period, for comparing with rendered text. */
export function plain(text: string): string {
  return text.replace(/[`*_]/g, '').replace(/\.$/, '').trim();
}
