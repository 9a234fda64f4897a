// sessionMiddleware(storage) says what is wrong when it is given no storage: React Router's own cookie storage's
// factory result, a storage's options, or `undefined` from an env not yet read. Refused when the middleware is
// made (at import: the route module fails to load, naming sessionMiddleware), not at the first request; a storage
// function's result is checked on each request, and names the function, not a `getSession` deep inside.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RouterContextProvider } from 'react-router';
import { sessionMiddleware } from 'edge-session/react-router';

const args = () => ({ request: new Request('http://app.test/'), context: new RouterContextProvider(), params: {} });

describe('sessionMiddleware refuses what is no session storage', () => {
  for (const [what, value] of [['undefined', undefined], ['null', null], ["a storage's options", { cookie: { name: '__session' } }]]) {
    it(`given ${what}: a TypeError when the middleware is made`, () => {
      assert.throws(() => sessionMiddleware(value), { name: 'TypeError', message: /storage must be a session storage/ });
    });
  }

  it('a storage function returning no storage: the request fails with a TypeError naming the function, next() not called', async () => {
    let ran = false;
    const middleware = sessionMiddleware(() => undefined);
    await assert.rejects(
      middleware(args(), async () => {
        ran = true;
        return new Response('ok');
      }),
      { name: 'TypeError', message: /the storage function must return a session storage/ },
    );
    assert.equal(ran, false);
  });
});
