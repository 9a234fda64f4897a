// A storage wrapped in the app's own code whose commitSession forwards the commit, then ends the session with
// destroySession when what it learns says so (a banned account found by the commit's own write, a check of the
// header): the header it returns, the logout's, is what the request's lifecycle sends. The memory storage signs the
// user out; so must the cookie storage. Regression (adversarial pass on d523db4): the cookie storage's destroySession
// threw SESSION_ENDED there (something of the lifecycle's write was committed already), the response was a 500, and
// the banned user stayed signed in. (The wrapper that awaits, then destroys instead of committing:
// tests/js/wrapped-storage-commit-becomes-logout.test.js.)
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['s3cr3t-0123456789abcdef0123456789abcdef'] };

for (const [kind, make] of [
  ['cookie', () => createCookieSessionStorage({ cookie })],
  ['cookie with userKey and revocation', () => createCookieSessionStorage({ cookie, userKey: 'user', revocation: { kv: mapKV() } })],
  ['memory', () => createMemorySessionStorage({ cookie })],
]) {
  it(`${kind}: a wrapper's commitSession that commits, then ends the session with destroySession, signs the user out`, async () => {
    const base = make();
    const banned = new Set();
    const wrapper = {
      getSession: (header, options) => base.getSession(header, options),
      async commitSession(session, options) {
        const header = await base.commitSession(session, options);
        if (banned.has(session.get('user'))) return base.destroySession(session, options);
        return header;
      },
      destroySession: (session, options) => base.destroySession(session, options),
    };
    const fetch = withSession(wrapper, async (request, { session }) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/in') session.set('user', 'mallory');
      if (pathname === '/note') session.set('note', 'hi');
      return new Response(String(session.get('user')));
    });
    const jar = new BrowserJar();
    await visit(jar, fetch, '/in', { method: 'POST' });
    banned.add('mallory');
    const errors = [];
    const original = console.error;
    console.error = (...args) => errors.push(args.map(String).join(' '));
    let out;
    try {
      out = await visit(jar, fetch, '/note', { method: 'POST' });
    } finally {
      console.error = original;
    }
    assert.equal(out.status, 200, `the commit that logs out answered ${out.status}: ${errors.join('\n')}`);
    assert.equal(await (await visit(jar, fetch, '/me')).text(), 'undefined', 'signed out');
  });
}
