// README, Signing out everywhere (cookie sessions): a request of the kept device in flight during "sign out of my
// other devices" (another tab: it read the session before the revocation) "writes nothing ... so its void cookie
// cannot replace the kept one", under withSession or a middleware. Regression (s49 chunks pass, CK101): when that
// tab committed by hand after the revocation (React Router's idiom: `Set-Cookie: await commitSession(session)`, or
// commitSessionHeaders with chunks), the refused commit's expiring header was taken for the app's logout and went
// out, and once it reached the browser after the revocation's response the kept device was signed out. The headers
// of such commits made before the revocation already went from the response; these made after it now go too.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';
import { mapKV } from './map-kv.js';
import { pairOf } from '../helpers/sign-in.js';

const cookie = { secrets: ['kept-device-tab-hand-commit-secret-0'], maxAge: 3600 };
const get = (header) => new Request('https://example.com/', { headers: header ? { Cookie: header } : {} });
const cookiesOf = (response) => response.headers.getSetCookie().map(pairOf).join('; ');

/** The three requests under withSession: a sign-in, "sign out of my other devices", a tab's page once `gate` opens. */
function underWithSession(storage, gate, commitByHand) {
  return {
    signIn: withSession(storage, (request, { session }) => {
      session.set('userId', 'ada');
      return new Response('in');
    }),
    revokeOthers: withSession(storage, async (request, { session }) => Response.json(await storage.revokeUserSessions('ada', { except: session }))),
    tab: withSession(storage, async (request, { session }) => {
      await gate;
      session.set('cart', 1);
      const response = new Response('cart');
      for (const header of await commitByHand(session)) response.headers.append('Set-Cookie', header);
      return response;
    }),
  };
}

/** The same under Hono's middleware, the tab's hand commit put on its response with c.header. */
function underHono(storage, gate, commitByHand) {
  const app = new Hono();
  app.use(sessionMiddleware(storage));
  app.post('/login', (c) => (c.get('session').set('userId', 'ada'), c.text('in')));
  app.post('/revoke-others', async (c) => c.json(await storage.revokeUserSessions('ada', { except: c.get('session') })));
  app.get('/tab', async (c) => {
    await gate;
    c.get('session').set('cart', 1);
    for (const header of await commitByHand(c.get('session'))) c.header('Set-Cookie', header, { append: true });
    return c.text('cart');
  });
  const to = (path, method) => (request) => app.fetch(new Request(`https://example.com${path}`, { method, headers: request.headers }));
  return { signIn: to('/login', 'POST'), revokeOthers: to('/revoke-others', 'POST'), tab: to('/tab', 'GET') };
}

/** The laptop's tab in flight commits by hand once released; meanwhile the laptop signs out its other devices. */
async function tabCommittingAfterRevocation(storage, commitByHand, serve) {
  let release;
  const gate = new Promise((resolve) => (release = resolve));
  const { signIn, revokeOthers, tab } = serve(storage, gate, commitByHand);
  const laptop = cookiesOf(await signIn(get()));
  const phone = cookiesOf(await signIn(get()));
  const inFlight = tab(get(laptop));
  await new Promise((resolve) => setTimeout(resolve, 5)); // the tab has read the laptop's session
  const revoked = await revokeOthers(get(laptop));
  assert.deepEqual(await revoked.json(), 1, 'the phone');
  release();
  return { phone, kept: cookiesOf(revoked), tabResponse: await inFlight };
}

describe("a hand commit of the kept device's tab made after the revocation (cookie storage, revocation)", () => {
  const cases = [
    ['commitSession', {}, (storage) => async (session) => [await storage.commitSession(session)]],
    ['commitSessionHeaders, chunks: 2', { chunks: 2 }, (storage) => (session) => storage.commitSessionHeaders(session)],
  ];
  for (const [name, options, byHand] of cases) {
    for (const [under, serve] of [['withSession', underWithSession], ['Hono', underHono]]) {
      it(`${name} under ${under}: its response sets no cookie, and the kept device stays signed in`, async () => {
        const storage = createCookieSessionStorage({ cookie, ...options, userKey: 'userId', revocation: { kv: mapKV() } });
        const { phone, kept, tabResponse } = await tabCommittingAfterRevocation(storage, byHand(storage), serve);
        assert.equal(tabResponse.status, 200);
        assert.deepEqual(tabResponse.headers.getSetCookie(), [], 'the tab would expire the kept cookie');
        assert.equal((await storage.getSession(kept)).get('userId'), 'ada', 'the kept device');
        assert.equal((await storage.getSession(phone)).get('userId'), undefined, 'the phone is signed out');
      });
    }
  }
});
