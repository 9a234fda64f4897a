// A HEAD shows no page, and Hono and React Router run a GET's handler for it: what that handler does to the session
// for the page it does not send is not written, and no cookie is set (README, Choices). Regression (speculative
// loads pass): a link checker's or a monitor's HEAD of a form page started a stored session per request (issue 14:
// "a visitor who never sees a form gets no session and no Set-Cookie"), and a HEAD of a page with a pending flash
// used it up, so the GET after it showed none. A logout on a HEAD is still made.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestHandler } from 'react-router';
import { Hono } from 'hono';
import { createMemorySessionStorage, csrfToken, withSession } from 'edge-session';
import { sessionContext, sessionMiddleware } from 'edge-session/react-router';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { reactRouterBuild } from '../helpers/react-router-build.js';
import { BrowserJar, visit } from '../helpers/browser-jar.js';

const cookie = { name: '__session', secrets: ['head-request-secret-0123456789abcdef'], httpOnly: true };

/** The page: a form (a CSRF token), the flash, a visit count; /flash sets a flash, /logout ends the session. */
function act(path, session) {
  if (path === '/flash') {
    session.flash('note', 'saved');
    return { flashed: true };
  }
  if (path === '/logout') {
    session.destroy();
    return { out: true };
  }
  const visits = (session.get('visits') ?? 0) + 1;
  session.set('visits', visits);
  return { token: csrfToken(session), flash: session.get('note') ?? null, visits };
}

const fronts = {
  withSession: (storage) => withSession(storage, (request, { session }) => Response.json(act(new URL(request.url).pathname, session))),
  Hono: (storage) => {
    const app = new Hono();
    app.use(honoSession(storage));
    app.get('*', (c) => c.json(act(new URL(c.req.url).pathname, c.get('session'))));
    return (request) => app.fetch(request);
  },
  'React Router': (storage) => {
    const loader = ({ request, context }) => Response.json(act(new URL(request.url).pathname, context.get(sessionContext)));
    return createRequestHandler(
      reactRouterBuild({
        root: { id: 'root', path: '', module: { middleware: [sessionMiddleware(storage)] } },
        'routes/page': { id: 'routes/page', parentId: 'root', path: '*', module: { loader } },
      }),
    );
  },
};

for (const [front, make] of Object.entries(fronts)) {
  describe(`${front}: a HEAD writes nothing to the session`, () => {
    it('a HEAD of a form page, with no cookie, sets no cookie and stores no session', async () => {
      const writes = [];
      const storage = createMemorySessionStorage({ cookie });
      const commit = storage.commitSession.bind(storage);
      storage.commitSession = (...args) => (writes.push('commit'), commit(...args));
      const handler = make(storage);
      const jar = new BrowserJar();
      const head = await visit(jar, handler, '/form', { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.deepEqual(head.headers.getSetCookie(), []);
      assert.deepEqual(writes, []);
      const get = await visit(jar, handler, '/form');
      assert.equal(get.headers.getSetCookie().length, 1, 'a GET of it starts the session, as before');
    });

    it('a HEAD of a page leaves a pending flash, and a visit count, for the GET', async () => {
      const handler = make(createMemorySessionStorage({ cookie }));
      const jar = new BrowserJar();
      await visit(jar, handler, '/form');
      await visit(jar, handler, '/flash');
      const head = await visit(jar, handler, '/form', { method: 'HEAD' });
      assert.deepEqual(head.headers.getSetCookie(), []);
      const page = await (await visit(jar, handler, '/form')).json();
      assert.equal(page.flash, 'saved', 'the HEAD used up the flash');
      assert.equal(page.visits, 2, 'the HEAD counted a visit');
    });

    it('a logout on a HEAD is made', async () => {
      const handler = make(createMemorySessionStorage({ cookie }));
      const jar = new BrowserJar();
      await visit(jar, handler, '/form');
      const out = await visit(jar, handler, '/logout', { method: 'HEAD' });
      assert.match(out.headers.getSetCookie()[0] ?? '', /Max-Age=0/);
      assert.equal((await (await visit(jar, handler, '/form')).json()).visits, 1, 'a fresh session after it');
    });
  });
}
