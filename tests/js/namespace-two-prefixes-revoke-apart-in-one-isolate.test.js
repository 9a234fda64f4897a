// README (Two apps over one binding): a user's revocation mark is named by the user ID under the storage's
// `keyPrefix`, so give each app its own: the cookie storage's `revocation: { namespace, keyPrefix }` among them. Two
// such storages over one namespace are two apps in one isolate too: the admin's revocation of its user 1 leaves the
// shop's customer 1 signed in, though the isolate knows the mark at once (revokedThrough, by the binding's scope and
// prefix). Mutation pass (s50): the namespace store's scope taken without its keyPrefix went unnoticed; within the
// 5 s cache the shop's customer read as signed out.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { signIn } from '../helpers/sign-in.js';
import { userObjectsNamespace } from '../helpers/user-objects-namespace.js';

const cookie = { name: '__session', secrets: ['namespace-two-prefixes-apart-0123'] };

it("revocation: { namespace }: the admin's revocation of its user 1 leaves the shop's customer 1 signed in, in the same isolate", async () => {
  const namespace = userObjectsNamespace();
  const admin = createCookieSessionStorage({ cookie: { ...cookie, name: '__admin' }, userKey: 'userId', revocation: { namespace, keyPrefix: 'admin:' } });
  const shop = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { namespace, keyPrefix: 'shop:' } });
  const customer = await signIn(shop, '1');
  assert.equal((await shop.getSession(customer)).get('userId'), '1', 'the control: looked up once, no mark');
  const staff = await signIn(admin, '1');
  assert.equal(await admin.revokeUserSessions('1'), 1);
  assert.equal((await admin.getSession(staff)).get('userId'), undefined, "the admin's user 1 is signed out");
  assert.equal((await shop.getSession(customer)).get('userId'), '1', "the shop's customer 1 is not");
});
