// Two versions of one Worker serving at once (Cloudflare's gradual deployments, a rollback), each with its own
// cookie storage over the same secrets, a browser's requests landing on either. A version with `[old]` reads a
// cookie re-signed with `new` as a fresh session, and its first write signs the user out: README, Security model,
// Rotation, says to deploy `[old, new]` (verifies new, still signs with old) everywhere first, then `[new, old]`.
// This is that procedure, step by step (review pass of 2026-12-05).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { cookiePair } from './support.js';

const base = { name: '__session', httpOnly: true };

/** A Worker version: withSession over `storage`; /in signs in, /flash changes the session, / reads it. */
function version(storage) {
  return withSession(storage, async (request, { session }) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/in') session.set('user', 'mj');
    if (pathname === '/flash') session.flash('notice', 'Saved.');
    return new Response(String(session.get('user') ?? ''));
  });
}

/** Runs `steps` ([fetch, path]) with one browser's cookie; the user each response saw. */
async function browse(steps) {
  let cookie;
  const seen = [];
  for (const [fetch, path] of steps) {
    const response = await fetch(new Request(`https://example.com${path}`, { headers: cookie ? { Cookie: cookie } : {} }), {}, undefined);
    seen.push(await response.text());
    const setCookie = response.headers.get('Set-Cookie');
    if (setCookie) cookie = cookiePair(setCookie);
  }
  return seen;
}

describe('a secret rotated gradually keeps users signed in on both versions', () => {
  it('secret rotation in two deploys ([old, new] everywhere first, then [new, old]) keeps them signed in', async () => {
    const before = version(createCookieSessionStorage({ cookie: { ...base, secrets: ['old'] } }));
    const first = version(createCookieSessionStorage({ cookie: { ...base, secrets: ['old', 'new'] } }));
    const second = version(createCookieSessionStorage({ cookie: { ...base, secrets: ['new', 'old'] } }));
    assert.deepEqual(await browse([[before, '/in'], [first, '/'], [before, '/flash'], [first, '/']]), ['mj', 'mj', 'mj', 'mj']);
    assert.deepEqual(await browse([[first, '/in'], [second, '/'], [first, '/flash'], [second, '/']]), ['mj', 'mj', 'mj', 'mj']);
  });
});
