// README (Signing out everywhere, cookie sessions): `revocation: { namespace }` may share the namespace of a Durable
// Object storage "of the same `keyPrefix`": "a revocation from either ends both kinds". Both default to no prefix
// (users' index objects `user:<SHA-256 of the ID>`), so a Durable Object storage and a cookie storage made without
// one share their users' objects. Mutation pass (s45): the revocation option defaulting its keyPrefix to KV's
// 'edge-session:' went unnoticed; the cookie storage then looked its users up in other objects, and a revocation
// made by the Durable Object storage left the user's cookie sessions signed in. (The Durable Object storage needs
// workerd; here its revocation is its call to the user's object, named as it names it: user-sessions.js
// userObjectOf.)
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createCookieSessionStorage } from 'edge-session';
import { userDigest } from '../../js/user-sessions.js';
import { signIn } from '../helpers/sign-in.js';
import { userObjectsNamespace } from '../helpers/user-objects-namespace.js';

const cookie = { secrets: ['namespace-default-prefix-secret-0123'], maxAge: 3600 };

it('a revocation by a Durable Object storage (no keyPrefix) ends the cookie sessions of revocation: { namespace } (none)', async () => {
  const namespace = userObjectsNamespace();
  const cookies = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { namespace } });
  const laptop = await signIn(cookies, 'ada');
  // The Durable Object storage's revokeUserSessions('ada'), made in another isolate: its call to the user's object.
  const user = namespace.get(namespace.idFromName(`user:${await userDigest('ada')}`));
  const { count } = await user.userRevoke(null, Date.now() + 1, undefined, 'an-attempt');
  assert.equal(count, 1, "the user's object lists the cookie storage's sign-in");
  const elsewhere = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { namespace: new Proxy(namespace, {}) } });
  assert.equal((await elsewhere.getSession(laptop)).get('userId'), undefined, 'signed out');
});
