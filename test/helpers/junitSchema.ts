/**
 * Checks a JUnit XML report against the published Jenkins xUnit schema (`test/fixtures/junit/junit-10.xsd`, see its
 * README) with libxml2's own XSD validator (xmllint-wasm: libxml2 compiled to WebAssembly, no system package), then
 * what that schema leaves open and CI readers rely on: the root is `testsuites`, the counts are whole numbers that
 * agree with the test cases, a case holds at most one failure, error and skipped. (libxml2 also rejects what is not
 * well-formed and every character XML 1.0 forbids.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';

type Element = Record<string, unknown>;

const XSD = readFileSync(join(__dirname, '..', 'fixtures', 'junit', 'junit-10.xsd'), 'utf8');
/** Every element the schema declares (each may repeat, so the parser makes each a list). */
const ELEMENTS = new Set(['testsuites', 'testsuite', 'properties', 'property', 'testcase']);
for (const name of ['failure', 'error', 'skipped', 'system-out', 'system-err']) ELEMENTS.add(name);
for (const name of ['rerunFailure', 'rerunError', 'flakyFailure', 'flakyError']) ELEMENTS.add(name);
const COUNTS = ['tests', 'failures', 'errors', 'skipped'] as const;

export interface JunitCase {
  name: string;
  classname?: string;
  failure?: { message?: string; type?: string; text: string };
  error?: { message?: string; type?: string };
  skipped?: { message?: string };
  systemOut?: string;
}

export interface JunitSuite {
  name: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  cases: JunitCase[];
}

/** libxml2's messages for `xml` against junit-10.xsd: none when it is valid. */
export async function schemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'report.xml', contents: xml }],
    schema: [{ fileName: 'junit-10.xsd', contents: XSD }],
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}

/** Asserts that `xml` is a valid report and returns its suites and cases. */
export async function parseJunit(xml: string): Promise<{ name: string | undefined; suites: JunitSuite[] }> {
  assert.deepEqual(await schemaErrors(xml), [], 'valid against junit-10.xsd');
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'), 'the XML declaration, UTF-8');
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    textNodeName: '#text',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ELEMENTS.has(name),
  });
  const doc = parser.parse(xml) as Record<string, Element[]>;
  // Every element the schema declares may be the root; the CI readers expect `testsuites`.
  assert.deepEqual(Object.keys(doc), ['testsuites'], 'one root element, testsuites');
  const root = doc.testsuites[0];
  const suites = ((root.testsuite as Element[] | undefined) ?? []).map((s): JunitSuite => {
    assert.equal(s.testsuite, undefined, 'no nested test suites');
    const cases = ((s.testcase as Element[] | undefined) ?? []).map(toCase);
    const suite: JunitSuite = {
      name: s['@name'] as string,
      tests: count(s, 'tests'),
      failures: count(s, 'failures'),
      errors: count(s, 'errors'),
      skipped: count(s, 'skipped'),
      cases,
    };
    assert.equal(suite.tests, cases.length, `${suite.name}: tests`);
    assert.equal(suite.failures, cases.filter((c) => c.failure).length, `${suite.name}: failures`);
    assert.equal(suite.errors, cases.filter((c) => c.error).length, `${suite.name}: errors`);
    assert.equal(suite.skipped, cases.filter((c) => c.skipped).length, `${suite.name}: skipped`);
    return suite;
  });
  for (const key of COUNTS) {
    const sum = suites.reduce((n, s) => n + s[key], 0);
    if (root[`@${key}`] !== undefined) assert.equal(count(root, key), sum, `testsuites ${key}`);
  }
  return { name: root['@name'] as string | undefined, suites };
}

/** The schema types the counts as strings: the readers add them up, so they are whole numbers. */
function count(el: Element, key: (typeof COUNTS)[number]): number {
  const value = el[`@${key}`];
  if (value === undefined) return 0;
  assert.match(String(value), /^\d+$/, `${key} is a whole number`);
  return Number(value);
}

function toCase(el: Element): JunitCase {
  const one = (name: string): Element | undefined => {
    const list = el[name] as Array<Element | string> | undefined;
    if (list === undefined) return undefined;
    // The plugin reads one failure, error and skipped per case: the report writes at most one of each.
    assert.equal(list.length, 1, `one <${name}> per test case`);
    return typeof list[0] === 'string' ? { '#text': list[0] } : list[0];
  };
  const c: JunitCase = { name: el['@name'] as string };
  if (el['@classname'] !== undefined) c.classname = el['@classname'] as string;
  const failure = one('failure');
  if (failure) {
    c.failure = { text: (failure['#text'] as string | undefined) ?? '' };
    if (failure['@message'] !== undefined) c.failure.message = failure['@message'] as string;
    if (failure['@type'] !== undefined) c.failure.type = failure['@type'] as string;
  }
  const error = one('error');
  if (error) c.error = { message: error['@message'] as string, type: error['@type'] as string };
  const skipped = one('skipped');
  if (skipped) c.skipped = { message: skipped['@message'] as string };
  const out = one('system-out');
  if (out) c.systemOut = (out['#text'] as string | undefined) ?? '';
  return c;
}
