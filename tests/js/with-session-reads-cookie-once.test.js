// Issue 4: "The cookie is read once per request": withSession and the framework middlewares take the request's
// Cookie header once, with the CSRF check on or off, whatever the storage; the session is opened from that one read.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { RouterContextProvider } from 'react-router';
import { createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionMiddleware as routerSession } from 'edge-session/react-router';

const cookie = { name: '__session', secrets: ['s3cr3t'] };

/** A same-origin POST carrying a cookie, and how many times its Cookie header has been read so far. */
function countedRequest() {
  const request = new Request('https://app.test/', {
    method: 'POST',
    headers: { Cookie: 'other=1; __session=x', Origin: 'https://app.test', 'Sec-Fetch-Site': 'same-origin', 'X-CSRF-Token': 'forged' },
  });
  const reads = { cookie: 0 };
  const get = request.headers.get.bind(request.headers);
  request.headers.get = (name) => {
    if (String(name).toLowerCase() === 'cookie') reads.cookie += 1;
    return get(name);
  };
  return { request, reads };
}

const change = (session) => {
  session.set('seen', true);
  return new Response('ok');
};

for (const [kind, storageOf] of [['cookie', () => createCookieSessionStorage({ cookie })], ['memory', () => createMemorySessionStorage({ cookie })]]) {
  describe(`the Cookie header is read once per request (${kind} storage)`, () => {
    for (const csrf of [false, true]) {
      it(`withSession, csrf ${csrf ? 'on' : 'off'}`, async () => {
        const { request, reads } = countedRequest();
        const fetch = withSession(storageOf(), (req, { session }) => change(session), csrf ? { csrf: true } : undefined);
        const response = await fetch(request, {}, {});
        assert.equal(response.status, csrf ? 403 : 200);
        assert.equal(reads.cookie, 1);
      });

      it(`the Hono middleware, csrf ${csrf ? 'on' : 'off'}`, async () => {
        const { request, reads } = countedRequest();
        const app = new Hono();
        app.use(honoSession(storageOf(), csrf ? { csrf: true } : undefined));
        app.post('/', (c) => change(c.var.session));
        const response = await app.fetch(request);
        assert.equal(response.status, csrf ? 403 : 200);
        assert.equal(reads.cookie, 1);
      });

      it(`the React Router middleware, csrf ${csrf ? 'on' : 'off'}`, async () => {
        const { request, reads } = countedRequest();
        const middleware = routerSession(storageOf(), csrf ? { csrf: true } : undefined);
        const context = new RouterContextProvider();
        const response = await middleware({ request, context, params: {} }, async () => new Response('ok'));
        assert.equal(response.status, csrf ? 403 : 200);
        assert.equal(reads.cookie, 1);
      });
    }
  });
}
