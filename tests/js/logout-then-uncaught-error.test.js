// A logout (destroy()) followed by an error that gets through the framework to the session middleware's next():
// Hono's app.onError rethrowing it (so the runtime or a logger sees it), or a thrown non-Error value (Hono's
// compose catches only Errors); React Router's next() rejecting. As when withSession's handler throws, the error
// propagates and the record is deleted, so the old cookie (or a stolen copy) opens nothing. Regression (audit of
// issues 11/13): the middlewares only closed the session, and the logged-out session stayed open in its store.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { RouterContextProvider } from 'react-router';
import { createMemorySessionStorage, withSession } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';
import { sessionContext, sessionMiddleware as reactRouterMiddleware } from 'edge-session/react-router';

async function signedIn(storage) {
  const session = await storage.getSession(null);
  session.set('user', 'ada');
  return (await storage.commitSession(session)).split(';')[0];
}

const logout = (cookie) => new Request('https://example.com/logout', { method: 'POST', headers: { Cookie: cookie } });

describe('a logout whose handler then fails with an error that escapes the framework', () => {
  it('withSession (reference): the record is deleted, the old cookie opens nothing', async () => {
    const storage = createMemorySessionStorage({ cookie: { secrets: ['k'] } });
    const cookie = await signedIn(storage);
    const fetch = withSession(storage, (request, { session }) => {
      session.destroy();
      throw new Error('audit log down');
    });
    await assert.rejects(fetch(logout(cookie)), /audit log down/);
    assert.equal((await storage.getSession(cookie)).get('user'), undefined);
  });

  it('withSession, a handler that returns no Response after destroy(): the record is deleted as after a throw', async () => {
    // Regression (review): withSession's "must return a Response" TypeError was thrown outside runHandler, so a
    // logout followed by `return undefined` (or a Response of another realm) left the session open in its store.
    const storage = createMemorySessionStorage({ cookie: { secrets: ['k'] } });
    const cookie = await signedIn(storage);
    const fetch = withSession(storage, (request, { session }) => {
      session.destroy();
      return undefined;
    });
    await assert.rejects(fetch(logout(cookie)), /must return a Response/);
    assert.equal((await storage.getSession(cookie)).get('user'), undefined, 'the logged-out session still opens with its old cookie');
  });

  it('hono, app.onError rethrowing: the record must be deleted as under withSession', async () => {
    const storage = createMemorySessionStorage({ cookie: { secrets: ['k'] } });
    const cookie = await signedIn(storage);
    const app = new Hono();
    app.onError((error) => {
      throw error; // let the runtime (or an outer wrapper) see it
    });
    app.use(sessionMiddleware(storage));
    app.post('/logout', (c) => {
      c.var.session.destroy();
      throw new Error('audit log down');
    });
    await assert.rejects(app.fetch(logout(cookie)), /audit log down/);
    assert.equal((await storage.getSession(cookie)).get('user'), undefined, 'the logged-out session still opens with its old cookie');
  });

  it('hono, a thrown non-Error value (Hono does not catch it): the record must be deleted', async () => {
    const storage = createMemorySessionStorage({ cookie: { secrets: ['k'] } });
    const cookie = await signedIn(storage);
    const app = new Hono();
    app.use(sessionMiddleware(storage));
    app.post('/logout', (c) => {
      c.var.session.destroy();
      throw { reason: 'not an Error instance' }; // eslint-disable-line no-throw-literal
    });
    await assert.rejects(app.fetch(logout(cookie)));
    assert.equal((await storage.getSession(cookie)).get('user'), undefined, 'the logged-out session still opens with its old cookie');
  });

  it('react-router, next() rejecting: the record must be deleted as under withSession', async () => {
    const storage = createMemorySessionStorage({ cookie: { secrets: ['k'] } });
    const cookie = await signedIn(storage);
    const context = new RouterContextProvider();
    const next = async () => {
      context.get(sessionContext).destroy();
      throw new Error('audit log down');
    };
    await assert.rejects(reactRouterMiddleware(storage)({ request: logout(cookie), context, params: {} }, next), /audit log down/);
    assert.equal((await storage.getSession(cookie)).get('user'), undefined, 'the logged-out session still opens with its old cookie');
  });
});
