// A browser holding a session cookie's name on two paths or domains sends both pairs (RFC 6265 5.4: the longer
// path's first, then the older first): after a deploy moved the cookie to another path or domain. The first pair of
// a name is the one read (issue 2: "duplicate names: first wins", as React Router), so the README says to change the
// cookie's name with its path or domain. Found by a black-box pass over deploys: the README said a new secret was
// enough, and "the old path's cookie reads again once the new one is expired"; the old path's cookie is read first
// on its pages while the new one lives, and with a new secret it signed every user out there until it expired.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createCookieSessionStorage, createSessionStorage, withSession } from '../../js/index.node.js';

const A = 'secret-A-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'secret-B-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

/** A browser's cookie jar: replaced by name, domain, path and host-only; sent in RFC 6265 5.4's order. */
class Browser {
  cookies = [];
  made = 0;

  receive(response, url) {
    const { hostname } = new URL(url);
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...parts] = header.split(';').map((part) => part.trim());
      const equals = pair.indexOf('=');
      const attributes = {};
      for (const part of parts) {
        const at = part.indexOf('=');
        attributes[(at < 0 ? part : part.slice(0, at)).toLowerCase()] = at < 0 ? true : part.slice(at + 1);
      }
      const cookie = {
        name: pair.slice(0, equals),
        value: pair.slice(equals + 1),
        hostOnly: !attributes.domain,
        domain: (attributes.domain ?? hostname).replace(/^\./, ''),
        path: attributes.path ?? '/',
      };
      const same = (held) => held.name === cookie.name && held.domain === cookie.domain && held.path === cookie.path && held.hostOnly === cookie.hostOnly;
      const at = this.cookies.findIndex(same);
      if (Number(attributes['max-age']) <= 0) {
        if (at >= 0) this.cookies.splice(at, 1);
      } else if (at >= 0) {
        this.cookies[at].value = cookie.value;
      } else {
        this.cookies.push({ ...cookie, made: this.made++ });
      }
    }
  }

  header(url) {
    const { hostname, pathname } = new URL(url);
    const sent = this.cookies.filter(
      (c) =>
        (c.hostOnly ? hostname === c.domain : hostname === c.domain || hostname.endsWith(`.${c.domain}`)) &&
        (pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)),
    );
    sent.sort((x, y) => y.path.length - x.path.length || x.made - y.made);
    return sent.map((c) => `${c.name}=${c.value}`).join('; ');
  }
}

/** A Worker: /login signs in (with `data`), /logout signs out; every page answers who is signed in. */
function app(storage, data = {}) {
  return withSession(storage, async (request, { session }) => {
    const { pathname } = new URL(request.url);
    if (pathname.endsWith('/login')) {
      session.set('userId', 'u1');
      for (const [key, value] of Object.entries(data)) session.set(key, value);
    }
    if (pathname.endsWith('/logout')) session.destroy();
    return new Response(JSON.stringify(session.get('userId') ?? null));
  });
}

async function visit(fetch, browser, url) {
  const cookie = browser.header(url);
  const response = await fetch(new Request(url, { headers: cookie ? { Cookie: cookie } : {} }));
  browser.receive(response, url);
  return response.json();
}

/** Signs in under v1 on /app, then under v2 (the cookie moved) on /app again. */
async function moveThenSignIn(v1, v2, origin = 'https://example.com') {
  const browser = new Browser();
  assert.equal(await visit(v1, browser, `${origin}/app/login`), 'u1');
  assert.equal(await visit(v2, browser, `${origin}/app/page`), null, 'the old cookie is not read under v2');
  assert.equal(await visit(v2, browser, `${origin}/app/login`), 'u1');
  return browser;
}

const big = { notes: 'x'.repeat(6000) }; // two cookies with chunks

