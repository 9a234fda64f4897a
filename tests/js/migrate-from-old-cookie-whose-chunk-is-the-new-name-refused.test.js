// README, Cookie format: migrateFrom's "old cookie must have another name", and the migration "writes `__session`
// and expires `__old`" (with the old cookie's chunks, `__old.1`..., which an edge-session storage with `chunks` may
// have written), one Set-Cookie per cookie name. The name of one of the old cookie's chunks is no other name: a
// storage renamed from `sess` to `sess.1` (a numbered new version) took its own cookie for the old one's chunk, so
// its first write after the migration sent `sess.1` twice, the new session then its expiry, and the browser, keeping
// the last, was signed out; and a chunked old cookie's `sess.1` would be read as the new one. Refused when the
// storage is made, as an old cookie named like one of the new cookie's chunks is.
// Regression (s51 sealed and chunks scenario pass).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCookieSessionStorage, CookieOptionError } from 'edge-session';

const secrets = ['s'.repeat(32)];
const migratingTo = (name, oldName) =>
  createCookieSessionStorage({ cookie: { name, secrets }, migrateFrom: { cookie: { name: oldName, secrets }, format: 'react-router' } });

describe('migrateFrom naming a cookie whose chunks\' names include the storage\'s own', () => {
  for (const [name, oldName] of [
    ['sess.1', 'sess'],
    ['sess.15', 'sess'],
    ['a.b.2', 'a.b'],
  ]) {
    it(`is refused: "${oldName}" to "${name}"`, () => {
      assert.throws(
        () => migratingTo(name, oldName),
        (error) => error instanceof CookieOptionError && error.code === 'INVALID_OPTIONS' && error.message.includes(`"${oldName}"`) && error.message.includes(`"${name}"`),
      );
    });
  }

  // Mutation pass (s51): isChunkName without the dot (a name, any character, digits) went unnoticed: "sess_1" from
  // "sess" and the reverse, a numbered version of the name, were refused.
  it('names that only look alike are taken: "sess.v2" from "sess", "sess1" from "sess", "sess" from "sess.x", "sess_1" from "sess", "sess" from "sess-2"', () => {
    for (const [name, oldName] of [['sess.v2', 'sess'], ['sess1', 'sess'], ['sess', 'sess.x'], ['sess_1', 'sess'], ['sess', 'sess-2']]) migratingTo(name, oldName);
  });
});
