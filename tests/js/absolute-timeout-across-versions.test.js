// absoluteTimeout across two configurations serving one site at once (a gradual deployment that adds it, or a
// rollback to the version without it and forward again): README, Session lifetime: absoluteTimeout ends a session
// "8 hours after it began, however busy", counted from the times kept in the payload or record. A version with no
// expiry and no timeout (browser-session cookies, as README recommends before adding timeouts) must not wipe those
// times when it writes the session: the next read under absoluteTimeout then took it for a session begun now, and
// it lived on past its limit. README says React Router, rolled back to, keeps `__es__` as it is; edge-session's own
// older configuration must not do worse.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createSessionStorage, withSession } from 'edge-session';
import { createFileSessionStorage } from '../../js/index.node.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { cookiePair, movableClock } from './support.js';
import { tempDir } from '../helpers/temp-dir.js';

const clock = movableClock();
afterEach(clock.reset);
const cookie = { name: '__session', secrets: ['s3cr3t'], httpOnly: true };
const HOUR = 3600;

/** Two storages over one backend: `(options) => storage`. */
const kinds = {
  cookie: () => (options) => createCookieSessionStorage({ cookie, ...options }),
  'createSessionStorage': () => {
    const backend = mapBackend();
    return (options) => createSessionStorage({ cookie, ...callbacksOf(backend), ...options });
  },
  file: () => {
    const dir = tempDir('edge-session-abs-');
    return (options) => createFileSessionStorage({ cookie, dir, ...options });
  },
};

/** A request through `withSession` of `storage`; the browser's cookie after it. */
async function visit(storage, cookieHeader, handler = () => {}) {
  const fetch = withSession(storage, async (request, { session }) => {
    handler(session);
    return new Response(String(session.get('user') ?? ''));
  });
  const response = await fetch(new Request('https://example.com/', { headers: cookieHeader ? { Cookie: cookieHeader } : {} }), {}, undefined);
  const setCookie = response.headers.get('Set-Cookie');
  return { user: await response.text(), cookie: setCookie ? cookiePair(setCookie) : cookieHeader };
}

describe('absoluteTimeout holds while a version without timeouts serves beside it', () => {
  for (const [kind, over] of Object.entries(kinds)) {
    it(kind, async () => {
      const storageOf = over();
      const withLimit = storageOf({ absoluteTimeout: 2 * HOUR }); // the new version
      const without = storageOf({}); // the old one, still serving some requests
      let jar = (await visit(withLimit, undefined, (session) => session.set('user', 'mj'))).cookie;
      // An hour and a half in, the old version serves a request that changes the session (a flash, a preference).
      clock.wait(1.5 * HOUR);
      let seen = await visit(without, jar, (session) => session.set('theme', 'dark'));
      assert.equal(seen.user, 'mj');
      jar = seen.cookie;
      // Back on the new version, still within the two hours: served, and written (its times are due).
      clock.wait(0.25 * HOUR);
      seen = await visit(withLimit, jar);
      assert.equal(seen.user, 'mj');
      jar = seen.cookie;
      // Two and a half hours after it began: past absoluteTimeout, however its requests were spread.
      clock.wait(0.75 * HOUR);
      seen = await visit(withLimit, jar);
      assert.equal(seen.user, '', 'the session outlived absoluteTimeout after a write by the version without it');
    });
  }
});

it("absoluteTimeout holds through Remix v3's read/save beside a version without it (cookie storage)", async () => {
  const withLimit = createCookieSessionStorage({ cookie, absoluteTimeout: 2 * HOUR });
  const without = createCookieSessionStorage({ cookie });
  let session = await withLimit.read(null);
  session.set('user', 'mj');
  let value = await withLimit.save(session);
  clock.wait(1.5 * HOUR);
  session = await without.read(value);
  assert.equal(session.get('user'), 'mj');
  session.set('theme', 'dark');
  value = await without.save(session);
  clock.wait(0.25 * HOUR);
  session = await withLimit.read(value);
  assert.equal(session.get('user'), 'mj');
  value = (await withLimit.save(session)) ?? value;
  clock.wait(0.75 * HOUR);
  session = await withLimit.read(value);
  assert.equal(session.get('user'), undefined, 'the session outlived absoluteTimeout after a save by the version without it');
});
