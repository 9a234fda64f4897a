// A handler's Response made by another copy of the Fetch API than the runtime's global one: in Node, the `undici`
// package's (apps import its fetch for its dispatcher, proxy and retry options, and hand on what it returns; Node's
// own fetch is an older undici bundled inside Node). Found by the response-shapes pass: withSession threw "the
// handler must return a Response" for a Response, so such a proxy route was a 500 through withSession, while the
// Hono middleware (which takes c.res as it is) committed onto the same object without a word.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Response as UndiciResponse } from 'undici';
import { Hono } from 'hono';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';

const cookie = { name: '__session', secrets: ['s3cr3t-0123456789abcdef0123456789'], maxAge: 3600 };

describe("a handler's Response from the undici package", () => {
  it('is not the global Response class (the case this file is about)', () => {
    assert.notEqual(UndiciResponse, Response);
    assert.equal(new UndiciResponse('x') instanceof Response, false);
  });

  for (const touched of [true, false]) {
    it(`withSession answers it${touched ? ', with the session committed onto it' : ' as it is'}`, async () => {
      const storage = createCookieSessionStorage({ cookie });
      const fetch = withSession(storage, (request, { session }) => {
        if (touched) session.set('visits', 1);
        return new UndiciResponse('proxied body', { status: 201, headers: { 'X-Origin': 'yes', 'Set-Cookie': 'other=1; Path=/' } });
      });
      const response = await fetch(new Request('https://app.test/'));
      // The runtime's own Response either way: what a Node server adapter takes. Mutation pass (s39): untouched, the
      // undici one went out as it was, and no test noticed.
      assert.ok(response instanceof Response);
      assert.equal(response.status, 201);
      assert.equal(response.headers.get('X-Origin'), 'yes');
      assert.equal(await response.text(), 'proxied body');
      const names = response.headers.getSetCookie().map((header) => header.split('=')[0]);
      assert.deepEqual(names, touched ? ['other', '__session'] : ['other']);
    });
  }

  it('the Hono middleware, for comparison, commits onto it', async () => {
    const app = new Hono();
    app.use(sessionMiddleware(createCookieSessionStorage({ cookie })));
    app.get('/', (c) => {
      c.var.session.set('visits', 1);
      return new UndiciResponse('proxied body', { status: 201 });
    });
    const response = await app.request('https://app.test/');
    assert.equal(response.status, 201);
    assert.equal(await response.text(), 'proxied body');
    assert.equal(response.headers.getSetCookie().length, 1);
  });
});
