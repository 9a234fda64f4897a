// Regression (adversarial pass over the fixes of 2026-12-05); as found, before the fix:
// keepFromSharedCaches (js/request-lifecycle.js) removes CDN-Cache-Control, Cloudflare-CDN-Cache-Control and
// Surrogate-Control from a response the lifecycle sets a session's cookie on, as "shared caches obey them over
// Cache-Control". RFC 9213 makes `<Vendor>-CDN-Cache-Control` a family, and other targeted fields are obeyed over
// Cache-Control the same way: Vercel-CDN-Cache-Control and Netlify-CDN-Cache-Control (the library runs on Node
// there), Akamai-Cache-Control and Akamai's Edge-Control, nginx's X-Accel-Expires. They go out beside the cookie,
// and such a cache stores the response whatever `private` says.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';

const cookie = { name: '__session', secrets: ['s3cr3t'], httpOnly: true, secure: true, maxAge: 3600 };

describe('a response that sets the session cookie loses every shared-cache-targeted field', () => {
  for (const field of ['Vercel-CDN-Cache-Control', 'Netlify-CDN-Cache-Control', 'Akamai-Cache-Control', 'Edge-Control', 'X-Accel-Expires']) {
    it(`${field} goes`, async () => {
      const app = withSession(createCookieSessionStorage({ cookie }), (request, { session }) => {
        session.set('userId', 'ada');
        return new Response('hello', { headers: { 'Cache-Control': 'public, max-age=300', [field]: field === 'X-Accel-Expires' ? '300' : 'max-age=300' } });
      });
      const response = await app(new Request('https://app.test/login'));
      assert.equal(response.headers.getSetCookie().length, 1);
      assert.equal(response.headers.get('Cache-Control'), 'private, max-age=300');
      assert.equal(response.headers.get(field), null, `${field} left beside the session cookie`);
    });
  }
});
