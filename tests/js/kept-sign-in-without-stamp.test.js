// Mutation pass (s43): a revocation's mark names the sign-in `except` kept (revocation.js keptSignInId), so that for
// 30 s another tab of that device, read with its old cookie, writes no anonymous session over the kept one. A device
// kept with no sign-in stamp of its own (signed in within the very request that revokes) names none. Named
// `cookie-sign-in:0`, the mark took every cookie of that user with no sign-in time (written before userKey) for
// the kept device's tab: its visits wrote nothing, so its void cookie was never replaced. No test noticed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['kept-no-stamp'], maxAge: 3600 };
const pairOf = (setCookie) => setCookie.split(';')[0];
const get = (cookieHeader) => new Request('https://example.com/', { headers: cookieHeader ? { Cookie: cookieHeader } : {} });

describe('a revocation keeping a device signed in within the same request (cookie storage, revocation: { kv })', () => {
  it("names no other device as the kept one's tab: a cookie from before userKey is void and written as any fresh session", async () => {
    const kv = mapKV();
    const storage = createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } });
    // A cookie of ada with no sign-in time: written by a version without userKey (a gradual deploy).
    const withoutUsers = createCookieSessionStorage({ cookie });
    const old = await withoutUsers.getSession(null);
    old.set('userId', 'ada');
    const oldDevice = pairOf(await withoutUsers.commitSession(old));
    assert.equal((await storage.getSession(oldDevice)).get('userId'), 'ada');
    await new Promise((resolve) => setTimeout(resolve, 5));

    // Another device signs in and, in that request, signs out every other device.
    const signInHere = withSession(storage, async (request, { session }) => {
      session.set('userId', 'ada');
      return Response.json({ ended: await storage.revokeUserSessions('ada', { except: session }) });
    });
    const kept = pairOf((await signInHere(get())).headers.getSetCookie()[0]);
    assert.equal((await storage.getSession(kept)).get('userId'), 'ada', 'the device signed in here is kept');

    const visit = withSession(storage, (request, { session }) => {
      session.set('visits', (session.get('visits') ?? 0) + 1);
      return new Response(String(session.get('userId')));
    });
    const response = await visit(get(oldDevice));
    assert.equal(await response.text(), 'undefined', 'the old cookie is void');
    assert.equal(response.headers.getSetCookie().length, 1, 'its fresh session is written, replacing the void cookie');
  });
});
