// A hand logout whose header the handler left out, after a hand commit of a regenerateId() (the old record kept) in
// the same request: the lifecycle dropped the new ID's header (its record is gone) and sent nothing else, so the
// browser kept its old cookie, whose record regenerateId() had kept, and stayed signed in. Regression (lifecycle
// model audit): now a logout by hand through a server-side storage is sent again when nothing in the response sets
// the cookie, as through the cookie storage (a framework dropping the header is the same case).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withSession } from 'edge-session';
import { CookieJar } from '../helpers/cookie-jar.js';
import { serverSideStores } from './server-side-stores.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };
const STORES = serverSideStores({ cookie, userKey: 'userId' });

/** Runs `handler` under withSession for the jar's browser, which keeps what the response sets. */
async function visit(storage, jar, handler) {
  const response = await withSession(storage, handler)(new Request('https://app.example/', { method: 'POST', headers: { Cookie: jar.header() ?? '' } }));
  jar.update(response);
  return response;
}

/** Whether the browser's cookie opens ann's session. */
async function signedIn(storage, jar) {
  const session = await storage.getSession(jar.header() ?? null);
  try {
    return session.get('userId') === 'ann';
  } finally {
    session.dispose();
  }
}

/** A browser that signed ann in on `storage`. */
async function annSignedIn(storage) {
  const jar = new CookieJar();
  await visit(storage, jar, (request, { session }) => {
    session.set('userId', 'ann');
    return new Response('in');
  });
  return jar;
}

for (const [name, make] of Object.entries(STORES)) {
  describe(`${name}: a hand logout left out of the response, after a hand commit of a regenerateId()`, () => {
    it('the browser is signed out: the logout goes out, the new ID does not', async (t) => {
      const storage = await make(t);
      const jar = await annSignedIn(storage);
      assert.ok(await signedIn(storage, jar), 'signed in first');
      const response = await visit(storage, jar, async (request, { session }) => {
        session.regenerateId(); // the old record is kept
        const headers = new Headers({ 'Set-Cookie': await storage.commitSession(session) });
        await storage.destroySession(session); // its header left out: a framework dropping it is the same case
        return new Response('out', { headers });
      });
      const setCookies = response.headers.getSetCookie();
      assert.equal(setCookies.length, 1, `one header for the cookie: ${setCookies.join(' | ')}`);
      assert.match(setCookies[0], /^__session=; .*Max-Age=0/);
      assert.equal(jar.get('__session'), undefined, 'the browser holds no session cookie');
      assert.equal(await signedIn(storage, jar), false);
    });

    it('a new session committed beside it keeps its own header, no logout after it', async (t) => {
      const storage = await make(t);
      const jar = await annSignedIn(storage);
      const response = await visit(storage, jar, async (request, { session }) => {
        await storage.destroySession(session); // left out: the switch of user's header is the one to keep
        const next = await storage.getSession(null);
        next.set('userId', 'bob');
        return new Response('switched', { headers: { 'Set-Cookie': await storage.commitSession(next) } });
      });
      const setCookies = response.headers.getSetCookie();
      assert.equal(setCookies.length, 1, `one header: ${setCookies.join(' | ')}`);
      assert.doesNotMatch(setCookies[0], /Max-Age=0/);
      const session = await storage.getSession(jar.header());
      assert.equal(session.get('userId'), 'bob');
      session.dispose();
    });
  });
}
