// README, withSession: "A commit's or serialize's own options may repeat the cookie's secrets, name and encrypt (one
// options object passed everywhere) but not change them: a different one is a CookieOptionError". A name in them is
// the cookie's or refused: a commit given another name would be written under the cookie's own, where the app
// thinks it wrote another cookie (a logout of `__old` by hand that expired the session's cookie instead).
// Mutation pass (s50): refuseOtherCookie taking any name for the cookie's went unnoticed; commitSession,
// destroySession and serialize given another name wrote the cookie's own without a word.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createCookieSessionStorage, createMemorySessionStorage, CookieOptionError } from 'edge-session';

const secrets = ['commit-options-name-refused'.padEnd(32, '!')];
const refused = (error) => error instanceof CookieOptionError && error.code === 'INVALID_OPTIONS' && /Cookie option name differs/.test(error.message);

it("serialize given another cookie's name is refused; given its own, written", async () => {
  const cookie = createCookie('c', { secrets });
  await assert.rejects(cookie.serialize('v', { name: 'other' }), refused);
  assert.match(await cookie.serialize('v', { name: 'c' }), /^c=/);
});

for (const make of [createCookieSessionStorage, createMemorySessionStorage]) {
  it(`${make.name}: commitSession and destroySession given another cookie's name are refused; given its own, written`, async () => {
    const storage = make({ cookie: { name: 'c', secrets } });
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    await assert.rejects(storage.commitSession(session, { name: '__old' }), refused);
    const header = await storage.commitSession(session, { name: 'c' });
    assert.match(header, /^c=/);
    const read = await storage.getSession(header.split(';')[0]);
    await assert.rejects(storage.destroySession(read, { name: '__old' }), refused);
    assert.match(await storage.destroySession(read, { name: 'c' }), /^c=; Max-Age=0/);
  });
}
