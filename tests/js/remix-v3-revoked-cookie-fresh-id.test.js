// README (Signing out everywhere, cookie sessions): a cookie signed in before its user's revocation "reads as a fresh
// session"; in Remix v3's format a fresh session carries an ID at once, as Remix's `Session` always has one (README,
// Remix v3: "gives a fresh session a new random ID at once"). So a revoked Remix v3 cookie reads with a new random
// ID, not the revoked one's and not "". Mutation pass (s45): the revoked cookie's fresh session read with no ID
// went unnoticed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { signIn } from '../helpers/sign-in.js';

it("format 'remix-v3': a revoked cookie reads as a fresh session with a new random ID", async () => {
  const storage = createCookieSessionStorage({ cookie: { secrets: ['remix-v3-revoked-id-secret-0123'], maxAge: 3600 }, format: 'remix-v3', userKey: 'userId', revocation: { kv: mapKV() } });
  const laptop = await signIn(storage, 'ada');
  const before = await storage.getSession(laptop);
  assert.equal(before.get('userId'), 'ada');
  await storage.revokeUserSessions('ada');
  const fresh = await storage.getSession(laptop);
  assert.equal(fresh.get('userId'), undefined, 'revoked');
  assert.match(fresh.id, /^.{16,}$/, 'an ID, as any fresh Remix v3 session has');
  assert.notEqual(fresh.id, before.id);
  assert.equal((await storage.getSession(null)).id.length, fresh.id.length);
});
