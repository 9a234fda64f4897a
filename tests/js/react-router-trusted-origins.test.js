// README (CSRF, Choices): "A listed origin passes whatever Sec-Fetch-Site says" for `{ csrf: { trustedOrigins } }`,
// offered on edge-session/react-router's sessionMiddleware too. React Router 7.18 refuses an action request (a
// document POST or a `.data` submission) whose Origin is not the request URL's with its own 400 before any middleware
// runs (lib/actions.ts throwIfPotentialCSRFAttack), unless the build's `allowedActionOrigins` lists it. Found driving
// the framework apps in Chromium (tests/browser/react-router-app.test.js: a cross-origin post gets 400, not 403).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestHandler } from 'react-router';
import { createCookieSessionStorage } from 'edge-session';
import { sessionMiddleware } from 'edge-session/react-router';
import { reactRouterBuild } from '../helpers/react-router-build.js';
import { tokenLoader } from '../helpers/react-router-csrf-routes.js';

const TRUSTED = 'https://www.app.test';
const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-trusted-origins-0123456789abcdef'] } });

function handlerWith(buildOptions = {}) {
  const build = reactRouterBuild({
    root: { id: 'root', path: '', module: { middleware: [sessionMiddleware(storage, { csrf: { trustedOrigins: [TRUSTED] } })] } },
    'routes/token': { id: 'routes/token', parentId: 'root', path: 'token', module: { loader: tokenLoader } },
    'routes/save': { id: 'routes/save', parentId: 'root', path: 'save', module: { default: () => null, action: async ({ request }) => ({ saved: (await request.formData()).get('n') }) } },
  });
  return createRequestHandler({ ...build, ...buildOptions });
}

async function postFromTrustedOrigin(handler, path) {
  const page = await handler(new Request('https://app.test/token'));
  const token = await page.text();
  const cookie = page.headers.getSetCookie()[0].split(';')[0];
  const headers = { Cookie: cookie, Origin: TRUSTED, 'Sec-Fetch-Site': 'same-site', 'Content-Type': 'application/x-www-form-urlencoded' };
  return handler(new Request(`https://app.test${path}`, { method: 'POST', headers, body: new URLSearchParams({ n: '1', _csrf: token }) }));
}

describe('csrf trustedOrigins under React Router', () => {
  for (const path of ['/save', '/save.data']) {
    it(`a form of a trusted origin gets React Router's own 400 unless allowedActionOrigins lists it (${path}), as README says`, async () => {
      const response = await postFromTrustedOrigin(handlerWith(), path);
      assert.equal(response.status, 400);
    });

    it(`passes once React Router's allowedActionOrigins lists the origin as well (${path})`, async () => {
      const response = await postFromTrustedOrigin(handlerWith({ allowedActionOrigins: [new URL(TRUSTED).host] }), path);
      assert.ok(response.status < 400, `${response.status} ${await response.text()}`);
    });
  }
});
