// Under Remix v3 the session's Set-Cookie is appended by Remix's own session() middleware, after the handler and
// outside anything of ours: unlike withSession and our Hono and React Router middlewares, nothing marks that
// response `Cache-Control: private`. Found by the response-shapes pass: the README's Choices said "A response that
// sets a session's cookie is made Cache-Control: private" with no exception, and the Remix v3 section did not say
// the app must mark it. This pins what happens, so that the README's words (Remix v3, Choices) stay true.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createCookie } from '@remix-run/cookie';
import { createRouter } from '@remix-run/fetch-router';
import { Session } from '@remix-run/session';
import { session as sessionMiddleware } from '@remix-run/session-middleware';
import { createCookieSessionStorage } from 'edge-session';

describe('Remix v3: a response that sets our session cookie keeps the Cache-Control the handler gave it', () => {
  it("Remix's middleware appends the cookie beside the handler's public caching headers", async () => {
    const cookie = createCookie('__session', { secrets: ['s3cr3t'], httpOnly: true, sameSite: 'lax' });
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
    const router = createRouter({ middleware: [sessionMiddleware(cookie, storage)] });
    router.get('/', ({ get }) => {
      get(Session).set('user', 'ada');
      return new Response('page', { headers: { 'Cache-Control': 'public, max-age=300' } });
    });
    const response = await router.fetch('https://app.test/');
    assert.equal(response.headers.getSetCookie().length, 1);
    assert.equal(response.headers.get('Cache-Control'), 'public, max-age=300');
  });

  it('the README says so where it describes the marking, and in the Remix v3 section', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const choice = readme.split('\n- ').find((entry) => entry.startsWith('A response that sets a session\'s cookie is made `Cache-Control: private`'));
    assert.ok(choice, 'the Choices entry');
    assert.match(choice.replace(/\s+/g, ' '), /Not under Remix v3/, 'the Choices entry names the exception');
    const remix = readme.slice(readme.indexOf('### Remix v3'), readme.indexOf('#### CSRF under Remix v3'));
    assert.match(remix.replace(/\s+/g, ' '), /Cache-Control: private/, 'the Remix v3 section tells the app to mark it');
  });
});
