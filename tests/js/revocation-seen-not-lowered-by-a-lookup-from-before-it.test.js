// README Workers KV: every read of a session with a user is checked against the user's mark, "looked up once per 5 s
// per isolate"; a revocation made in another isolate holds here "once it has looked the revocation up". So once this
// isolate has read the mark, a lookup that left before the revocation and answers after it (KV answering slowly)
// does not put the older mark back in the cache: the revoked phone (its record written back by a racing commit from
// another location, README Workers KV: "the mark decides") stays signed out, the kept laptop signed in.
// Mutation pass (s51): user-sessions.js lookedUp caching the mark it looked up whatever the cache knew went unnoticed
// (revocation-lookup-in-flight's revocation is made in the same isolate, whose own marks hide it): for 5 s, the
// revoked phone read as signed in again.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createWorkersKVSessionStorage } from 'edge-session';
import { heldMarkKV } from './held-mark-kv.js';
import { mapKV } from './map-kv.js';
import { handClock } from '../helpers/hand-clock.js';
import { signIn } from '../helpers/sign-in.js';

const clock = handClock();

it('a mark looked up before another isolate\'s revocation, answering after this isolate read it, is not cached', async () => {
  clock.newDay();
  const kv = mapKV();
  const options = { cookie: { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 }, userKey: 'userId' };
  const here = heldMarkKV(kv);
  const storage = createWorkersKVSessionStorage({ ...options, kv: here.kv });
  const elsewhere = createWorkersKVSessionStorage({ ...options, kv: { ...here.kv } }); // another isolate's binding
  const laptop = await signIn(storage, 'ada');
  const phone = await signIn(storage, 'ada');
  const laptopId = (await storage.getSession(laptop)).id;
  const phoneKey = `session:${(await storage.getSession(phone)).id}`;
  const phoneRecord = await kv.get(phoneKey); // as another location still holds it
  clock.now += 6_000; // past the 5 s this isolate trusts the mark it looked up at the sign-ins

  here.holding = true;
  const slowRead = storage.getSession(phone); // its lookup reads "no mark", and answers late
  await here.entered;
  here.holding = false;
  clock.now += 1;
  assert.equal(await elsewhere.revokeUserSessions('ada', { except: laptopId }), 1); // "sign out my other devices"
  await kv.put(phoneKey, phoneRecord); // a racing commit from another location writes it back: the mark decides
  assert.equal((await storage.getSession(phone)).get('userId'), undefined, 'this isolate has looked the revocation up');
  here.release();
  await slowRead;

  assert.equal((await storage.getSession(phone)).get('userId'), undefined, 'the revoked phone is signed in again');
  assert.equal((await storage.getSession(laptop)).get('userId'), 'ada', 'the kept laptop is signed in');
});
