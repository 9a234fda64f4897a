// A storage wrapped in the app's own code whose destroySession awaits something before forwarding to ours (an audit
// log of the logout, a metrics call): the request's lifecycle ends a destroyed session through that destroySession
// (a wrapper without commitSessionHeaders), so ours runs after the wrapper's await, once the lifecycle has marked the
// session as being written. The logout must still be made: the expiring cookie goes out on the response.
// Regression (adversarial pass on 52fb716): the cookie storage's destroySession threw SESSION_ENDED there, the
// lifecycle answered 500, and the user stayed signed in (a server-side storage's logout still went through).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['s3cr3t-0123456789abcdef0123456789abcdef'] };
const audit = () => new Promise((resolve) => setTimeout(resolve, 1)); // the app's own audit log of the logout

function auditedWrapper(base) {
  return {
    getSession: (header, options) => base.getSession(header, options),
    commitSession: (session, options) => base.commitSession(session, options),
    async destroySession(session, options) {
      await audit();
      return base.destroySession(session, options);
    },
  };
}

function app(storage) {
  return withSession(storage, async (request, { session }) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/in') session.set('user', 'ada');
    if (pathname === '/out') session.destroy();
    return new Response(String(session.destroyed ? 'out' : session.get('user')));
  });
}

for (const [kind, make] of [
  ['cookie', () => createCookieSessionStorage({ cookie })],
  ['cookie with userKey and revocation', () => createCookieSessionStorage({ cookie, userKey: 'user', revocation: { kv: mapKV() } })],
  ['memory', () => createMemorySessionStorage({ cookie })],
]) {
  it(`${kind}: session.destroy() through a wrapper whose destroySession awaits first signs the user out`, async () => {
    const errors = [];
    const base = make();
    const fetch = app(auditedWrapper(base));
    const jar = new BrowserJar();
    await visit(jar, fetch, '/in', { method: 'POST' });
    assert.equal(await (await visit(jar, fetch, '/me')).text(), 'ada');
    const original = console.error;
    console.error = (...args) => errors.push(args);
    let out;
    try {
      out = await visit(jar, fetch, '/out', { method: 'POST' });
    } finally {
      console.error = original;
    }
    assert.equal(out.status, 200, `the logout answered ${out.status}: ${await out.text()} ${errors.map((e) => e.map(String).join(' ')).join('\n')}`);
    assert.equal(await (await visit(jar, fetch, '/me')).text(), 'undefined', 'signed out');
    if (kind.includes('revocation')) assert.equal(await base.revokeUserSessions('ada'), 0, 'its sign-out is recorded');
  });
}
