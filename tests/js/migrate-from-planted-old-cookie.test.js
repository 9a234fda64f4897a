// A storage migrating to a `__Host-` name from an unprefixed one (`migrateFrom`) reads the old cookie whenever the new
// one is absent, and another host (a sibling subdomain, a network attacker over plain http) can set a cookie of the
// old name: an attacker's own old-format session planted there is read and written under the new name (login CSRF),
// README "Security model". Pinned both ways: read for a visitor without the `__Host-` cookie (the limit the README
// states), never beside it (a signed-in visitor keeps the prefix's protection).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createCookieSessionStorage as reactRouterStorage } from 'react-router';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

const SECRET = 'planted-old-cookie-secret-0123456789abcd';
const NEW = '__Host-session';

/** The attacker's own session in the old format, a copy kept from before the switch. */
async function attackersOldCookie() {
  const old = reactRouterStorage({ cookie: createCookie('__session', { secrets: [SECRET], httpOnly: true }) });
  const session = await old.getSession();
  session.set('userId', 'mallory');
  return (await old.commitSession(session)).split(';')[0];
}

const storage = createCookieSessionStorage({
  cookie: { name: NEW, secrets: [SECRET], secure: true, httpOnly: true, path: '/' },
  userKey: 'userId',
  migrateFrom: { cookie: { name: '__session', secrets: [SECRET] }, format: 'react-router' },
});
const page = withSession(storage, (request, { session }) => {
  if (new URL(request.url).pathname === '/login') session.set('userId', 'ann');
  return new Response(`${session.get('userId') ?? 'nobody'} ${csrfToken(session)}`);
}, { csrf: true });
const newCookieOf = (response) => response.headers.getSetCookie().find((header) => header.startsWith(`${NEW}=`))?.split(';')[0];

describe('migrateFrom an unprefixed name: a planted old cookie', () => {
  it('is read, and written under the __Host- name, for a visitor without the __Host- cookie (README: the limit)', async () => {
    const response = await page(new Request('https://app.test/', { headers: { Cookie: await attackersOldCookie() } }));
    assert.match(await response.text(), /^mallory /);
    const written = newCookieOf(response);
    assert.ok(written, 'the planted session is written under the new name');
    assert.match(await (await page(new Request('https://app.test/', { headers: { Cookie: written } }))).text(), /^mallory /);
  });

  it('is never read beside the visitor\'s own __Host- cookie', async () => {
    const signedIn = newCookieOf(await page(new Request('https://app.test/login')));
    // The sibling's cookie comes first in the header (set earlier, or on a longer path).
    const response = await page(new Request('https://app.test/', { headers: { Cookie: `${await attackersOldCookie()}; ${signedIn}` } }));
    assert.match(await response.text(), /^ann /);
  });
});
