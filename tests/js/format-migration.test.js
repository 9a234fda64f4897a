// Moving a cookie session from one format to the other (issue 10.1): explicit
// (the migrateFrom option) and unambiguous (the old cookie has its own name,
// so a payload's format is never guessed from its shape).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage as theirCookieSessionStorage } from 'react-router';
import { CookieOptionError, createCookieSessionStorage, withSession } from 'edge-session';
import { cookiePair } from './support.js';

const secrets = ['s3cr3t'];

async function reactRouterCookie(values) {
  const theirs = theirCookieSessionStorage({ cookie: { name: '__old', secrets } });
  const session = await theirs.getSession(null);
  for (const [key, value] of Object.entries(values)) session.set(key, value);
  return cookiePair(await theirs.commitSession(session));
}

const migrating = () =>
  createCookieSessionStorage({
    cookie: { name: '__session', secrets },
    format: 'remix-v3',
    migrateFrom: { cookie: { name: '__old', secrets }, format: 'react-router' },
  });

describe('migrateFrom: a React Router cookie moved to the Remix v3 format', () => {
  it('reads the old cookie in its own format, writes the new one and expires the old in the same response', async () => {
    // Data shaped like Remix v3 is still React Router data: read as such, never guessed.
    const old = await reactRouterCookie({ userId: 'ada', i: 'x', d: [{ role: 'admin' }, {}] });
    const handler = withSession(migrating(), async (request, { session }) => new Response(JSON.stringify([session.get('userId'), session.get('role')])));
    const response = await handler(new Request('https://example.com/', { headers: { Cookie: old } }));
    assert.deepEqual(await response.json(), ['ada', null]);
    const setCookies = response.headers.getSetCookie();
    assert.equal(setCookies.length, 2, setCookies.join('\n'));
    assert.match(setCookies[0], /^__session=[^;]+/);
    assert.match(setCookies[1], /^__old=; Max-Age=0/);

    // The new cookie is Remix v3's: {"i":id,"d":[values,flash]}.
    const value = cookiePair(setCookies[0]).slice('__session='.length);
    const payload = JSON.parse(Buffer.from(value.slice(0, value.lastIndexOf('.')), 'base64').toString('utf8'));
    assert.match(payload.i, /^[0-9a-f]{32}$/);
    assert.deepEqual(payload.d[0], { userId: 'ada', i: 'x', d: [{ role: 'admin' }, {}] });
    const next = await migrating().getSession(cookiePair(setCookies[0]));
    assert.equal(next.get('userId'), 'ada');
  });

  it('the new cookie wins when both are sent, and nothing more is written', async () => {
    const storage = migrating();
    const fresh = await storage.getSession(null);
    fresh.set('userId', 'grace');
    const current = cookiePair(await storage.commitSession(fresh));
    const old = await reactRouterCookie({ userId: 'ada' });
    const handler = withSession(storage, async (request, { session }) => new Response(session.get('userId')));
    const response = await handler(new Request('https://example.com/', { headers: { Cookie: `${old}; ${current}` } }));
    assert.equal(await response.text(), 'grace');
    assert.deepEqual(response.headers.getSetCookie(), []);
  });

  it('refuses an old cookie of the same name: the formats cannot be told apart by content', () => {
    assert.throws(
      () =>
        createCookieSessionStorage({
          cookie: { name: '__session', secrets },
          format: 'remix-v3',
          migrateFrom: { cookie: { name: '__session', secrets }, format: 'react-router' },
        }),
      (error) => error instanceof CookieOptionError && /other than "__session"/.test(error.message),
    );
    assert.throws(() => createCookieSessionStorage({ migrateFrom: { cookie: { name: 'x' }, format: 'other' } }), CookieOptionError);
  });
});
