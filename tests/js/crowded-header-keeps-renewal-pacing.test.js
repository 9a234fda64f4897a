// A session read from a Cookie header past 64 KiB is named in the renewals' pacing (js/rewrite-window.js, 1 MiB of
// names kept per storage) by its own cookies, not by the whole header. Regression (adversarial pass): once such
// headers were read (js/cookie-header.js), one 1 MiB header's renewal cleared every other session's pacing, and the
// next request of another browser's burst renewed its cookie again.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';

it("a crowded header's renewal leaves another session's pacing as it was", async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 }, idleTimeout: 600 });
  const fetch = withSession(storage, (request, { session }) => new Response(String(session.get('userId'))));
  const signedIn = async (userId) => {
    const session = await storage.getSession(null);
    session.set('userId', userId);
    return (await storage.commitSession(session)).split(';')[0];
  };
  const ada = await signedIn('ada');
  // 1 MiB exactly, the longest header read: with Ada's name, past the 1 MiB of names the pacing keeps.
  const own = await signedIn('bob');
  const crowd = Array.from({ length: 255 }, (_, i) => `other${i}=${'v'.repeat(4000)}`).join('; ');
  const bob = `${crowd}; pad=${'p'.repeat(1024 * 1024 - crowd.length - own.length - 8)}; ${own}`;
  assert.equal(bob.length, 1024 * 1024);
  const visit = async (cookie) => {
    const response = await fetch(new Request('https://app.test/', { headers: { Cookie: cookie } }));
    return { user: await response.text(), renewed: response.headers.getSetCookie().length > 0 };
  };
  t.mock.timers.tick(300_000); // half the idle timeout: a renewal is due
  assert.deepEqual(await visit(ada), { user: 'ada', renewed: true });
  assert.deepEqual(await visit(bob), { user: 'bob', renewed: true });
  // Ada's next request of the burst, read from the same cookie: the renewal just sent stands for it.
  assert.deepEqual(await visit(ada), { user: 'ada', renewed: false });
});
