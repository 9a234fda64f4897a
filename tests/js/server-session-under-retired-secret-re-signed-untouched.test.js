// README, withSession: "an untouched one adds no header, except a session read under a retired secret, which is
// re-signed with secrets[0] so rotation completes without logging anyone out"; Security model, Rotation: "sessions
// signed with the old one ... are re-signed with the new one on their next request" (on the server-side storages
// too). A server-side session's ID cookie read under the retired secret, on a request that changes nothing, comes
// back signed with secrets[0]; one read under secrets[0] adds no header.
// Mutation pass (s50): readValue never telling that a retired secret verified the cookie went unnoticed; such a
// session was never re-signed, and dropping the old secret later signed its user out.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage, withSession } from 'edge-session';
import { cookiePair, cookieValue, hmac, signedCookieHeader, splitSigned } from './support.js';

const name = '__session';

it("an untouched server-side session read under a retired secret is re-signed with secrets[0] by withSession", async () => {
  const storage = createMemorySessionStorage({ cookie: { name, secrets: ['new-s3cr3t-new-s3cr3t', 'old-s3cr3t-old-s3cr3t'] } });
  const seed = await storage.getSession(null);
  seed.set('userId', 'mj');
  const underNew = cookiePair(await storage.commitSession(seed));
  // The cookie a browser holds from before the rotation: the same ID, signed with the retired secret.
  const underOld = signedCookieHeader(name, JSON.stringify(seed.id), 'old-s3cr3t-old-s3cr3t');
  const fetch = withSession(storage, async (_request, { session }) => Response.json({ user: session.get('userId') ?? null }));

  const page = await fetch(new Request('https://app.test/', { headers: { Cookie: underOld } }));
  assert.deepEqual(await page.json(), { user: 'mj' });
  const [resigned] = page.headers.getSetCookie();
  assert.ok(resigned, 'the retired signature is replaced');
  const { payload, signature } = splitSigned(decodeURIComponent(cookieValue(resigned)));
  assert.equal(signature, hmac(payload, 'new-s3cr3t-new-s3cr3t'));
  assert.equal(JSON.parse(Buffer.from(payload, 'base64').toString()), seed.id, 'the same session');

  const current = await fetch(new Request('https://app.test/', { headers: { Cookie: underNew } }));
  assert.deepEqual(current.headers.getSetCookie(), [], 'a cookie under secrets[0] is left as it is');
});
