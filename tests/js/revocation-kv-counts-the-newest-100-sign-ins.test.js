// revocation.js: a user's recorded sign-ins are bounded, "beyond MAX_USER_SESSIONS the oldest sign-ins are no longer
// counted (their sessions live on)"; README (Limits): at most 100 per user, the least recently seen ending beyond.
// So after 101 sign-ins the first is the one no longer counted: its logout takes nothing off, and a revocation
// counts the 100 others. Mutation pass (s45): evicting the newest instead (the sort reversed), or one more than
// past the 100, went unnoticed; revokeUserSessions then counted 99.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['kv-newest-100-sign-ins-secret-0123'], maxAge: 3600 };

it('revocation: { kv } keeps the newest 100 sign-ins counted: the first of 101 logs out, the revocation counts 100', async () => {
  const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } });
  const devices = [];
  for (let i = 0; i < 101; i++) devices.push(await signIn(storage, 'ada'));
  await storage.destroySession(await storage.getSession(devices[0]));
  assert.equal(await storage.revokeUserSessions('ada'), 100);
});
