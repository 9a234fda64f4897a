// README (Workers KV): "a key there whose suffix is no session ID, a hand edit's or another app's, is none of the
// user's sessions"; the cookie storage's `revocation: { kv }` reads its sign-in keys alike: a key under a user's
// `sign-in:<SHA-256>:` prefix whose suffix is no stamp is no sign-in, neither counted nor one of the 100 kept
// counted. Mutation pass (s45): the filter of such keys dropped went unnoticed; the key then took a place among the
// 100, the first real sign-in was no longer counted, and the revocation counted 99.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { userDigest } from '../../js/user-sessions.js';
import { mapKV } from './map-kv.js';
import { signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['kv-sign-in-no-stamp-secret-0123'], maxAge: 3600 };

it('revocation: { kv }: a key under the sign-in prefix whose suffix is no stamp takes no place among the 100 counted', async () => {
  const kv = mapKV();
  const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } });
  await signIn(storage, 'ada');
  await kv.put(`edge-session:sign-in:${await userDigest('ada')}:a-note`, 'hand edit');
  for (let i = 1; i < 100; i++) await signIn(storage, 'ada');
  assert.equal(await storage.revokeUserSessions('ada'), 100);
});
