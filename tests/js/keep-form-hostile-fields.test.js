// keepForm with fields the client chose, used as README's "Flash helpers" shows (the whole form given): the
// redirect is answered, and the kept form comes back within its budget. Regression (audit of issue 10): every field
// was kept, so one long extra field made the commit too large for the cookie (withSession and Hono answered 500:
// "the session could not be saved"), and past 128 KiB keepForm threw VALUE_TOO_LARGE out of the handler, whatever
// the storage.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createCookieSessionStorage, createMemorySessionStorage, flashError, getKeptForm, keepForm, withSession } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';
import { cookiePair } from './support.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };

/** README's POST /posts handler, but for the storage; GET shows what was kept. */
async function postsHandler(request, { session }) {
  if (request.method === 'GET') return Response.json(getKeptForm(session));
  const form = await request.formData();
  if (String(form.get('title') ?? '').trim() === '') {
    keepForm(session, form, { title: 'Please give a title.' });
    flashError(session, 'The post was not saved.');
    return Response.redirect(new URL('/posts/new', request.url).href, 303);
  }
  return new Response('saved');
}

/** A post whose title is empty, with the body typed, and fields the form never had, `size` characters each. */
const hostilePost = (size, extra = 1) => {
  const body = new URLSearchParams({ title: '', body: 'What I typed' });
  for (let i = 0; i < extra; i++) body.append(`x${i}`, 'a'.repeat(size));
  return new Request('https://app.test/posts', { method: 'POST', body });
};

async function postThenShow(fetch, request) {
  const post = await fetch(request);
  assert.equal(post.status, 303, await post.text());
  const header = post.headers.getSetCookie().map(cookiePair).join('; ');
  const shown = await fetch(new Request('https://app.test/posts/new', { headers: { Cookie: header } }));
  return shown.json();
}

describe('keepForm given a form with fields the client chose', () => {
  for (const [name, make, size, extra] of [
    ['cookie storage, a 5 KB field', () => createCookieSessionStorage({ cookie }), 5000, 1],
    ['cookie storage, 300 fields of 20 bytes', () => createCookieSessionStorage({ cookie }), 20, 300],
    ['cookie storage with chunks: 4, a 20 KB field', () => createCookieSessionStorage({ cookie, chunks: 4 }), 20_000, 1],
    ['memory storage, a 200 KB field', () => createMemorySessionStorage({ cookie }), 200_000, 1],
  ]) {
    it(`${name}: withSession answers the redirect, and the form comes back with what fits`, async () => {
      const kept = await postThenShow(withSession(make(), postsHandler), hostilePost(size, extra));
      assert.equal(kept.fields.title, '');
      assert.equal(kept.fields.body, 'What I typed');
      assert.deepEqual(kept.errors, { title: 'Please give a title.' });
      assert.ok(JSON.stringify(kept.fields).length <= 2048 + 2, 'within the budget');
    });
  }

  it('Hono: the same form through edge-session/hono is answered with the redirect', async () => {
    const app = new Hono();
    app.use(sessionMiddleware(createCookieSessionStorage({ cookie })));
    app.on(['GET', 'POST'], '/posts/*', (c) => postsHandler(c.req.raw, { session: c.var.session }));
    app.post('/posts', (c) => postsHandler(c.req.raw, { session: c.var.session }));
    const kept = await postThenShow((request) => app.fetch(request), hostilePost(5000));
    assert.equal(kept.fields.body, 'What I typed');
  });
});
