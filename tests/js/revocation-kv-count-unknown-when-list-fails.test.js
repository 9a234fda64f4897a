// README (Signing out everywhere, cookie sessions): revokeUserSessions "resolves to how many sign-ins it ended ... null
// with a KV stand-in that cannot list, or when the list failed after the revocation was made". The revocation is
// made (the mark written, the cookie void); its count is unknown, and says so. Mutation pass (s45): resolving to 0
// then went unnoticed (tests/js/kept-device-revocation-fails-after-mark.test.js asks only that it does not throw).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { signIn } from '../helpers/sign-in.js';

it('revocation: { kv }: a revocation whose kv.list fails after the mark resolves to null, and revokes', async (t) => {
  const kv = mapKV();
  const storage = createCookieSessionStorage({ cookie: { secrets: ['kv-list-fails-count-secret-0123'], maxAge: 3600 }, userKey: 'userId', revocation: { kv } });
  const laptop = await signIn(storage, 'ada');
  kv.list = async () => {
    throw new Error('KV list failed: 503');
  };
  t.mock.method(console, 'error', () => {});
  assert.equal(await storage.revokeUserSessions('ada'), null);
  assert.equal((await storage.getSession(laptop)).get('userId'), undefined, 'revoked all the same');
});
