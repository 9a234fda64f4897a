// Two apps in one Worker (an admin area and a shop) with createSessionStorage over ONE table, each with its own cookie
// name and userKey, whose user IDs are their own (admin "1" and customer "1" are two people). README "Two apps over one
// binding" tells KV, Durable Object and cookie storages to take a keyPrefix each; createSessionStorage had none, so
// its users' records (es:user:<digest>, es:revoked:<digest>) were one app's: the admin's "sign out everywhere" of its
// user 1 signed the shop's customer 1 out, and its listing named that customer's session (fails before).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { cookiePair } from './support.js';

it("the admin's revocation of its user 1 leaves the shop's customer 1 signed in", async () => {
  const callbacks = callbacksOf(mapBackend()); // one table for both apps
  const admin = createSessionStorage({ cookie: { name: '__admin', secrets: ['admin-secret-0123456789abcdef0123'] }, userKey: 'adminId', keyPrefix: 'admin:', ...callbacks });
  const shop = createSessionStorage({ cookie: { name: '__shop', secrets: ['shop-secret-0123456789abcdef01234'] }, userKey: 'customerId', keyPrefix: 'shop:', ...callbacks });
  const a = await admin.getSession(null);
  a.set('adminId', '1');
  await admin.commitSession(a);
  const s = await shop.getSession(null);
  s.set('customerId', '1');
  const shopCookie = cookiePair(await shop.commitSession(s));
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal((await shop.listUserSessions('1')).length, 1);
  assert.equal((await admin.listUserSessions('1')).length, 1, "the admin's listing names only the admin's session");
  await admin.revokeUserSessions('1');
  assert.equal((await shop.getSession(shopCookie)).get('customerId'), '1', 'the customer is still signed in');
});

it('without keyPrefix the users\' records keep their names (es:user:, es:revoked:)', async () => {
  const backend = mapBackend();
  const callbacks = callbacksOf(backend);
  const storage = createSessionStorage({ cookie: { secrets: ['a-secret-of-thirty-two-characters!!'] }, userKey: 'userId', ...callbacks });
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  await storage.commitSession(session);
  await storage.revokeUserSessions('ada');
  assert.deepEqual([...backend.records.keys()].filter((id) => id.startsWith('es:')).map((id) => id.split(':').slice(0, 2).join(':')).sort(), ['es:revoked']);
});

it('keyPrefix must be a string', () => {
  assert.throws(() => createSessionStorage({ ...callbacksOf(mapBackend()), keyPrefix: 1 }), /keyPrefix must be a string/);
});
