// A storage wrapped in the app's own code whose commitSession looks something up before forwarding, and ends the
// session instead of committing it when the lookup says so (a banned or deleted account: `destroySession` of ours).
// The request's lifecycle commits a changed session through that commitSession, so ours is called after the
// wrapper's await, while the lifecycle writes the session. The logout must be made, as on the server-side storages:
// the expiring cookie goes out on the response. (The lifecycle's own logout of a destroyed session through such a
// wrapper: tests/js/wrapped-storage-async-logout.test.js.)
// Regression (adversarial pass on cc58da1): since 52fb716 the cookie storage's destroySession threw SESSION_ENDED
// there (only a session already destroyed was let through), the lifecycle answered 500, and the user stayed signed
// in; the memory storage's logout went through.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, withSession } from 'edge-session';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['s3cr3t-0123456789abcdef0123456789abcdef'] };
const banned = new Set();
const isBanned = async (user) => {
  await new Promise((resolve) => setTimeout(resolve, 1)); // the app's own lookup
  return banned.has(user);
};

function banningWrapper(base) {
  return {
    getSession: (header, options) => base.getSession(header, options),
    async commitSession(session, options) {
      const user = session.get('user');
      if (user !== undefined && (await isBanned(user))) return base.destroySession(session, options);
      return base.commitSession(session, options);
    },
    destroySession: (session, options) => base.destroySession(session, options),
  };
}

function app(storage) {
  return withSession(storage, async (request, { session }) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/in') session.set('user', 'mallory');
    if (pathname === '/note') session.set('note', 'hi');
    return new Response(String(session.get('user')));
  });
}

for (const [kind, make] of [
  ['cookie', () => createCookieSessionStorage({ cookie })],
  ['cookie with userKey and revocation', () => createCookieSessionStorage({ cookie, userKey: 'user', revocation: { kv: mapKV() } })],
  ['memory', () => createMemorySessionStorage({ cookie })],
]) {
  it(`${kind}: a wrapper's commitSession that awaits, then ends the session with destroySession, signs the user out`, async () => {
    banned.clear();
    const errors = [];
    const fetch = app(banningWrapper(make()));
    const jar = new BrowserJar();
    await visit(jar, fetch, '/in', { method: 'POST' });
    assert.equal(await (await visit(jar, fetch, '/me')).text(), 'mallory');
    banned.add('mallory');
    const original = console.error;
    console.error = (...args) => errors.push(args);
    let out;
    try {
      out = await visit(jar, fetch, '/note', { method: 'POST' });
    } finally {
      console.error = original;
    }
    assert.equal(out.status, 200, `the commit that logs out answered ${out.status}: ${errors.map((e) => e.map(String).join(' ')).join('\n')}`);
    assert.equal(await (await visit(jar, fetch, '/me')).text(), 'undefined', 'signed out');
  });
}

// A ctx.waitUntil job's destroySession once the lifecycle's write has committed the session (during the wrapper's
// audit after that commit), while that write is still under way: the response carries the logout instead of the
// commit (adversarial pass on d523db4; before, it threw SESSION_ENDED, and a wrapper that commits then ends the
// session answered 500). After the response it throws, as tests/js/late-destroy-session-cookie shows.
it('cookie with userKey and revocation: a job\'s destroySession while a wrapper audits after its commit is the logout the response carries', async () => {
  const base = createCookieSessionStorage({ cookie, userKey: 'user', revocation: { kv: mapKV() } });
  let committed;
  let audited;
  const commitMade = new Promise((resolve) => { committed = resolve; });
  const auditDone = new Promise((resolve) => { audited = resolve; });
  const wrapper = {
    getSession: (header, options) => base.getSession(header, options),
    async commitSession(session, options) {
      const header = await base.commitSession(session, options);
      committed();
      await auditDone; // the app's audit log of the commit
      return header;
    },
    destroySession: (session, options) => base.destroySession(session, options),
  };
  let late;
  const fetch = withSession(wrapper, async (request, { session }) => {
    session.set('user', 'ada');
    if (new URL(request.url).pathname === '/job') {
      late = commitMade.then(() => base.destroySession(session)).finally(audited);
      late.catch(() => {});
    } else {
      audited();
    }
    return new Response('ok');
  });
  const jar = new BrowserJar();
  const response = await visit(jar, fetch, '/job', { method: 'POST' });
  assert.equal(response.status, 200);
  await late;
  assert.deepEqual(jar.names(), [], 'the browser holds no session cookie: signed out');
  assert.equal(await base.revokeUserSessions('ada'), 0, 'its sign-out recorded, and no cookie holds its sign-in');
});
