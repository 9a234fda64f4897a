// "Sign out of my other devices" on the cookie storage with `revocation: { namespace }`: the kept device's sign-in is
// named by the mark its user's index object gives back (js/user-index.js revokeInIndex: the `uncountedId` the
// cookie storage passes becomes the index's exceptId), so a request of another tab of that device, carrying its
// cookie from before the revocation and read in another isolate, writes no anonymous cookie over the kept one
// (kept-device-tab-read-after-revocation.test.js holds the same over KV). Mutation pass (s44): an index that dropped
// it went unnoticed in Node and workerd; that tab's cookie then signed the kept device out.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { userObjectsNamespace } from '../helpers/user-objects-namespace.js';

const cookiesOf = (response) => response.headers.getSetCookie().map((setCookie) => setCookie.split(';')[0]).join('; ');
const get = (cookie) => new Request('https://example.com/', { headers: cookie ? { Cookie: cookie } : {} });

function app(namespace) {
  const storage = createCookieSessionStorage({ cookie: { secrets: ['kept-tab-namespace'], maxAge: 3600 }, userKey: 'userId', revocation: { namespace } });
  return {
    storage,
    visit: withSession(storage, (request, { session }) => {
      session.set('visits', (session.get('visits') ?? 0) + 1);
      return new Response(String(session.get('userId')));
    }),
    signIn: withSession(storage, (request, { session }) => {
      session.set('userId', 'ada');
      return new Response('in');
    }),
    revokeOthers: withSession(storage, async (request, { session }) => Response.json({ ended: await storage.revokeUserSessions('ada', { except: session }) })),
  };
}

it('another tab of the kept device, read in another isolate, sets no cookie, and the kept device stays signed in', async () => {
  const namespace = userObjectsNamespace();
  const here = app(namespace);
  const there = app(new Proxy(namespace, {})); // the same namespace as another isolate sees it: nothing made here shared
  const laptop = cookiesOf(await here.signIn(get()));
  const phone = cookiesOf(await here.signIn(get()));
  const revoked = await here.revokeOthers(get(laptop));
  assert.deepEqual(await revoked.json(), { ended: 1 });
  const kept = cookiesOf(revoked);
  const tab = await there.visit(get(laptop));
  assert.equal(tab.status, 200);
  assert.deepEqual(tab.headers.getSetCookie(), [], 'its anonymous cookie would replace the kept one');
  assert.equal((await there.storage.getSession(kept)).get('userId'), 'ada', 'the kept device is signed in');
  assert.equal(await (await there.visit(get(phone))).text(), 'undefined', 'the phone is signed out');
});
