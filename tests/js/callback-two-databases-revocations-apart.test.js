// createSessionStorage's revocations are known per database (its readData) and keyPrefix: two apps over two
// databases of their own, each with the default keyPrefix and users numbered alike, learn only of their own users'
// revocations, within the 5 s cache as after it (README, createSessionStorage: the revocation mark
// `es:revoked:<sha256(userId)>` is a record of the same backend). Mutation pass (s50): the revocations' scope taken
// from the keyPrefix alone, one for every database, went unnoticed; the admin's "sign out everywhere" of its user 1
// signed the shop's customer 1 out in that isolate.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { handClock } from '../helpers/hand-clock.js';
import { signIn } from '../helpers/sign-in.js';

const clock = handClock();

it("the admin's revocation of its user 1 leaves the shop's customer 1, of another database, signed in", async () => {
  const admin = createSessionStorage({ cookie: { name: '__admin', secrets: ['admin-secret'] }, userKey: 'userId', ...callbacksOf(mapBackend()) });
  const shop = createSessionStorage({ cookie: { name: '__shop', secrets: ['shop-secret'] }, userKey: 'userId', ...callbacksOf(mapBackend()) });
  const adminCookie = await signIn(admin, '1');
  const shopCookie = await signIn(shop, '1');
  clock.now += 1_000;
  await admin.revokeUserSessions('1');
  assert.equal((await shop.getSession(shopCookie)).get('userId'), '1', 'the customer is still signed in');
  clock.now += 6_000;
  assert.equal((await shop.getSession(shopCookie)).get('userId'), '1', 'and past the cache');
  assert.equal((await admin.getSession(adminCookie)).get('userId'), undefined, 'the admin is signed out');
});
