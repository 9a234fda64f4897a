// One ExecutionContext object reused across requests, as a dev server over wrangler's getPlatformProxy passes it:
// a visitor's overlapping requests stay each their own (js/joined-sessions.js). Shared by
// tests/js/joined-sessions.test.js and tests/js/joined-sessions-without-get-builtin-module.test.js, which imports
// edge-session only after taking process.getBuiltinModule away, so the package comes in as an argument.
// Regression (89cf9ba joined from the ExecutionContext alone): a visitor's request that began while another of
// theirs was open joined it, met its ended session (SESSION_ENDED, a 500) once that one answered, and lost its change.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

const cookieOptions = { name: '__session', secrets: ['reused-ctx-cases-secret-0123456789'] };
const cookieOf = (response) => response.headers.getSetCookie().find((c) => c.startsWith('__session='))?.split(';')[0];
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const post = (path, cookie) => new Request(`https://app.test${path}`, { method: 'POST', headers: cookie ? { Cookie: cookie } : {} });
const newCtx = () => ({ waitUntil() {}, passThroughOnException() {} });

/**
 * @param {string} title
 * @param {{ createMemorySessionStorage: Function, withSession: Function, sessionMiddleware: Function, Hono: Function }} edge
 */
export function reusedCtxCases(title, { createMemorySessionStorage, withSession, sessionMiddleware, Hono }) {
  describe(title, () => {
    it("Hono: a visitor's overlapping requests are each their own, none fails", async () => {
      const storage = createMemorySessionStorage({ cookie: cookieOptions });
      const app = new Hono();
      app.use(sessionMiddleware(storage));
      app.post('/add/:key', async (c) => {
        await pause(Number(c.req.query('wait') ?? 0));
        c.var.session.set(c.req.param('key'), true);
        return c.text('ok');
      });
      const shared = newCtx();
      const cookie = cookieOf(await app.fetch(post('/add/a'), {}, shared));
      const slow = app.fetch(post('/add/b?wait=10', cookie), {}, shared);
      await pause(3); // the first has opened its session
      const later = await app.fetch(post('/add/c?wait=40', cookie), {}, shared);
      assert.equal((await slow).status, 200);
      assert.equal(later.status, 200, await later.text());
      assert.equal((await storage.getSession(cookie)).get('c'), true, 'the later request kept its change');
    });

    it("withSession: one request's logout does not end the session another request of the visitor is using", async () => {
      const storage = createMemorySessionStorage({ cookie: cookieOptions });
      const app = withSession(storage, async (request, { session }) => {
        if (new URL(request.url).pathname === '/logout') session.destroy();
        else {
          await pause(30);
          session.set('seen', true);
        }
        return new Response('ok');
      });
      const shared = newCtx();
      const cookie = cookieOf(await app(post('/start'), {}, shared));
      const slow = app(post('/slow', cookie), {}, shared);
      await pause(3);
      assert.equal((await app(post('/logout', cookie), {}, shared)).status, 200);
      const slowResponse = await slow;
      assert.equal(slowResponse.status, 200, await slowResponse.text());
    });
  });
}
