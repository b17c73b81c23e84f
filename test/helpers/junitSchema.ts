/**
 * Checks a JUnit XML report against the Jenkins/Surefire schema (jenkinsci/junit-plugin `junit-10.xsd`): no XSD
 * validator is installed, so the document is checked for well-formedness by fast-xml-parser's validator, for
 * characters XML 1.0 forbids by a pattern, and for the schema's structure here: which elements may appear where,
 * which attributes each may carry (and must), integer counts, and counts that agree with the test cases.
 */
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

type Element = Record<string, unknown>;

/** Elements and their attributes, as junit-10.xsd declares them (required ones first in `required`). */
const SCHEMA: Record<string, { required: string[]; optional: string[]; children: string[]; text?: boolean }> = {
  testsuites: {
    required: [],
    optional: ['name', 'time', 'tests', 'failures', 'errors', 'skipped', 'disabled'],
    children: ['testsuite'],
  },
  testsuite: {
    required: ['name', 'tests'],
    optional: ['failures', 'errors', 'skipped', 'time', 'disabled', 'timestamp', 'hostname', 'id', 'package', 'file'],
    children: ['properties', 'testcase', 'system-out', 'system-err'],
  },
  testcase: {
    required: ['name'],
    optional: ['classname', 'time', 'status', 'assertions', 'file', 'line'],
    children: ['skipped', 'error', 'failure', 'system-out', 'system-err'],
  },
  failure: { required: [], optional: ['message', 'type'], children: [], text: true },
  error: { required: [], optional: ['message', 'type'], children: [], text: true },
  skipped: { required: [], optional: ['message'], children: [], text: true },
  'system-out': { required: [], optional: [], children: [], text: true },
  'system-err': { required: [], optional: [], children: [], text: true },
};
const COUNTS = ['tests', 'failures', 'errors', 'skipped', 'line'];
// Tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF: everything else is forbidden in XML 1.0.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

export interface JunitCase {
  name: string;
  classname?: string;
  file?: string;
  line?: string;
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

/** Asserts that `xml` is a valid report and returns its suites and cases. */
export function parseJunit(xml: string): { name: string | undefined; suites: JunitSuite[] } {
  const bad = NOT_XML_CHAR.exec(xml);
  assert.equal(bad, null, `a character XML 1.0 forbids at ${bad?.index}`);
  const valid = XMLValidator.validate(xml);
  assert.equal(valid, true, JSON.stringify(valid));
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    textNodeName: '#text',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && name in SCHEMA,
  });
  const doc = parser.parse(xml) as Record<string, Element[]>;
  assert.deepEqual(Object.keys(doc), ['testsuites'], 'one root element, testsuites');
  assert.equal(doc.testsuites.length, 1);
  const root = doc.testsuites[0];
  check('testsuites', root);
  const suites = ((root.testsuite as Element[] | undefined) ?? []).map((s): JunitSuite => {
    const cases = ((s.testcase as Element[] | undefined) ?? []).map(toCase);
    const suite: JunitSuite = {
      name: s['@name'] as string,
      tests: Number(s['@tests']),
      failures: Number(s['@failures'] ?? 0),
      errors: Number(s['@errors'] ?? 0),
      skipped: Number(s['@skipped'] ?? 0),
      cases,
    };
    assert.equal(suite.tests, cases.length, `${suite.name}: tests`);
    assert.equal(suite.failures, cases.filter((c) => c.failure).length, `${suite.name}: failures`);
    assert.equal(suite.errors, cases.filter((c) => c.error).length, `${suite.name}: errors`);
    assert.equal(suite.skipped, cases.filter((c) => c.skipped).length, `${suite.name}: skipped`);
    return suite;
  });
  for (const key of ['tests', 'failures', 'errors', 'skipped'] as const) {
    const sum = suites.reduce((n, s) => n + s[key], 0);
    if (root[`@${key}`] !== undefined) assert.equal(Number(root[`@${key}`]), sum, `testsuites ${key}`);
  }
  return { name: root['@name'] as string | undefined, suites };
}

function check(name: string, el: Element): void {
  const spec = SCHEMA[name];
  assert.ok(spec, `no element <${name}> in the schema`);
  for (const key of Object.keys(el)) {
    if (key.startsWith('@')) {
      const attr = key.slice(1);
      assert.ok([...spec.required, ...spec.optional].includes(attr), `<${name}> has no attribute ${attr}`);
      if (COUNTS.includes(attr)) assert.match(String(el[key]), /^\d+$/, `<${name} ${attr}> is a whole number`);
      if (attr === 'time') assert.match(String(el[key]), /^\d+(\.\d+)?$/, `<${name} time> is a number`);
    } else if (key === '#text') {
      assert.ok(spec.text === true || String(el[key]).trim() === '', `<${name}> holds no text`);
    } else {
      assert.ok(spec.children.includes(key), `<${key}> is not allowed in <${name}>`);
      for (const child of el[key] as Element[]) check(key, typeof child === 'object' ? child : { '#text': child });
    }
  }
  for (const attr of spec.required) assert.ok(`@${attr}` in el, `<${name}> needs ${attr}`);
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
  for (const attr of ['classname', 'file', 'line'] as const) {
    if (el[`@${attr}`] !== undefined) c[attr] = el[`@${attr}`] as string;
  }
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
