// README, Sealed cookies (Migration): a signed cookie too close to its limit to fit sealed "is left signed, still
// read, with a one-time warning"; Choices: a session written only to renew, re-sign, seal or migrate it that no
// longer fits "is left as the browser holds it ... a page that changes nothing never fails for a write it did not
// ask for" (withSession's and the middlewares' rule). With `chunks` this held only when the core refused the value:
// one the core took but the cut into cookies (each cookie's name, count and attributes) or the 16384-byte Cookie
// header budget refused was marked unsent by the storage, which the lifecycle took for a change of the app's own.
// Regression (s51 sealed and chunks scenario pass): a signed chunked session at the most `chunks` holds, read by the
// same storage with encrypt: 'migrate' (its sealed form is 11 bytes longer), answered 500 on every request, read-only
// pages included, under withSession, Hono and React Router.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { createRequestHandler } from 'react-router';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { sessionMiddleware as honoSession } from 'edge-session/hono';
import { sessionContext, sessionMiddleware as reactRouterSession } from 'edge-session/react-router';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { reactRouterBuild } from '../helpers/react-router-build.js';

const secrets = ['s'.repeat(32)];
const storageOf = (options) => createCookieSessionStorage({ cookie: { name: '__session', secrets }, ...options });

/** The largest size `commit` takes, looked for by halves. */
async function largest(commit) {
  let low = 0;
  let high = 17_000;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (await commit(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * A browser holding a signed session of `chunks` cookies that does not fit them sealed: a value of 'a's alone, whose
 * base64 has no '+' or '/' (no %XX escape in the signed payload), near the most the cookies hold signed.
 */
async function browserAtTheLimit(chunks) {
  const commit = async (storage, size) => {
    const session = await storage.getSession(null);
    session.set('n', 'a'.repeat(size));
    return storage.commitSessionHeaders(session).catch(() => undefined);
  };
  const signed = storageOf({ chunks });
  const low = await largest((size) => commit(signed, size));
  // The signature's %XX escapes move what fits by a few bytes either way: a size is looked for around it.
  const sealed = storageOf({ chunks, encrypt: true });
  let size = low + 40;
  while (size > low - 40 && (!(await commit(signed, size)) || (await commit(sealed, size)))) size--;
  assert.ok(size > low - 40, `a size near ${low} that fits signed, not sealed`);
  const jar = new BrowserJar();
  jar.apply(await commit(signed, size));
  return { jar, size };
}

/** The page: how long the session's value is; it changes nothing. */
const page = (session) => Response.json({ n: session.get('n')?.length ?? 0 });

const frontends = {
  withSession: (storage) => withSession(storage, (request, { session }) => page(session)),
  Hono: (storage) => {
    const app = new Hono();
    app.use(honoSession(storage));
    app.get('*', (c) => page(c.get('session')));
    return (request) => app.fetch(request);
  },
  'React Router': (storage) =>
    createRequestHandler(
      reactRouterBuild({
        root: { id: 'root', path: '', module: { middleware: [reactRouterSession(storage)], default: () => null } },
        'routes/page': { id: 'routes/page', parentId: 'root', path: 'page', module: { default: null, loader: ({ context }) => page(context.get(sessionContext)) } },
      }),
    ),
};

describe("a chunked session the cut into cookies cannot take written anew is left as the browser holds it", () => {
  const cases = [
    { what: "encrypt: 'migrate', 2 cookies (past the cookies' room)", chunks: 2 },
    { what: "encrypt: 'migrate', 4 cookies (past the cookies' room)", chunks: 4 },
    { what: "encrypt: 'migrate', 16 cookies (past the Cookie header budget)", chunks: 16 },
  ];
  for (const { what, chunks } of cases) {
    for (const [frontend, appOf] of Object.entries(frontends)) {
      it(`${what}, ${frontend}`, async (t) => {
        const warn = t.mock.method(console, 'warn', () => {});
        t.mock.method(console, 'error', () => {});
        const { jar, size } = await browserAtTheLimit(chunks);
        const held = jar.header();
        const app = appOf(storageOf({ chunks, encrypt: 'migrate' }));
        for (let request = 1; request <= 2; request++) {
          const response = await visit(jar, app, '/page');
          assert.equal(response.status, 200, `request ${request}: ${response.status}`);
          assert.deepEqual(await response.json(), { n: size });
          assert.deepEqual(response.headers.getSetCookie(), [], 'nothing that would not fit is written');
          assert.equal(jar.header(), held, 'the browser keeps its signed cookies');
        }
        const leftAsItIs = warn.mock.calls.filter(({ arguments: [message] }) => /was left as the browser holds it/.test(message));
        assert.equal(leftAsItIs.length, 1, 'warned of once');
      });
    }
  }

  // README, Choices: by hand such a commit throws CookieTooLargeError, "which you may catch when `!session.dirty` (a
  // renewal, re-signing or migration only)": refused by the cut, the session had turned dirty, its rewrite no longer due.
  it('by hand, commitSessionHeaders throws and leaves it as it was: not dirty, its rewrite still due', async () => {
    const { jar } = await browserAtTheLimit(2);
    const storage = storageOf({ chunks: 2, encrypt: 'migrate' });
    const session = await storage.getSession(jar.header());
    assert.deepEqual([session.dirty, session.renewalDue], [false, true]);
    await assert.rejects(storage.commitSessionHeaders(session), { name: 'CookieTooLargeError', code: 'COOKIE_TOO_LARGE' });
    assert.deepEqual([session.dirty, session.renewalDue], [false, true]);
  });

  it('a change of the app to such a session is still refused (a 500), never dropped', async (t) => {
    t.mock.method(console, 'error', () => {});
    const { jar } = await browserAtTheLimit(2);
    const app = withSession(storageOf({ chunks: 2, encrypt: 'migrate' }), (request, { session }) => {
      session.set('seen', 1);
      return page(session);
    });
    assert.equal((await visit(jar, app, '/page')).status, 500);
  });
});

// The same rule for a session whose only change is clearing a flash that arrived (README, Choices: "So is one whose
// only change is a flash that arrived, to be cleared"), written anew with the times idleTimeout adds: near the most
// 4 cookies hold, some sizes are refused by the core (left, as before) and some only by the cut (a 500 before).
it('a chunked session near its limit that arrives with a flash, idleTimeout added since: never a 500', async (t) => {
  const warn = t.mock.method(console, 'warn', () => {});
  t.mock.method(console, 'error', () => {});
  const signed = storageOf({ chunks: 4 });
  const commit = async (size) => {
    const session = await signed.getSession(null);
    session.set('n', 'a'.repeat(size));
    session.flash('notice', 'saved');
    return signed.commitSessionHeaders(session).catch(() => undefined);
  };
  const low = await largest(commit);
  const app = withSession(storageOf({ chunks: 4, idleTimeout: 3600 }), (request, { session }) => page(session));
  let left = 0;
  for (let size = low - 120; size <= low; size++) {
    const headers = await commit(size);
    if (!headers) continue;
    const jar = new BrowserJar();
    jar.apply(headers);
    const held = jar.header();
    const response = await visit(jar, app, '/page');
    assert.equal(response.status, 200, `${size} bytes of value`);
    assert.deepEqual(await response.json(), { n: size });
    if (response.headers.getSetCookie().length > 0) continue;
    assert.equal(jar.header(), held, 'left as the browser holds it');
    left++;
  }
  assert.ok(left > 0, 'some session near the limit no longer fits written anew');
  assert.ok(warn.mock.calls.some(({ arguments: [message] }) => /was left as the browser holds it/.test(message)));
});
