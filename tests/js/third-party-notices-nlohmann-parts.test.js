// THIRD_PARTY_NOTICES.md names what the .wasm contains. nlohmann/json's serializer (the core's dump(), src/json.h)
// carries two pieces under their own authors' MIT copyright, which json.hpp's SPDX headers and nlohmann's README
// name: Björn Hoehrmann's UTF-8 decoder (its DFA table) and Florian Loitsch's Grisu2 (its table of cached powers of
// ten). Both tables are in dist/edge_session.wasm, so their copyright notices must travel with it (MIT's one
// condition). Regression (adversarial pass on eb80b37): the notices named Niels Lohmann only.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const wasm = readFileSync(new URL('../../dist/edge_session.wasm', import.meta.url));
const notices = readFileSync(new URL('../../THIRD_PARTY_NOTICES.md', import.meta.url), 'utf8');
const u64le = (hex) => Buffer.from(hex, 'hex').reverse();

it('Hoehrmann\'s UTF-8 decoder is compiled in, and the notices carry his copyright', () => {
  // utf8d[], bytes 0xC0-0xFF's classes (nlohmann/detail/output/serializer.hpp decode()).
  const classes = Buffer.from([8, 8, ...Array(30).fill(2), 0xa, ...Array(12).fill(3), 4, 3, 3, 0xb, 6, 6, 6, 5, ...Array(11).fill(8)]);
  assert.notEqual(wasm.indexOf(classes), -1, 'the decoder\'s table is in the .wasm');
  assert.match(notices, /Copyright \(c\) 2008-2009 Bj(ö|oe)rn Hoehrmann/);
});

it('Loitsch\'s Grisu2 is compiled in, and the notices carry his copyright', () => {
  // kCachedPowers[0].f (nlohmann/detail/conversions/to_chars.hpp get_cached_power_for_binary_exponent()).
  assert.notEqual(wasm.indexOf(u64le('AB70FE17C79AC6CA')), -1, 'Grisu2\'s cached powers are in the .wasm');
  assert.match(notices, /Copyright \(c\) 2009 Florian Loitsch/);
});
