// README Cookie format: a storage with migrateFrom reads the old cookie, and the response writes the new one and
// expires the old (withSession and the middlewares even for an untouched session, and with a logout); moving a cookie
// to another path or domain takes a new name, so migrateFrom. The old cookie's expiry must name its own Path and
// Domain (its cookie's, as migrateFrom gives them), or the browser keeps it, and it is read again once the new cookie
// is gone: the logout undone. Cases: React Router's cookie at / moving to ours at /app and the reverse, a Domain
// cookie moving to a host-only __Host- one and the reverse; one cookie or chunks; withSession, Hono, React Router.
// Mutation pass (s51): the old cookie's expiry written at the default Path=/ and no Domain went unnoticed (every
// migrateFrom test had both cookies at Path=/, host-only); the old cookie at /app, or on example.com, was read again
// after the logout. So did the storage's own stale chunks expired at Path=/ with no Domain (cookie-chunks.js
// expiring): a chunk of the logged-out session stayed at /app or on example.com.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage as theirCookieSessionStorage } from 'react-router';
import { createCookieSessionStorage } from 'edge-session';
import { FRAMEWORKS } from './page-under-each-framework.js';
import { assertOneHeaderPerCookie, BrowserJar, visit } from '../helpers/browser-jar.js';

const secrets = ['migration-path-and-domain-secret-0123456789'];
const NOTES = 'n'.repeat(5000); // two cookies with chunks

const MOVES = [
  { move: "React Router's cookie at / to ours at /app", old: {}, cookie: { name: 'app_session', path: '/app' }, origin: 'https://example.com', base: '/app' },
  { move: "React Router's cookie at /app to ours at /", old: { path: '/app' }, cookie: { name: 'app_session' }, origin: 'https://example.com', base: '/app' },
  { move: 'a Domain cookie to a host-only __Host- one', old: { domain: 'example.com' }, cookie: { name: '__Host-session', secure: true }, origin: 'https://app.example.com', base: '' },
  { move: 'a host-only cookie to a Domain one', old: {}, cookie: { name: 'app_session', domain: 'example.com' }, origin: 'https://app.example.com', base: '' },
];

/** The answer to every page: who is signed in; /page writes NOTES (chunks only), /logout and /hand-logout end it. */
async function page(storage, session, path, chunked) {
  const headers = new Headers();
  if (path.endsWith('/page') && chunked) session.set('notes', NOTES);
  if (path.endsWith('/logout')) session.destroy();
  if (path.endsWith('/hand-logout')) headers.append('Set-Cookie', await storage.destroySession(session));
  return new Response(session.destroyed ? 'nobody' : String(session.get('user') ?? 'nobody'), { headers });
}

/** A browser holding only React Router's `__session` (ada's), set with `old`'s attributes on `origin`. */
async function jarHoldingOldCookie(old, origin) {
  const theirs = theirCookieSessionStorage({ cookie: { name: '__session', secrets, ...old } });
  const session = await theirs.getSession(null);
  session.set('user', 'ada');
  return new BrowserJar().apply([await theirs.commitSession(session)], `${origin}/`);
}

describe('a migration to a cookie of another path or domain expires the old cookie where it is', () => {
  for (const [framework, app] of Object.entries(FRAMEWORKS)) {
    for (const chunks of [1, 3]) {
      for (const { move, old, cookie, origin, base } of MOVES) {
        for (const logout of ['/logout', '/hand-logout']) {
          it(`${framework}, chunks: ${chunks}, ${move}: read, then ${logout.slice(1)}`, async () => {
            const storage = createCookieSessionStorage({
              cookie: { ...cookie, secrets },
              chunks,
              migrateFrom: { cookie: { name: '__session', secrets, ...old }, format: 'react-router' },
            });
            const fetchLike = app(storage, (session, path) => page(storage, session, path, chunks > 1));
            const jar = await jarHoldingOldCookie(old, origin);
            const go = async (path) => {
              const response = await visit(jar, fetchLike, `${base}${path}`, { origin });
              assertOneHeaderPerCookie(response.headers.getSetCookie());
              return response.text();
            };
            assert.equal(await go('/page'), 'ada', 'the old cookie is read');
            assert.ok(!jar.names().includes('__session'), `the old cookie is expired where it is: ${jar.names()}`);
            assert.equal(await go('/page'), 'ada', 'the new cookie is read');
            assert.equal(await go(logout), 'nobody');
            assert.deepEqual(jar.names(), [], 'no session cookie left, on any path or domain');
            assert.equal(await go('/page'), 'nobody', 'the logout stands');
          });
        }
      }
    }
  }
});
