// A withSession handler that logs out (destroy()) and then throws: its error propagates and no response carries a
// cookie, but the logout is still made where it needs none: the record is deleted, so the browser's cookie (or a
// stolen copy) opens nothing afterwards, as after a logout followed by a 5xx. (A cookie session has no record: its
// cookie stays as it was, as README says.) Regression (audit of issue 11): the record stayed, and the old cookie stayed signed in.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withSession } from 'edge-session';
import { serverSideStores } from './server-side-stores.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };
const STORES = serverSideStores({ cookie });

class AuditLogDown extends Error {}

/** withSession over `storage`: /login signs ada in, /logout destroys then throws (or only throws: `keep`). */
function app(storage) {
  return withSession(storage, (request, { session }) => {
    const path = new URL(request.url).pathname;
    if (path === '/login') {
      session.set('userId', 'ada');
      return new Response('in');
    }
    if (path === '/logout') session.destroy();
    if (path === '/logout' || path === '/fail') {
      throw new AuditLogDown('the audit log is down');
    }
    return Response.json({ user: session.get('userId') ?? null });
  });
}

async function signedIn(handler) {
  const response = await handler(new Request('https://app.example/login', { method: 'POST' }));
  return response.headers.get('Set-Cookie').split(';')[0];
}

const visit = (handler, path, cookieHeader) => handler(new Request(`https://app.example${path}`, { method: 'POST', headers: { Cookie: cookieHeader } }));

for (const [name, make] of Object.entries(STORES)) {
  describe(`${name}: destroy(), then the withSession handler throws`, () => {
    it('rejects with the handler\'s own error, and the old cookie opens nothing afterwards', async (t) => {
      t.mock.method(console, 'error', () => {});
      const handler = app(await make(t));
      const header = await signedIn(handler);
      await assert.rejects(visit(handler, '/logout', header), AuditLogDown);
      assert.deepEqual(await (await visit(handler, '/me', header)).json(), { user: null });
    });

    it('a handler that throws without a logout saves nothing and ends nothing', async (t) => {
      const handler = app(await make(t));
      const header = await signedIn(handler);
      await assert.rejects(visit(handler, '/fail', header), AuditLogDown);
      assert.deepEqual(await (await visit(handler, '/me', header)).json(), { user: 'ada' });
    });
  });
}
