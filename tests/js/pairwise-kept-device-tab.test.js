// Pairwise lens, cookie storage with `revocation` x entry point: another tab of the device a "sign out of my other
// devices" kept, whose request carries the device's old (now void) cookie and renders a form (a CSRF secret in a fresh
// session), must not replace the kept cookie (README, Signing out everywhere: "for 30 s after the revocation ...
// write such a session only if it signs in").
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { CookieJar } from '../helpers/cookie-jar.js';
import { entryOf, NAME } from './pairwise-app.js';
import { mapKV } from './map-kv.js';

const SECRETS = ['pairwise-kept-tab-secret-0123456789abcdef'];
const ORIGIN = 'https://app.test';

async function send(fetch, jar, method, path, { token, cookie } = {}) {
  const headers = new Headers({ 'Sec-Fetch-Site': 'same-origin', Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' });
  const sent = cookie ?? jar.header();
  if (sent) headers.set('Cookie', sent);
  const body = method === 'POST' ? new URLSearchParams({ user: 'alice', ...(token ? { _csrf: token } : {}) }).toString() : undefined;
  const response = await fetch(new Request(`${ORIGIN}/${path}`, { method, headers, body }));
  const setCookies = cookie === undefined ? jar.update(response) : response.headers.getSetCookie();
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, setCookies };
}

for (const entry of ['withSession', 'hono', 'reactRouter', 'remix']) {
  describe(`cookie storage + revocation under ${entry}`, () => {
    it("another tab of the kept device, carrying its old cookie, does not replace the kept cookie", async () => {
      const config = { storage: 'cookie', entry, lifetime: 'none', users: 'on', csrf: 'form', format: 'default', flash: 'none', regen: 'none' };
      const storage = createCookieSessionStorage({ cookie: { name: NAME, secrets: SECRETS, httpOnly: true, maxAge: 86_400 }, userKey: 'userId', revocation: { kv: mapKV() } });
      const { fetch } = entryOf(config, storage, SECRETS);
      const a = new CookieJar();
      const b = new CookieJar();
      for (const jar of [a, b]) {
        const { body } = await send(fetch, jar, 'GET', 'form');
        assert.equal((await send(fetch, jar, 'POST', 'login', { token: body.token })).status, 303);
      }
      const oldB = b.header();
      const token = (await send(fetch, b, 'GET', 'form')).body.token;
      const revoked = await send(fetch, b, 'POST', 'revoke', { token });
      assert.equal(revoked.status, 200);
      assert.equal(revoked.body.revoked, 1);
      // The other tab's request left before the revocation's answer arrived: the old cookie, a page with a form.
      const tab = await send(fetch, b, 'GET', 'form', { cookie: oldB });
      assert.equal(tab.body.user, null, 'the old cookie is void');
      assert.deepEqual(tab.setCookies.filter((c) => c.startsWith(`${NAME}=`)), [], 'the tab writes no cookie over the kept one');
      assert.equal((await send(fetch, b, 'GET', 'page')).body.user, 'alice', 'the kept device is still signed in');
    });
  });
}
