// The example's escapeHtml (worker-example/src/escape-html.js), which every user value on its page goes through:
// what it promises is text safe in element content and in double- or single-quoted attribute values, so each of
// & < > " ' becomes its entity, every other character stays as typed (no double escaping of an entity already
// typed), and a value that is not a string is stringified first. Mutation pass (s48): the ' left out went unnoticed
// (every attribute of the page is double-quoted today; a single-quoted one tomorrow would be open), as did a value
// that is not a string passed through unescaped.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml } from '../../worker-example/src/escape-html.js';

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

it('each of & < > " \' becomes its entity, every time it occurs', () => {
  for (const [char, entity] of Object.entries(ENTITIES)) {
    assert.equal(escapeHtml(char), entity, char);
    assert.equal(escapeHtml(`a${char}b${char}${char}`), `a${entity}b${entity}${entity}`, `${char} thrice`);
  }
  assert.equal(escapeHtml(`"'><img src=x onerror=alert(1)>`), '&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;');
});

it('every other character is left as typed: ASCII, controls, entities already typed, non-ASCII', () => {
  const others = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code)).filter((char) => !(char in ENTITIES));
  for (const char of [...others, '\u00a0', '\u2028', '\u202e', '\ufeff', 'é', '㯾', '🙂', '🇫🇷', '\ud800']) assert.equal(escapeHtml(char), char, JSON.stringify(char));
  assert.equal(escapeHtml('&amp;lt;'), '&amp;amp;lt;', 'an entity typed is shown as typed, not read');
});

it('a value that is not a string is stringified, then escaped', () => {
  assert.equal(escapeHtml(42), '42');
  assert.equal(escapeHtml(null), 'null');
  assert.equal(escapeHtml(undefined), 'undefined');
  assert.equal(escapeHtml(['<a>', "'b'"]), '&lt;a&gt;,&#39;b&#39;');
  assert.equal(escapeHtml({ toString: () => '"x"' }), '&quot;x&quot;');
});
