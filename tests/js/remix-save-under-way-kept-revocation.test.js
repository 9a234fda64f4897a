// Remix v3's session middleware saving a cookie session (its sign-in written to the revocation store, a KV write of
// tens of ms) while a job the handler left in ctx.waitUntil starts revokeUserSessions(user, { except: session }).
// The save has made the cookie's value already: the kept device's new sign-in cannot reach it. As under withSession
// (whose lifecycle refuses such a change once it writes the response: SESSION_ENDED) and as README (Remix v3) says,
// the revocation must throw SESSION_ENDED and revoke nothing, or the save carry the kept sign-in; never go ahead
// and sign the kept device out with the others.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session as remixSession } from '@remix-run/session-middleware';
import { createCookieSessionStorage } from 'edge-session';
import { slowPutsKV } from './map-kv.js';

const pairOf = (setCookie) => setCookie.split(';')[0];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

it("Remix v3: a revocation keeping the session, started while the middleware's save is under way, does not sign the kept device out", async () => {
  const storage = createCookieSessionStorage({ cookie: { secrets: ['save-under-way'], maxAge: 3600 }, userKey: 'userId', revocation: { kv: slowPutsKV(60) } });
  const jobs = [];
  const router = createRouter({ middleware: [remixSession(createCookie('__session', { secrets: ['r'] }), storage)] });
  router.post('/in', ({ get: from }) => {
    from(Session).set('userId', 'ada');
    return new Response('in');
  });
  // Sign in, and sign out the other devices from a job that first does something else (an audit log's write).
  router.post('/in-alone', ({ get: from }) => {
    const session = from(Session);
    session.set('userId', 'ada');
    const job = sleep(20).then(() => storage.revokeUserSessions('ada', { except: session }));
    job.catch(() => {}); // ctx.waitUntil's: its outcome is read below
    jobs.push(job);
    return new Response('in, alone');
  });
  router.get('/me', ({ get: from }) => new Response(String(from(Session).get('userId'))));
  const post = (path, cookie) => router.fetch(new Request(`https://example.com${path}`, { method: 'POST', headers: cookie ? { Cookie: cookie } : {} }));
  const me = async (cookie) => (await router.fetch(new Request('https://example.com/me', { headers: { Cookie: cookie } }))).text();

  const phone = pairOf((await post('/in')).headers.getSetCookie()[0]);
  const laptop = await post('/in-alone');
  const [outcome] = await Promise.allSettled(jobs);
  const laptopCookie = pairOf(laptop.headers.getSetCookie()[0]);
  if (outcome.status === 'rejected') {
    assert.equal(outcome.reason.code, 'SESSION_ENDED');
    assert.equal(await me(phone), 'ada', 'refused, yet the revocation was made');
  } else {
    assert.equal(await me(phone), 'undefined', 'the phone is signed out');
  }
  assert.equal(await me(laptopCookie), 'ada', `the kept device was signed out (the revocation ${outcome.status === 'fulfilled' ? `went ahead, ending ${outcome.value}` : 'was refused'})`);
});
