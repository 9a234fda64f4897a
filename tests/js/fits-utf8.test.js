// fitsUtf8 (js/internal.js), the check that keeps text over a session's limits out of WASM memory, counts UTF-8
// bytes as the core will (a lone surrogate becomes U+FFFD, 3 bytes). It encodes a chunk at a time: a surrogate pair
// at a chunk's edge must count 4 bytes, not two replacement characters' 6. Checked against Buffer.byteLength.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fitsUtf8 } from '../../js/internal.js';

const CHUNK = 8192; // UTF8_CHUNK_UNITS
const utf8Bytes = (text) => Buffer.byteLength(text, 'utf8');

/** Asserts that text fits a limit of exactly its byte count, and not one byte less. */
function assertCountedExactly(text) {
  const bytes = utf8Bytes(text);
  assert.ok(text.length * 3 > bytes, 'the text must be in the range that is counted');
  assert.equal(fitsUtf8(text, bytes), true, `${text.length} units, ${bytes} bytes: fits its own size`);
  assert.equal(fitsUtf8(text, bytes - 1), false, `${text.length} units, ${bytes} bytes: not one byte less`);
}

describe('fitsUtf8 counts UTF-8 bytes as the core does', () => {
  it('a surrogate pair across a chunk\'s edge counts 4 bytes, not 6; regression guard for the chunked count', () => {
    for (const before of [CHUNK - 2, CHUNK - 1, CHUNK, 2 * CHUNK - 1]) {
      assertCountedExactly(`${'a'.repeat(before)}😀${'b'.repeat(CHUNK)}`);
    }
  });

  it('a lone surrogate counts 3 bytes (U+FFFD), at a chunk\'s edge too', () => {
    assertCountedExactly(`${'a'.repeat(CHUNK - 1)}\ud800${'b'.repeat(CHUNK)}`);
    assertCountedExactly(`${'a'.repeat(CHUNK - 1)}\udc00${'b'.repeat(CHUNK)}`);
    assertCountedExactly(`${'a'.repeat(CHUNK)}\ud800`);
    assertCountedExactly(`\udc00\ud800${'a'.repeat(3 * CHUNK)}`);
  });

  it('agrees with Buffer.byteLength on 300 random texts of every width of character', () => {
    const pieces = ['a', '~', 'é', 'ß', '漢', '€', '😀', '\ud800', '\udfff', '\u0000', '\u07ff', '\u0800', '\uffff'];
    for (let round = 0; round < 300; round++) {
      const length = 1 + Math.floor(Math.random() * 5 * CHUNK);
      let text = '';
      while (text.length < length) text += pieces[Math.floor(Math.random() * pieces.length)].repeat(1 + Math.floor(Math.random() * 50));
      const bytes = utf8Bytes(text);
      for (const limit of [bytes - 1, bytes, bytes + 1, Math.ceil(text.length / 3), text.length]) {
        if (limit < 0) continue;
        assert.equal(fitsUtf8(text, limit), bytes <= limit, `${text.length} units, ${bytes} bytes, limit ${limit}`);
      }
    }
  });

  it('text of more units than the limit never fits, and of a third of it always does, unscanned', () => {
    assert.equal(fitsUtf8('a'.repeat(11), 10), false);
    assert.equal(fitsUtf8('😀'.repeat(5), 30), true);
    assert.equal(fitsUtf8('', 0), true);
  });
});
