// README, Signing out everywhere, "Two apps over one binding": give each app its own `keyPrefix` (the cookie
// storage's `revocation: { kv, keyPrefix }`). A cookie session cannot be deleted: the revocation mark, kept under
// that prefix, is all that keeps a revoked (stolen) cookie void. An app that follows the advice once it runs forgot
// every mark, and every cookie revoked before read as signed in again, with no word in README. README now says so,
// and how to carry the marks over (rotation lens review, s37).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['a-long-enough-secret-for-this-test-0123'], maxAge: 30 * 86_400 };
const pairOf = (setCookie) => setCookie.split(';')[0];

/** ada signed in, her cookie copied by a thief, then "sign out everywhere" under the default prefix. */
async function revokedCopy(kv) {
  const before = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } });
  const session = await before.getSession(null);
  session.set('userId', 'ada');
  const stolen = pairOf(await before.commitSession(session));
  await new Promise((resolve) => setTimeout(resolve, 2));
  await before.revokeUserSessions('ada');
  assert.equal((await before.getSession(stolen)).get('userId'), undefined, 'revoked');
  return stolen;
}

describe('a revocation store given a keyPrefix once the app runs', () => {
  it('forgets the marks: a cookie revoked before reads as signed in again (README says so)', async () => {
    const kv = mapKV();
    const stolen = await revokedCopy(kv);
    const after = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv, keyPrefix: 'shop:' } });
    assert.equal((await after.getSession(stolen)).get('userId'), 'ada');
  });

  it("keeps them once the marks are copied under the new prefix, as README says to do", async () => {
    const kv = mapKV();
    const stolen = await revokedCopy(kv);
    const { keys } = await kv.list({ prefix: 'edge-session:revoked:' });
    for (const { name } of keys) await kv.put(`shop:${name.slice('edge-session:'.length)}`, await kv.get(name));
    const after = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv, keyPrefix: 'shop:' } });
    assert.equal((await after.getSession(stolen)).get('userId'), undefined, 'the revoked cookie signed the thief in again');
  });
});
