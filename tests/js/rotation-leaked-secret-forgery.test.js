// A secret leaked: README's rotation (add the new secret first, `[new, old]`, then drop the old one) is for a planned
// rotation. During that overlap a leaked secret still verifies, and a cookie forged with it is re-signed under `new`,
// times and all (the forger's start and sign-in), and outlives the drop. So README (Security model, Rotation) says a
// leaked secret gets no overlap: `[new]` at once, which voids every forgery. Rotation lens review, s37.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { cookiePair, signedCookieHeader } from './support.js';
import { mapKV } from './map-kv.js';

const HOUR = 3600;

function storageOf(kv, secrets) {
  return createCookieSessionStorage({
    cookie: { name: '__session', secrets, httpOnly: true, secure: true, maxAge: 7 * 24 * HOUR },
    absoluteTimeout: 8 * HOUR,
    userKey: 'userId',
    revocation: { kv },
  });
}

/** One request through withSession over `storage`, answering the user it read, and the cookie the browser then holds. */
async function visit(storage, cookie) {
  const fetch = withSession(storage, async (request, { session }) => new Response(String(session.get('userId') ?? '')));
  const response = await fetch(new Request('https://example.com/', { headers: cookie ? { Cookie: cookie } : {} }), {}, undefined);
  const setCookie = response.headers.get('Set-Cookie');
  return { user: await response.text(), cookie: setCookie ? cookiePair(setCookie) : cookie };
}

/** ada's cookie forged with `secret`: [created, touched, expires, signedIn]. */
const forgedWith = (secret, times) => signedCookieHeader('__session', JSON.stringify({ userId: 'ada', __es__: times }), secret);

describe('a cookie forged with a leaked secret during the rotation overlap', () => {
  it('a forgery begun now, re-signed in the overlap, is ended by "sign out everywhere" after the drop', async () => {
    const kv = mapKV();
    const now = Date.now();
    const overlap = await visit(storageOf(kv, ['new', 'leaked']), forgedWith('leaked', [now, now, 0, now]));
    assert.equal(overlap.user, 'ada', 'the overlap still verifies the leaked secret (README: drop a leaked one at once)');
    const after = storageOf(kv, ['new']);
    assert.equal((await visit(after, overlap.cookie)).user, 'ada', 're-signed under new: it outlives the drop');
    await new Promise((resolve) => setTimeout(resolve, 2));
    await after.revokeUserSessions('ada');
    assert.equal((await visit(after, overlap.cookie)).user, '');
  });

  it('the emergency path ([new] at once) voids every forgery and every old cookie', async () => {
    const kv = mapKV();
    const now = Date.now();
    const after = storageOf(kv, ['new']);
    assert.equal((await visit(after, forgedWith('leaked', [now, now, 0, now]))).user, '');
  });
});
