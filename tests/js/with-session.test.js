import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createCookieSessionStorage, createSessionStorage, withSession } from 'edge-session';
import { loadCore } from '../../js/loader.js';

const secret = 's3cr3t';
const cookieStorage = () => createCookieSessionStorage({ cookie: { name: '__session', secrets: [secret], httpOnly: true } });

function request(cookie, init = {}) {
  return new Request('http://example.test/', { ...init, headers: cookie ? { Cookie: cookie } : {} });
}
function sessionCookie(response) {
  const header = response.headers.getSetCookie().find((value) => value.startsWith('__session='));
  return header?.split(';')[0];
}

describe('withSession', () => {
  it('gives the handler the load context { session, env, ctx }', async () => {
    const env = { SESSION_SECRET: secret };
    const ctx = { waitUntil() {}, passThroughOnException() {} };
    let seen;
    const fetch = withSession(cookieStorage, (req, context) => {
      seen = context;
      return new Response('ok');
    });
    await fetch(request(), env, ctx);
    assert.equal(seen.env, env);
    assert.equal(seen.ctx, ctx);
    assert.equal(typeof seen.session.get, 'function');
  });

  it('runs the storage factory once per env', async () => {
    let calls = 0;
    const fetch = withSession(() => (calls++, cookieStorage()), () => new Response('ok'));
    const env = {};
    for (let i = 0; i < 5; i++) await fetch(request(), env, {});
    await fetch(request(), {}, {});
    assert.equal(calls, 2);
  });

  it('commits a dirty session and keeps the other Set-Cookie headers', async () => {
    const fetch = withSession(cookieStorage, (req, { session }) => {
      session.set('user', 'ada');
      const headers = new Headers();
      headers.append('Set-Cookie', 'theme=dark; Path=/');
      return new Response('ok', { headers });
    });
    const response = await fetch(request(), {}, {});
    const cookies = response.headers.getSetCookie();
    assert.equal(cookies.length, 2);
    assert.equal(cookies[0], 'theme=dark; Path=/');
    assert.match(cookies[1], /^__session=.+; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it('adds no Set-Cookie for an untouched session', async () => {
    const fetch = withSession(cookieStorage, (req, { session }) => new Response(String(session.get('user'))));
    const response = await fetch(request(), {}, {});
    assert.equal(response.headers.get('Set-Cookie'), null);
    assert.equal(await response.text(), 'undefined');
  });

  it('carries values and a one-request flash across requests', async () => {
    const fetch = withSession(cookieStorage, async (req, { session }) => {
      if (req.method === 'POST') {
        session.set('count', (session.get('count') ?? 0) + 1);
        session.flash('notice', 'Saved!');
        return Response.redirect('http://example.test/', 303);
      }
      return Response.json({ count: session.get('count') ?? 0, notice: session.get('notice') ?? null });
    });
    const posted = await fetch(request(undefined, { method: 'POST' }), {}, {});
    assert.equal(posted.status, 303);
    let cookie = sessionCookie(posted);
    const first = await fetch(request(cookie), {}, {});
    assert.deepEqual(await first.json(), { count: 1, notice: 'Saved!' });
    cookie = sessionCookie(first); // the flash arrived, so the session was committed without it
    assert.ok(cookie);
    const second = await fetch(request(cookie), {}, {});
    assert.deepEqual(await second.json(), { count: 1, notice: null });
    assert.equal(second.headers.get('Set-Cookie'), null);
  });

  it('expires the cookie of a destroyed session', async () => {
    const fetch = withSession(cookieStorage, (req, { session }) => {
      session.destroy();
      return new Response('bye');
    });
    const response = await fetch(request(), {}, {});
    const header = response.headers.get('Set-Cookie');
    assert.match(header, /^__session=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT/);
  });

  it('re-signs an untouched session read under a retired secret', async () => {
    const old = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['old'] } });
    const session = await old.getSession(null);
    session.set('user', 'ada');
    const oldCookie = (await old.commitSession(session)).split(';')[0];

    const rotated = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['new', 'old'] } });
    const fetch = withSession(rotated, (req, { session: s }) => new Response(s.get('user')));
    const response = await fetch(request(oldCookie), {}, {});
    assert.equal(await response.text(), 'ada');
    const value = decodeURIComponent(sessionCookie(response).slice('__session='.length));
    const dot = value.lastIndexOf('.');
    const expected = createHmac('sha256', 'new').update(value.slice(0, dot)).digest('base64').replace(/=+$/, '');
    assert.equal(value.slice(dot + 1), expected);

    // Once re-signed, the session is untouched again: no more headers.
    const again = await fetch(request(sessionCookie(response)), {}, {});
    assert.equal(again.headers.get('Set-Cookie'), null);
  });

  it('handles a response with immutable headers from Response.redirect', async () => {
    const fetch = withSession(cookieStorage, (req, { session }) => {
      session.set('user', 'ada');
      return Response.redirect('http://example.test/next', 302);
    });
    const response = await fetch(request(), {}, {});
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('Location'), 'http://example.test/next');
    assert.ok(sessionCookie(response));
  });

  describe('with a response returned by fetch()', () => {
    let server;
    let url;
    before(async () => {
      server = createServer((req, res) => res.writeHead(200, { 'Set-Cookie': 'upstream=1' }).end('from upstream'));
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${server.address().port}/`;
    });
    after(() => server.close());

    it('appends the session cookie to the proxied response', async () => {
      const fetchWithSession = withSession(cookieStorage, async (req, { session }) => {
        session.set('proxied', true);
        return fetch(url);
      });
      const response = await fetchWithSession(request(), {}, {});
      assert.equal(await response.text(), 'from upstream');
      const cookies = response.headers.getSetCookie();
      assert.equal(cookies[0], 'upstream=1');
      assert.match(cookies[1], /^__session=/);
    });
  });

  it('passes a streaming body through untouched', async () => {
    let pull = 0;
    const fetch = withSession(cookieStorage, (req, { session }) => {
      session.set('streaming', true);
      const body = new ReadableStream({
        pull(controller) {
          pull += 1;
          if (pull <= 3) controller.enqueue(new TextEncoder().encode(`chunk${pull};`));
          else controller.close();
        },
      });
      return new Response(body, { headers: { 'Content-Type': 'text/plain' } });
    });
    const response = await fetch(request(), {}, {});
    assert.ok(sessionCookie(response));
    assert.ok(pull <= 1, 'the body was not read before the response was returned');
    assert.equal(await response.text(), 'chunk1;chunk2;chunk3;');
  });

  it('commits nothing on a 5xx response, as on a thrown error; a 4xx is committed (defect: a React Router action that threw was committed)', async () => {
    for (const [status, committed] of [[500, false], [503, false], [422, true]]) {
      const fetch = withSession(cookieStorage, (req, { session }) => {
        session.set('paid', true); // half done: React Router hands a thrown action error back as a 500
        return new Response('failed', { status });
      });
      const response = await fetch(request(), {}, {});
      assert.equal(response.status, status);
      assert.equal(sessionCookie(response) !== undefined, committed, `status ${status}`);
    }
  });

  it('propagates a handler error and frees the session', async () => {
    const core = await loadCore();
    const before = core.liveSessionCount();
    const fetch = withSession(cookieStorage, (req, { session }) => {
      session.set('x', 1);
      throw new Error('handler failed');
    });
    await assert.rejects(fetch(request(), {}, {}), /handler failed/);
    assert.equal(core.liveSessionCount(), before);
  });

  it('answers 500 with a clear message when the storage fails to commit', async (t) => {
    t.mock.method(console, 'error', () => {});
    const storage = createSessionStorage({
      cookie: createCookie('__session', { secrets: [secret] }),
      createData: async () => {
        throw new Error('database down');
      },
      readData: async () => null,
      updateData: async () => {},
      deleteData: async () => {},
    });
    const fetch = withSession(storage, (req, { session }) => {
      session.set('user', 'ada');
      return new Response('ok');
    });
    const response = await fetch(request(), {}, {});
    assert.equal(response.status, 500);
    assert.match(await response.text(), /session could not be saved/);
    // Never stored by a cache, to be served for a page once the backend is back. Mutation pass (s39): unchecked.
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
    assert.equal(response.headers.get('Set-Cookie'), null);
    assert.match(String(console.error.mock.calls[0].arguments[1]), /database down/);
  });

  it('answers 500 with a clear message when the storage fails to read, without calling the handler', async (t) => {
    t.mock.method(console, 'error', () => {});
    const storage = createSessionStorage({
      cookie: createCookie('__session', { secrets: [secret] }),
      createData: async () => 'id',
      readData: async () => {
        throw new Error('database down');
      },
      updateData: async () => {},
      deleteData: async () => {},
    });
    const idCookie = (await createCookie('__session', { secrets: [secret] }).serialize('some-id')).split(';')[0];
    let called = false;
    const fetch = withSession(storage, () => ((called = true), new Response('ok')));
    const response = await fetch(request(idCookie), {}, {});
    assert.equal(response.status, 500);
    assert.match(await response.text(), /session could not be read/);
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
    assert.equal(called, false);
  });

  it('rejects a handler that returns no Response', async () => {
    const fetch = withSession(cookieStorage, () => 'not a response');
    await assert.rejects(fetch(request(), {}, {}), TypeError);
  });

  it('leaves no session alive after many requests', async () => {
    const core = await loadCore();
    const before = core.liveSessionCount();
    const fetch = withSession(cookieStorage, (req, { session }) => {
      session.set('n', (session.get('n') ?? 0) + 1);
      return new Response('ok');
    });
    let cookie;
    for (let i = 0; i < 500; i++) cookie = sessionCookie(await fetch(request(cookie), {}, {}));
    assert.equal(core.liveSessionCount(), before);
  });
});
