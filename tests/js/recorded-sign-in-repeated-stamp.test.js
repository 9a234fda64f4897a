// A cookie from before userKey (a user, times, no sign-in time) is recorded as signed in when it began, at a stamp no
// other sign-in given lately in this isolate has (recordedSignInBy: `taken`, the last 1000 stamps nextStamp gave).
// With per-user stamps (e35a6c6) one value is given again to another user (ada's first stamp in a millisecond another
// user was stamped in before); givenStamps is a Set, so the value keeps its first place and is forgotten as that
// first give ages out, not ada's: right after ada's sign-in, her session from before userKey begun in that millisecond
// is recorded under her sign-in's own stamp, one record for two sign-ins, and "sign out everywhere" counts 1 of 2.
// With one count per isolate (122db31) no value was given twice. README: only a stamp "more than 1000 stamps earlier".
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { handClock } from '../helpers/hand-clock.js';
import { pairOf, signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 }; // maxAge: the old cookies have times
const clock = handClock();

/** ada's cookie written now by the app before userKey; then read and written again by the storage with it. */
async function oldCookieWrittenAgain(storage) {
  const before = createCookieSessionStorage({ cookie });
  const session = await before.getSession(null);
  session.set('userId', 'ada');
  const read = await storage.getSession(pairOf(await before.commitSession(session)));
  assert.equal(read.get('userId'), 'ada');
  read.set('seen', true);
  return pairOf(await storage.commitSession(read)); // records its sign-in
}

describe('a session from before userKey, recorded right after a sign-in of its user', () => {
  it('the clock steps back 1 s after 1000 sign-ins 1 ms apart: ada\'s two sessions are two records', async () => {
    const base = clock.newDay();
    const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } });
    const others = createCookieSessionStorage({ cookie, userKey: 'userId' }); // stamps the same isolate's way, no KV
    for (let i = 0; i < 1000; i++) {
      clock.now = base + i;
      await signIn(others, 'zed'); // one user: the map of users stamped stays small (no floor moved)
    }
    clock.now = base; // NTP steps the clock back
    await signIn(storage, 'ada'); // stamped `base`, a value zed was given 1000 stamps ago
    await signIn(others, 'zed'); // one more stamp: the value `base` leaves givenStamps
    await oldCookieWrittenAgain(storage); // begun at `base`: recorded at `base`, as ada's sign-in
    assert.equal(await storage.revokeUserSessions('ada'), 2, 'two sign-ins of ada, one record');
  });

  it('the same within one millisecond (a user\'s own burst of 1000 stamps)', async () => {
    const base = clock.newDay();
    const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } });
    const others = createCookieSessionStorage({ cookie, userKey: 'userId' });
    for (let i = 0; i < 1000; i++) await signIn(others, 'zed'); // zed's stamps: base .. base + 999
    await signIn(storage, 'ada'); // ada's first in this ms: `base`
    await signIn(others, 'zed');
    await oldCookieWrittenAgain(storage);
    assert.equal(await storage.revokeUserSessions('ada'), 2, 'two sign-ins of ada, one record');
  });

  it('the control: without the 1000 stamps before', async () => {
    const base = clock.newDay();
    const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } });
    const others = createCookieSessionStorage({ cookie, userKey: 'userId' });
    await signIn(others, 'zed');
    await signIn(storage, 'ada');
    await signIn(others, 'zed');
    await oldCookieWrittenAgain(storage);
    assert.equal(await storage.revokeUserSessions('ada'), 2);
  });
});
