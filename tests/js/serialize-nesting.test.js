// createCookie().serialize refuses what its own parse could not read back, with the typed error set() gives.
// Regression (audit of issue 10.2): serialize bounded no nesting. A value nested past the 64 levels parse reads
// (root included) was written, and the same cookie's parse gave null for it (signed, unsigned and sealed); one
// nested past JSON.stringify's stack escaped as a bare RangeError. set() and createSession turn both into
// SessionDataError INVALID_VALUE, and so does serialize now: the depth refused by the core's writeValue, with the
// same bound as the read, and the RangeError caught in JS (it never reaches WebAssembly).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createSession, SessionDataError } from 'edge-session';
import { cookiePair } from './support.js';

const nested = (depth, inner = 1) => {
  let value = inner;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};
const isInvalidValue = (error) => error instanceof SessionDataError && error.code === 'INVALID_VALUE';

const OPTIONS = {
  signed: { secrets: ['s3cr3t'] },
  unsigned: {},
  sealed: { secrets: ['s3cr3t'], encrypt: true },
};

for (const [name, options] of Object.entries(OPTIONS)) {
  describe(`createCookie().serialize, ${name}`, () => {
    it('writes a value nested 64 levels (root included) and parse reads it back', async () => {
      const prefs = createCookie('prefs', options);
      for (const value of [nested(64), { a: nested(63) }]) {
        assert.deepEqual(await prefs.parse(cookiePair(await prefs.serialize(value))), value);
      }
    });

    it('refuses a value nested 65 to 2000 levels with SessionDataError INVALID_VALUE, as set() does', async () => {
      const prefs = createCookie('prefs', options);
      for (const value of [nested(65), { a: nested(64) }, nested(100), nested(1000), nested(2000)]) {
        await assert.rejects(prefs.serialize(value), isInvalidValue);
      }
      // Brackets inside strings are no nesting.
      const text = '['.repeat(1000);
      assert.equal(await prefs.parse(cookiePair(await prefs.serialize({ text }))).then((value) => value.text), text);
    });

    it('refuses a value nested past the JS stack with SessionDataError INVALID_VALUE, and the core still works', async () => {
      const prefs = createCookie('prefs', options);
      await assert.rejects(prefs.serialize(nested(100_000)), isInvalidValue);
      const cycle = {};
      cycle.self = cycle;
      await assert.rejects(prefs.serialize(cycle), isInvalidValue);
      await assert.rejects(prefs.serialize({ n: 1n }), isInvalidValue);
      assert.deepEqual(await prefs.parse(cookiePair(await prefs.serialize({ ok: true }))), { ok: true });
    });
  });
}

it('set() and createSession refuse the same values with the same error', async () => {
  const session = await createSession();
  assert.throws(() => session.set('deep', nested(100)), isInvalidValue);
  assert.throws(() => session.set('deep', nested(100_000)), isInvalidValue);
  await assert.rejects(createSession({ deep: nested(100_000) }), isInvalidValue);
  session.dispose();
});
