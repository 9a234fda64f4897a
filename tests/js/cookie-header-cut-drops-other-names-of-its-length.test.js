// README, Security model: "of a Cookie header over 64 KiB (other apps' cookies of the host crowding it) only the
// session's own cookies are read": the cookie's name and its chunks, `name.1` ... `name.15`. Another app's cookies
// whose names merely have the session name's length and end as a chunk's do (`prefs0000.1` beside `__session`), or
// differ from it in case only (`__SESSION.1`: names are case-sensitive, RFC 6265 5.4), are none of them: a crowd of
// those must not fill the 64 KiB and sign the user out.
// Mutation pass (s50): isChunkOf without its startsWith(base) went unnoticed; 17 such cookies of 4000 bytes made
// the cut '' and the session read as none.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';

const cookie = { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'], httpOnly: true, secure: true, maxAge: 3600 };

for (const name of ['prefs0000.1', '__SESSION.2', '__sessioN.15']) {
  it(`17 cookies of 4000 bytes named ${name} in a header past 64 KiB leave the session read`, async () => {
    const storage = createCookieSessionStorage({ cookie });
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    const own = (await storage.commitSession(session)).split(';')[0];
    const crowd = Array.from({ length: 17 }, () => `${name}=${'v'.repeat(4000)}`).join('; ');
    assert.equal((await storage.getSession(`${crowd}; ${own}`)).get('userId'), 'ada');
    assert.equal((await storage.getSession(`${own}; ${crowd}`)).get('userId'), 'ada');
  });
}
