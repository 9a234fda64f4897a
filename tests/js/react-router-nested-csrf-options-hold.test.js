// A child route's sessionMiddleware joins the root's session (README "React Router") and runs its own csrf check
// with its own options: the `trustedOrigins` and `maxBodyBytes` given to that mount, not the defaults. Protecting
// one part of an app (csrf on the inner mount only) that a partner site posts to must admit the partner's posts
// with a token, and the mount's body bound must hold there as it does on a root mount.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestHandler } from 'react-router';
import { createCookieSessionStorage } from 'edge-session';
import { sessionMiddleware } from 'edge-session/react-router';
import { reactRouterBuild } from '../helpers/react-router-build.js';
import { tokenLoader } from '../helpers/react-router-csrf-routes.js';

const ORIGIN = 'http://app.test';
const PARTNER = 'https://partner.example';
const pairs = (response) => response.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');

function nestedApp(csrf) {
  const shared = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
  const handler = createRequestHandler(reactRouterBuild({
    root: { id: 'root', path: '', module: { middleware: [sessionMiddleware(shared)] } },
    admin: { id: 'admin', parentId: 'root', path: 'admin', module: { middleware: [sessionMiddleware(shared, { csrf })] } },
    form: { id: 'form', parentId: 'admin', path: 'form', module: { loader: tokenLoader } },
    note: {
      id: 'note', parentId: 'admin', path: 'note',
      module: { action: async ({ request }) => new Response(`saved ${(await request.formData()).get('note').length}`) },
    },
  }, { entry: () => new Response('no documents', { status: 500 }) }));
  return (request) => handler(request);
}

async function tokenAndCookie(fetch) {
  const form = await fetch(new Request(`${ORIGIN}/admin/form`));
  return { token: await form.text(), cookie: pairs(form) };
}

const post = (fetch, cookie, headers, body) =>
  fetch(new Request(`${ORIGIN}/admin/note`, { method: 'POST', headers: { Cookie: cookie, ...headers }, body }));

describe("a child route mount's csrf options hold on the session it joins", () => {
  it('trustedOrigins: a trusted cross-site post with the token passes; another site is refused', async () => {
    const fetch = nestedApp({ trustedOrigins: [PARTNER] });
    const { token, cookie } = await tokenAndCookie(fetch);
    const body = () => new URLSearchParams({ _csrf: token, note: 'hi' });
    const trusted = await post(fetch, cookie, { Origin: PARTNER, 'Sec-Fetch-Site': 'cross-site' }, body());
    assert.equal(trusted.status, 200, 'the trusted origin given to the child mount was not applied');
    assert.equal(await trusted.text(), 'saved 2');
    const other = await post(fetch, cookie, { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }, body());
    assert.equal(other.status, 403);
  });

  it('maxBodyBytes: a token past the bound is a 413; within it, the form passes', async () => {
    const fetch = nestedApp({ maxBodyBytes: 256 });
    const { token, cookie } = await tokenAndCookie(fetch);
    const sameOrigin = { Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin' };
    const late = await post(fetch, cookie, sameOrigin, new URLSearchParams([['note', 'x'.repeat(300)], ['_csrf', token]]));
    assert.equal(late.status, 413, "the child mount's maxBodyBytes was not applied");
    const early = await post(fetch, cookie, sameOrigin, new URLSearchParams({ _csrf: token, note: 'x'.repeat(20) }));
    assert.equal(early.status, 200);
  });
});
