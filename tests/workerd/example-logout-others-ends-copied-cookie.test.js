// The example's "Sign out of my other devices" (POST /logout-others) in every store mode: a copy of this device's
// own cookie, taken before, ends too, and a CSRF token from before no longer passes. Regression (pentest pass): on
// kv and do the revocation kept the device's ID, so a thief's copy of this device's cookie stayed signed in (listed
// as this very device), and in every mode the kept session's CSRF secret stayed. The example now follows the
// revocation with regenerateId(true) (README: revokeUserSessions).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { csrfFieldOf } from '../helpers/csrf-field.js';
import { startWorker } from '../helpers/start-worker.js';

const SECRET = 'example-logout-others-secret-5d2e';
const STORES = ['cookie', 'sealed', 'kv', 'do'];

/** Requests to `worker` with a jar's cookies: their status and body text. */
function requestTo(worker) {
  return async (jar, path, init) => {
    const { response } = await jar.fetch(new URL(path, worker.url), init);
    return { status: response.status, body: await response.text() };
  };
}

describe('the example: "sign out of my other devices" ends every copy of the cookie', () => {
  const workers = {};
  before(async () => {
    for (const store of STORES) workers[store] = await startWorker({ vars: { SESSION_STORE: store }, secrets: { SESSION_SECRET: SECRET } });
  }, { timeout: 120_000 });
  after(() => Promise.all(Object.values(workers).map((w) => w.dispose())));

  for (const store of STORES) {
    it(`${store}: a thief's copy of this device's cookie is signed out by "sign out of my other devices"`, { timeout: 30_000 }, async () => {
      const request = requestTo(workers[store]);
      const device = new CookieJar();
      const home = await request(device, '/');
      await request(device, '/login', { method: 'POST', body: new URLSearchParams({ name: 'Ada', _csrf: csrfFieldOf(home.body) }) });
      const page = await request(device, '/');
      const stolen = device.header(); // the thief's copy
      await request(device, '/logout-others', { method: 'POST', body: new URLSearchParams({ _csrf: csrfFieldOf(page.body) }) });
      assert.match((await request(device, '/')).body, /Hello, Ada!/, 'the kept device stays signed in');
      const thief = await fetch(new URL('/', workers[store].url), { headers: { Cookie: stolen } }).then((r) => r.text());
      assert.match(thief, /Hello, stranger!/, 'the stolen copy of the kept cookie still opens the session');
    });

    it(`${store}: a token from before the revocation no longer passes on the kept device`, { timeout: 30_000 }, async () => {
      const request = requestTo(workers[store]);
      const device = new CookieJar();
      const home = await request(device, '/');
      await request(device, '/login', { method: 'POST', body: new URLSearchParams({ name: 'Ada', _csrf: csrfFieldOf(home.body) }) });
      const page = await request(device, '/');
      const seenByThief = csrfFieldOf(page.body); // the thief copied the cookie (and so the secret) before this
      const revoked = await request(device, '/logout-others', { method: 'POST', body: new URLSearchParams({ _csrf: csrfFieldOf(page.body) }) });
      assert.equal(revoked.status, 303);
      const replay = await request(device, '/notes', { method: 'POST', body: new URLSearchParams({ notes: 'planted', _csrf: seenByThief }) });
      assert.equal(replay.status, 403, 'the pre-revocation token still passes: the CSRF secret was not rotated');
    });
  }
});
