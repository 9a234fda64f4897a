// README, Limits: with createSessionStorage, "one mark read per user per 5 s". The record of the ID the kept session
// left (`es:revoked:<SHA-256>:left`) matters only for a mark that excepts a session: a user never revoked, or
// revoked with no exception ("sign out of all devices"), costs one read of the mark per lookup, none of `:left`.
// Mutation pass (s45): loadMark reading `:left` whatever the mark went unnoticed (the tests counted the mark's
// own reads), a second read of the backend per user per 5 s.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { REVOCATION_CACHE_MS } from '../../js/user-sessions.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { handClock } from '../helpers/hand-clock.js';
import { signIn } from '../helpers/sign-in.js';

const clock = handClock();

it("a lookup of a mark that excepts nobody reads the mark alone, not the record of an ID left", async () => {
  const backend = mapBackend();
  const storage = createSessionStorage({ cookie: { secrets: ['s3cr3t'] }, ...callbacksOf(backend), userKey: 'userId' });
  const markReads = () => backend.reads.filter((id) => id.startsWith('es:revoked:'));

  const never = await signIn(storage, 'ada'); // ada has no mark
  clock.now += REVOCATION_CACHE_MS;
  let before = markReads().length;
  assert.equal((await storage.getSession(never)).get('userId'), 'ada');
  assert.deepEqual(markReads().slice(before).map((id) => id.replace(/[0-9a-f]{64}/, '<digest>')), ['es:revoked:<digest>'], 'no mark');

  await storage.revokeUserSessions('ada'); // every device: no exception
  clock.now += 1_000;
  const again = await signIn(storage, 'ada');
  clock.now += REVOCATION_CACHE_MS;
  before = markReads().length;
  assert.equal((await storage.getSession(again)).get('userId'), 'ada');
  assert.deepEqual(markReads().slice(before).map((id) => id.replace(/[0-9a-f]{64}/, '<digest>')), ['es:revoked:<digest>'], 'a mark without exception');
});
