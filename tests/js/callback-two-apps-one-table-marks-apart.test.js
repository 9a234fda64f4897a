// README, "Two apps over one binding": over one table, createSessionStorage's `keyPrefix` keeps each app's users
// apart (`es:<keyPrefix>user:…` and `es:<keyPrefix>revoked:…`): the admin's "sign out everywhere" of its user 1
// leaves the shop's customer 1 signed in, once the shop looks the mark up again too (past its 5 s cache).
// Mutation pass (s45): the revocation mark named without the keyPrefix went unnoticed; the shop's read of its
// customer came within the cache of the "no mark" its sign-in had looked up.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { handClock } from '../helpers/hand-clock.js';
import { signIn } from '../helpers/sign-in.js';

const clock = handClock();

it("the admin's revocation of its user 1 leaves the shop's customer 1 signed in past the 5 s cache", async () => {
  const callbacks = callbacksOf(mapBackend()); // one table for both apps
  const admin = createSessionStorage({ cookie: { name: '__admin', secrets: ['admin-secret'] }, userKey: 'userId', keyPrefix: 'admin:', ...callbacks });
  const shop = createSessionStorage({ cookie: { name: '__shop', secrets: ['shop-secret'] }, userKey: 'userId', keyPrefix: 'shop:', ...callbacks });
  const adminCookie = await signIn(admin, '1');
  const shopCookie = await signIn(shop, '1');
  clock.now += 1_000;
  await admin.revokeUserSessions('1');
  clock.now += 6_000;
  assert.equal((await shop.getSession(shopCookie)).get('userId'), '1', 'the customer is still signed in');
  assert.equal((await admin.getSession(adminCookie)).get('userId'), undefined, 'the admin is signed out');
});
