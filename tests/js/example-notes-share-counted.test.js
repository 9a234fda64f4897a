// The example's notes limit (worker-example/src/form-input.js): cookieShareOf counts what base64 and percent-encoding
// make of the notes instead of building those strings. Regression (pentest pass): built a byte at a time, 15 times
// in notesWithinLimit's binary search, 20,000 "㯾" took ~40 ms of CPU in workerd, over a Free plan request's 10 ms.
// Differential: the count equals the strings' length (the code before) for every alignment and every kind of text.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { cookieShareOf, notesWithinLimit } from '../../worker-example/src/form-input.js';

const encoder = new TextEncoder();
/** The code before: the three alignments' strings, built. */
function builtShareOf(notes) {
  let binary = '';
  for (const byte of encoder.encode(JSON.stringify(notes))) binary += String.fromCharCode(byte);
  return Math.max(...['', ' ', '  '].map((lead) => encodeURIComponent(btoa(lead + binary)).length));
}
function builtWithinLimit(notes, limit = 12_100) {
  const fits = (length) => builtShareOf(notes.slice(0, length)) <= limit;
  if (fits(notes.length)) return notes;
  let [low, high] = [0, notes.length];
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (fits(middle)) low = middle;
    else high = middle;
  }
  const code = notes.charCodeAt(low - 1);
  return notes.slice(0, code >= 0xd800 && code < 0xdc00 ? low - 1 : low);
}

const PIECES = ['a', 'Z', '0', ' ', '\n', '\r\n', '"', '\\', '\u0001', '\u007f', 'é', 'ß', '€', '㯾', 'ﾃ', '\uffff', '👍', '👍🏽', '🇫🇷', '\ud800', '\udfff', '+', '/', '=', '%'];
let seed = 7;
const random = (n) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
const text = (length) => Array.from({ length }, () => PIECES[random(PIECES.length)]).join('');

it("cookieShareOf equals the built strings' length, for every length mod 3 and every kind of character", () => {
  for (let length = 0; length < 300; length++) {
    const notes = text(length);
    assert.equal(cookieShareOf(notes), builtShareOf(notes), JSON.stringify(notes));
  }
  for (const piece of PIECES) for (let n = 1; n <= 7; n++) assert.equal(cookieShareOf(piece.repeat(n)), builtShareOf(piece.repeat(n)), `${JSON.stringify(piece)} x ${n}`);
  for (let byte = 0; byte < 256; byte++) {
    const notes = String.fromCharCode(byte).repeat(1 + (byte % 5));
    assert.equal(cookieShareOf(notes), builtShareOf(notes), `byte ${byte}`);
  }
});

it('notesWithinLimit keeps what the built strings kept, at the limit', () => {
  for (const notes of [text(9_500), text(20_000), '㯾'.repeat(20_000), 'ﾃ'.repeat(10_000), 'a'.repeat(20_000), '👍🏽'.repeat(3_000)]) {
    assert.equal(notesWithinLimit(notes), builtWithinLimit(notes));
  }
});
