import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_PRETTY_DEPTH,
  chunkEnds,
  colourTokens,
  looksLikeJson,
  prettyJson,
} from '../../../client/src/panel/jsonFormat';
import { boundFor } from '../security/helpers';

void describe('response body formatting', () => {
  void it('re-indents without changing the tokens', () => {
    const src =
      '{"id":12345678901234567890123,"a":[1,2,{}],"b":{"c":"x\\"y\\u00e9","c":null},"e":[],"f":-1.5e+3,"t":true}';
    const pretty = prettyJson(src);
    assert.equal(
      pretty,
      [
        '{',
        '  "id": 12345678901234567890123,',
        '  "a": [',
        '    1,',
        '    2,',
        '    {}',
        '  ],',
        '  "b": {',
        '    "c": "x\\"y\\u00e9",',
        '    "c": null',
        '  },',
        '  "e": [],',
        '  "f": -1.5e+3,',
        '  "t": true',
        '}',
      ].join('\n'),
    );
    assert.equal(prettyJson('  "just a string" '), '"just a string"');
    assert.equal(prettyJson('[ ]'), '[]');
  });

  void it('refuses what is not exactly one JSON value', () => {
    for (const bad of [
      '',
      '{',
      '{"a":1,}',
      '{"a" 1}',
      '[1 2]',
      '{1:2}',
      "{'a':1}",
      '{"a":01}',
      '"\u0001"',
      '{} {}',
      '<html>',
      '{"a":tru}',
      '"\\x"',
    ]) {
      assert.equal(prettyJson(bad), undefined, bad);
    }
  });

  void it('gives up on deep nesting instead of recursing', () => {
    assert.equal(prettyJson('['.repeat(100_000) + ']'.repeat(100_000)), undefined);
    assert.ok(prettyJson('['.repeat(MAX_PRETTY_DEPTH) + ']'.repeat(MAX_PRETTY_DEPTH)) !== undefined);
  });

  // Not a speed test (speed lives in the bench): a CPU-time bound, as in the flood tests, that only a quadratic
  // step or a hang would exceed, whatever else the machine is doing.
  void it('formats a 10 MB body within a bound of CPU time', () => {
    const item = '{"name":"Attendee","email":"a@example.com","role":"attendee","id":123456}';
    const body = `[${Array.from({ length: 140_000 }, () => item).join(',')}]`;
    assert.ok(body.length > 10_000_000);
    const before = process.cpuUsage();
    const pretty = prettyJson(body);
    const spent = process.cpuUsage(before);
    assert.ok(pretty !== undefined && pretty.length > body.length);
    const ms = (spent.user + spent.system) / 1000;
    assert.ok(ms < boundFor(body), `formatting took ${Math.round(ms)} ms of CPU`);
  });

  void it('colours tokens that always join back to the input', () => {
    const text = prettyJson('{"k":"v","n":1,"b":false,"z":null,"s":"a:b"}') ?? '';
    const tokens = colourTokens(text);
    assert.equal(tokens.map((t) => t.text).join(''), text);
    const kinds = tokens.filter((t) => t.kind !== 'text' && t.kind !== 'punct').map((t) => `${t.kind}:${t.text}`);
    assert.deepEqual(kinds, [
      'key:"k"',
      'string:"v"',
      'key:"n"',
      'number:1',
      'key:"b"',
      'literal:false',
      'key:"z"',
      'literal:null',
      'key:"s"',
      'string:"a:b"',
    ]);
    const odd = '<img src=x onerror=alert(1)> "unterminated\n';
    assert.equal(
      colourTokens(odd)
        .map((t) => t.text)
        .join(''),
      odd,
    );
  });

  void it('cuts chunks at line ends', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n');
    const ends = chunkEnds(text, 100);
    assert.equal(ends[ends.length - 1], text.length);
    for (const e of ends.slice(0, -1)) assert.equal(text[e - 1], '\n');
    assert.deepEqual(chunkEnds('', 10), []);
    assert.deepEqual(chunkEnds('x'.repeat(25), 10), [10, 20, 25]);
  });

  void it('detects JSON bodies', () => {
    assert.ok(looksLikeJson('application/json; charset=utf-8', ''));
    assert.ok(looksLikeJson('application/problem+json', ''));
    assert.ok(looksLikeJson('', ' {"a":1}'));
    assert.ok(!looksLikeJson('text/html', '{"a":1}'));
  });
});
