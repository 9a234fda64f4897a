// README, Limits: "of a Cookie header over 64 KiB only the cookie's own pairs are read (at most 64 KiB of them)", and
// its own are `name` and the chunks a storage writes, `name.1` ... `name.15` (`chunks` is 1 to 16). Another app's
// cookies named `__session.16` (one past the last chunk) or `__session.1x` (a chunk's name with more after it) are
// none of them: a crowd of those, one name under many paths, must not fill the 64 KiB and sign the user out.
// Mutation pass (s47): the chunk suffix taken up to `.19`, or without its end anchor, each went unnoticed; 17 such
// cookies of 4000 bytes made the cut '' and the session read as none.
// Nor are names that merely have the session name's length and end as a chunk's do (`prefs0000.1`), or differ from
// it in case only (`__SESSION.2`: names are case-sensitive, RFC 6265 5.4). Mutation pass (s50): isChunkOf without
// its startsWith(base) went unnoticed, with the same outcome.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';

const cookie = { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'], httpOnly: true, secure: true, maxAge: 3600 };

for (const name of ['__session.16', '__session.19', '__session.1x', '__session.15b', 'prefs0000.1', '__SESSION.2', '__sessioN.15']) {
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
