// js/core-calls.js moves strings in and out of WASM memory by hand: a JS loop for
// short ASCII, TextEncoder/TextDecoder otherwise. Every branch, at the lengths
// where it switches (32 bytes out, 384 code units in), must give back exactly
// what went in, through a session and through a committed cookie.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createSession } from 'edge-session';
import { loadCore } from '../../js/loader.js';
import { cookiePair } from './support.js';

// One character of each UTF-8 width, and a surrogate pair (4 bytes).
const ALPHABETS = { ascii: 'a', twoBytes: 'é', threeBytes: '✓', pair: '🍪' };
// Around both thresholds, in code units and in bytes, and far past them.
const LENGTHS = [0, 1, 7, 8, 10, 11, 15, 16, 30, 31, 32, 33, 42, 43, 63, 64, 127, 128, 129, 383, 384, 385, 1000, 5000];

/** `length` UTF-16 code units of `unit` (a pair counts 2), ending in ASCII when it would split a pair. */
function textOf(unit, length) {
  let text = unit.repeat(Math.floor(length / unit.length));
  while (text.length < length) text += 'z';
  return text;
}

const cases = Object.entries(ALPHABETS).flatMap(([name, unit]) =>
  LENGTHS.map((length) => ({ name: `${name} x ${length}`, text: textOf(unit, length) })),
);

describe('strings across the WASM boundary (js/core-calls.js)', () => {
  it('a value of every width and length comes back exactly, before and after a commit', async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
    for (const { name, text } of cases) {
      if (text.length > 1000) continue; // a cookie holds 4 KB; the long ones are checked below
      const session = await storage.getSession(null);
      session.set('v', text);
      assert.equal(session.get('v'), text, `${name}: get`);
      const header = cookiePair(await storage.commitSession(session));
      assert.equal(session.get('v'), text, `${name}: get after commit (from the snapshot)`);
      const read = await storage.getSession(header);
      assert.equal(read.get('v'), text, `${name}: read from the cookie`);
      read.dispose();
      session.dispose();
    }
  });

  it('a key of every width and length is found again and listed in data', async () => {
    for (const { name, text } of cases) {
      if (text.length > 1023) continue; // keys stop at 1024 units (README, Limits)
      const key = `k${text}`; // never empty
      const session = await createSession();
      session.set(key, 1);
      assert.equal(session.has(key), true, `${name}: has`);
      assert.equal(session.get(key), 1, `${name}: get`);
      assert.deepEqual(Object.keys(session.data), [key], `${name}: data`);
      session.dispose();
    }
  });

  // The loops copy a UTF-16 unit as a byte up to 0x7f; U+0080 is the first that UTF-8 writes as two bytes (C2 80).
  // Regression (mutation pass): a bound of 0x80 copied it as the lone byte 0x80, and no test noticed.
  it('U+007F and U+0080, either side of the loops\' ASCII bound, come back exactly as keys, values and in a cookie', async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
    for (const text of ['\u0080', '\u007f', 'a\u0080', '\u0080\u007f\u0080', '\u007f'.repeat(40), '\u0080'.repeat(40)]) {
      const session = await storage.getSession(null);
      session.set(`k${text}`, text);
      assert.equal(session.get(`k${text}`), text, `${JSON.stringify(text)}: get`);
      assert.deepEqual(Object.keys(session.data), [`k${text}`], `${JSON.stringify(text)}: key in data`);
      const read = await storage.getSession(cookiePair(await storage.commitSession(session)));
      assert.equal(read.get(`k${text}`), text, `${JSON.stringify(text)}: read from the cookie`);
      read.dispose();
      session.dispose();
    }
  });

  it('long values and mixed text round-trip through a session', async () => {
    const mixed = 'a'.repeat(100) + 'é✓🍪' + 'b'.repeat(40) + '\u0000\u001f"\\' + '🍪'.repeat(20);
    // Up to the value limit: 128 KiB of JSON text (a pair is 4 bytes).
    for (const text of [mixed, mixed.repeat(100), textOf('🍪', 30_000)]) {
      const session = await createSession();
      session.set('v', text);
      session.flash('f', text);
      assert.equal(session.get('v'), text);
      assert.equal(session.data.__flash_f__, text);
      session.dispose();
    }
  });
});

// The bound js/core-calls.js puts on every input where it enters WebAssembly memory, whatever its caller checked
// before (issue 10.4: one 10 MB value once grew an isolate's memory to 69 MB): a session's 512 KiB and room for an
// ID, 512 KiB + 1024 UTF-16 units. A refusal is one of our errors, which leaves the instance sound. Regressions
// (mutation pass): the bound doubled, and every refusal taken for a broken instance, were noticed by no test.
describe('an input past what one core call may pass', () => {
  it('is refused before it is copied in: VALUE_TOO_LARGE, memory not grown, the instance still sound', async () => {
    const core = await loadCore();
    const memory = core.module.HEAPU8.buffer.byteLength;
    const over = 'x'.repeat(512 * 1024 + 1024 + 1);
    assert.throws(() => core.restoreSession(over), { name: 'SessionDataError', code: 'VALUE_TOO_LARGE' });
    assert.equal(core.module.HEAPU8.buffer.byteLength, memory, 'WebAssembly memory did not grow');
    assert.equal(core.isBroken(), false, 'a refusal leaves the instance sound');
    const session = await createSession({ a: 1 });
    assert.equal(session.get('a'), 1);
    session.dispose();
  });
});
