// README (Signing out everywhere): "A sign-in is counted until its user signs out, a revocation ends it, or its
// session can no longer be alive (absoluteTimeout ...)". The core ends a session at its end's very millisecond
// (now >= expires, src/session_times.cpp), and the sign-in's KV key carries that end in its metadata
// (js/kv-keys.js keyIsExpired). Mutation pass (s47): a key read as live at its end's millisecond went unnoticed;
// a revocation then counted a session that could no longer be alive.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { handClock } from '../helpers/hand-clock.js';
import { signIn } from '../helpers/sign-in.js';
import { mapKV } from './map-kv.js';

const clock = handClock();
const ABSOLUTE_TIMEOUT_S = 3600;

it('revocation: { kv } counts a sign-in until the millisecond before its absoluteTimeout, not at it', async () => {
  const storage = createCookieSessionStorage({
    cookie: { name: '__session', secrets: ['kv-sign-in-end-secret-of-32-characters'] },
    userKey: 'userId',
    absoluteTimeout: ABSOLUTE_TIMEOUT_S,
    revocation: { kv: mapKV() },
  });
  const start = clock.now;
  await signIn(storage, 'ada');
  await signIn(storage, 'bob');
  clock.now = start + ABSOLUTE_TIMEOUT_S * 1000 - 1;
  assert.equal(await storage.revokeUserSessions('ada'), 1, 'alive for one more millisecond');
  clock.now = start + ABSOLUTE_TIMEOUT_S * 1000;
  assert.equal(await storage.revokeUserSessions('bob'), 0, 'ended at its absoluteTimeout');
});
