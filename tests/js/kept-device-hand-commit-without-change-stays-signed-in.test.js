// "Sign out of my other devices" with a hand commit and no change of the session: the handler commits the session
// (its header returned), then revokeUserSessions(user, { except: session }) stamps it signed in anew, a write the
// storage still owes (session.js mustWrite: unsent). That stamp is the session's own change to write, so the
// request's lifecycle writes it over the hand commit's older header; else the device kept, whose cookie predates the
// revocation, is signed out at its next request. The neighbouring test (renewal-over-written-cookie.test.js) changes
// the session first. Mutation pass (session.js ownChange): an unsent stamp not counted as an own change passed
// every test.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { mapKV } from './map-kv.js';

it('hand commit of an unchanged session, then revokeUserSessions except it, return the header: this device stays signed in', async (t) => {
  const errors = t.mock.method(console, 'error', () => {});
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s'.repeat(32)] }, userKey: 'userId', revocation: { kv: mapKV() } });
  const handler = withSession(storage, async (request, { session }) => {
    const path = new URL(request.url).pathname;
    if (path === '/login') {
      session.set('userId', 'ada');
      return new Response('in');
    }
    if (path === '/others-out') {
      const setCookie = await storage.commitSession(session);
      await storage.revokeUserSessions('ada', { except: session });
      return new Response(null, { status: 303, headers: { Location: '/me', 'Set-Cookie': setCookie } });
    }
    return Response.json({ user: session.get('userId') ?? null });
  });
  const jar = new BrowserJar();
  const other = new BrowserJar();
  await visit(jar, handler, '/login');
  await visit(other, handler, '/login');
  await new Promise((resolve) => setTimeout(resolve, 5));
  const out = await visit(jar, handler, '/others-out', { method: 'POST' });
  assert.equal(out.status, 303, `${out.status} ${errors.mock.calls.map((call) => call.arguments.join(' '))}`);
  assert.deepEqual(await (await visit(other, handler, '/me')).json(), { user: null }, 'the other device is signed out');
  assert.deepEqual(await (await visit(jar, handler, '/me')).json(), { user: 'ada' }, 'the kept device was signed out');
});
