// Mutation pass (s44): a cookie session is checked against its user's revocation mark with no ID ('': user-sessions.js
// isRevoked), the one a mark keeps being named by a sign-in, never by ''. Comparing that '' with the mark's exceptId
// like any ID went unnoticed, since no mark this package writes excepts '': a mark in the KV excepting '' (written by
// hand, or by another program over the namespace) then kept every cookie of the user signed in.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { handClock } from '../helpers/hand-clock.js';
import { signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();

it('a KV mark excepting the ID "" voids the cookie sessions signed in before it (revocation: { kv })', async () => {
  const start = clock.newDay();
  const kv = mapKV();
  const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } });
  await storage.revokeUserSessions('ada'); // the mark's key
  const key = (await kv.list()).keys.map((entry) => entry.name).find((name) => name.includes('revoked:'));
  clock.now = start + 3_600_000; // past the isolate's cache of that mark
  const laptop = await signIn(storage, 'ada');
  await kv.put(key, JSON.stringify({ at: clock.now + 1, exceptId: '' }));
  clock.now += 3_600_000;
  assert.equal((await storage.getSession(laptop)).get('userId'), undefined);
});
