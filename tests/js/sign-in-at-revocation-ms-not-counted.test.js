// Mutation pass (s43): the cookie storage's revocation (revocation: { kv }) voids the sign-ins stamped before its
// time, `at` (user-sessions.js isRevoked: signedIn < at), and counts and forgets the records of exactly those. A sign-in
// another isolate stamped in the revocation's very millisecond is not void: it must stay recorded, uncounted, for
// the next revocation to count. Counted with `<=`, the revocation said it ended a session that lives on, the record
// was dropped, and the next revocation, which does end it, said 0; no test noticed.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';

const pairOf = (setCookie) => setCookie.split(';')[0];

/** mapKV where another isolate records a sign-in of the user stamped at the revocation's time, right as its mark is written. */
function kvWithSignInAtMarkTime() {
  const kv = mapKV();
  const put = kv.put.bind(kv);
  kv.put = async (key, value, options) => {
    await put(key, value, options);
    const mark = /^(.*)revoked:([0-9a-f]{64})$/.exec(key);
    if (mark) await put(`${mark[1]}sign-in:${mark[2]}:${JSON.parse(value).at}`, '', {});
  };
  return kv;
}

it("a sign-in another isolate stamped in a revocation's very millisecond is not counted as ended; the next revocation counts it", async () => {
  const storage = createCookieSessionStorage({ cookie: { secrets: ['same-ms'], maxAge: 3600 }, userKey: 'userId', revocation: { kv: kvWithSignInAtMarkTime() } });
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  const before = pairOf(await storage.commitSession(session));
  assert.equal(await storage.revokeUserSessions('ada'), 1, 'the sign-in before it only');
  assert.equal((await storage.getSession(before)).get('userId'), undefined);
  assert.equal(await storage.revokeUserSessions('ada'), 1, "the other isolate's sign-in, ended now");
});