describe('a session cookie whose name the browser sends twice', () => {
  for (const [kind, options, data] of [
    ['signed', {}, {}],
    ['sealed', { encrypt: true }, {}],
    ['chunked', { chunks: 3 }, big],
  ]) {
    it(`moved to another path with another name (${kind}): a sign-in sticks and a sign-out stands on the old path's pages`, async () => {
      const v1 = app(createCookieSessionStorage({ cookie: { path: '/app', secrets: [A] }, ...options }), data);
      const v2 = app(createCookieSessionStorage({ cookie: { name: '__session2', path: '/', secrets: [A] }, ...options }), data);
      const browser = await moveThenSignIn(v1, v2);
      assert.equal(await visit(v2, browser, 'https://example.com/app/page'), 'u1');
      assert.equal(await visit(v2, browser, 'https://example.com/'), 'u1');
      assert.equal(await visit(v2, browser, 'https://example.com/app/logout'), null);
      assert.equal(await visit(v2, browser, 'https://example.com/app/page'), null, 'signed out on the old path too');
    });
  }

  it('moved to another domain with another name: a sign-in sticks and a sign-out stands', async () => {
    const v1 = app(createCookieSessionStorage({ cookie: { secrets: [A] } }));
    const v2 = app(createCookieSessionStorage({ cookie: { name: '__session2', domain: 'example.com', secrets: [A] } }));
    const browser = new Browser();
    await visit(v1, browser, 'https://app.example.com/login');
    assert.equal(await visit(v2, browser, 'https://app.example.com/page'), null);
    assert.equal(await visit(v2, browser, 'https://app.example.com/login'), 'u1');
    assert.equal(await visit(v2, browser, 'https://app.example.com/page'), 'u1');
    assert.equal(await visit(v2, browser, 'https://app.example.com/logout'), null);
    assert.equal(await visit(v2, browser, 'https://app.example.com/page'), null);
  });

  it("a server-side storage's ID cookie moved to another path with another name: the user stays signed in", async () => {
    const records = new Map(); // one backend across the deploy
    const backend = (cookie) =>
      createSessionStorage({
        cookie,
        async createData(data) {
          const id = crypto.randomUUID();
          records.set(id, data);
          return id;
        },
        readData: async (id) => records.get(id) ?? null,
        updateData: async (id, data) => void records.set(id, data),
        deleteData: async (id) => void records.delete(id),
      });
    const v1 = app(backend({ path: '/app', secrets: [A] }));
    const v2 = app(backend({ name: '__session2', path: '/', secrets: [A] }));
    const browser = await moveThenSignIn(v1, v2);
    assert.equal(await visit(v2, browser, 'https://example.com/app/page'), 'u1');
  });

  // What the README says of a move that keeps the name: the old path's cookie, sent first, is the one read there.
  it('moved with the same name and a new secret: the old cookie reads as a fresh session on its pages until it expires', async () => {
    const v1 = app(createCookieSessionStorage({ cookie: { path: '/app', secrets: [A] } }));
    const v2 = app(createCookieSessionStorage({ cookie: { path: '/', secrets: [B] } }));
    const browser = await moveThenSignIn(v1, v2);
    assert.equal(await visit(v2, browser, 'https://example.com/'), 'u1');
    assert.equal(await visit(v2, browser, 'https://example.com/app/page'), null);
  });

  it('moved with the same name and secret: the old cookie is read on its pages, a sign-out there included', async () => {
    const v1 = app(createCookieSessionStorage({ cookie: { path: '/app', secrets: [A] } }));
    const v2 = app(createCookieSessionStorage({ cookie: { path: '/', secrets: [A] } }));
    const browser = new Browser();
    await visit(v1, browser, 'https://example.com/app/login');
    await visit(v2, browser, 'https://example.com/app/login');
    assert.equal(await visit(v2, browser, 'https://example.com/app/logout'), null);
    assert.equal(await visit(v2, browser, 'https://example.com/app/page'), 'u1');
    assert.equal(await visit(v2, browser, 'https://example.com/'), null);
  });

  it('the first pair of the name is read, verified or not (issue 2: first wins)', async () => {
    const storage = createCookieSessionStorage({ cookie: { secrets: [A] } });
    const pairOf = async (user) => {
      const session = await storage.getSession();
      session.set('userId', user);
      return (await storage.commitSession(session)).split(';')[0];
    };
    const [first, second] = [await pairOf('first'), await pairOf('second')];
    assert.equal((await storage.getSession(`${first}; ${second}`)).get('userId'), 'first');
    assert.equal((await storage.getSession(`${second}; ${first}`)).get('userId'), 'second');
    assert.equal((await storage.getSession(`__session=junk; ${second}`)).get('userId'), undefined);
    const cookie = createCookie('prefs', { secrets: [A] });
    const current = (await cookie.serialize({ theme: 'dark' })).split(';')[0];
    assert.equal(await cookie.parse(`prefs=tampered; ${current}`), null);
    assert.deepEqual(await cookie.parse(`${current}; prefs=tampered`), { theme: 'dark' });
  });

  // Mutation pass: a chunked session's pairs are read in JavaScript (js/cookie-header.js cookiePairs), and reading
  // them last-wins passed every test.
  it('a chunked session sent twice under the same names: the first pair of each name is read', async () => {
    const storage = createCookieSessionStorage({ cookie: { secrets: [A] }, chunks: 3 });
    const pairsOf = async (user) => {
      const session = await storage.getSession();
      session.set('userId', user);
      session.set('notes', big.notes);
      return (await storage.commitSessionHeaders(session)).map((header) => header.split(';')[0]);
    };
    const [first, second] = [await pairsOf('first'), await pairsOf('second')];
    assert.equal(first.length, 2);
    assert.equal((await storage.getSession([...first, ...second].join('; '))).get('userId'), 'first');
    assert.equal((await storage.getSession([...second, ...first].join('; '))).get('userId'), 'second');
    // Interleaved, as one path's cookie and another's chunk may come: the first of each name, so a mix, unverified.
    assert.equal((await storage.getSession([first[0], second[0], first[1], second[1]].join('; '))).get('userId'), 'first');
    assert.equal((await storage.getSession([first[0], second[1], first[1], second[0]].join('; '))).size, 0);
  });
});
