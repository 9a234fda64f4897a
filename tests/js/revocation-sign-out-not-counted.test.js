// README (Signing out everywhere, cookie sessions): the record of sign-ins costs "one write per sign-in and per
// sign-out", and a sign-in "is counted until its user signs out". So a device that logged out is not counted by the
// user's next revocation, on either store. Mutation pass (s50): revocation: { namespace }'s signOut doing nothing
// went unnoticed; revokeUserSessions counted the device that had signed out.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { signIn } from '../helpers/sign-in.js';
import { userObjectsNamespace } from '../helpers/user-objects-namespace.js';

for (const [name, revocation] of [['{ kv }', () => ({ kv: mapKV() })], ['{ namespace }', () => ({ namespace: userObjectsNamespace() })]]) {
  it(`revocation: ${name}: a device that signed out is not counted by the next revocation`, async () => {
    const storage = createCookieSessionStorage({ cookie: { secrets: ['revocation-sign-out-not-counted-0123'], maxAge: 3600 }, userKey: 'userId', revocation: revocation() });
    const laptop = await signIn(storage, 'ada');
    await signIn(storage, 'ada'); // the phone
    await storage.destroySession(await storage.getSession(laptop));
    assert.equal(await storage.revokeUserSessions('ada'), 1, 'the phone alone');
  });
}
