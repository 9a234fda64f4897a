// README (Choices): "the kept fields never take more of the cookie than 2048 bytes of plain base64 would (about 2731
// characters)". keepForm's budget counts the `+` and `/` a kept field's base64 can make at each of the three ways its bytes can
// line up with base64's 3-byte groups (js/kept-fields.js worstPlusSlash), since where a field lands depends on what
// comes before it. Halfwidth katakana (U+FF9F: EF BE 9F) make no `+` or `/` at one alignment and nearly one a byte
// at another, so the field after one of 0, 1 or 2 more bytes meets each. Mutation pass (s44): counting one
// alignment only, or each `+`/`/` as one byte rather than 1.5, went unnoticed: the existing test's field happened to
// land where it makes none, and its length left it out either way; here one alignment's cookie went past 4096 bytes
// (the redirect a 500), and 1 byte per `+` or `/` let the kept text take ~3200 characters of the cookie.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, getKeptForm, keepForm, withSession } from 'edge-session';

const cookie = { name: '__session', secrets: ['s3cr3t'] };

async function postsHandler(request, { session }) {
  const form = await request.formData();
  keepForm(session, form, { title: 'Please give a title.' });
  return Response.redirect(new URL('/posts/new', request.url).href, 303);
}

describe('keepForm given halfwidth katakana after fields of every length mod 3', () => {
  for (const count of [250, 320, 400, 660]) {
    for (const pad of ['', 'x', 'xx']) {
      it(`${count} katakana after a body of ${12 + pad.length} characters: the redirect is answered, the text taking at most 2731 characters of its cookie`, async () => {
        const fetch = withSession(createCookieSessionStorage({ cookie }), postsHandler);
        const post = async (text) => {
          const body = new URLSearchParams({ title: '', body: `What I typed${pad}`, text });
          const answer = await fetch(new Request('https://app.test/posts', { method: 'POST', body }));
          assert.equal(answer.status, 303, await answer.text());
          const [header] = answer.headers.getSetCookie();
          assert.ok(header.length <= 4096, `${header.length} bytes`);
          return header;
        };
        const without = await post('');
        const header = await post('\uff9f'.repeat(count));
        assert.ok(header.length - without.length <= 2731, `the text took ${header.length - without.length} characters`);
      });
    }
  }
});

describe('keepForm keeps string values only', () => {
  it('a plain object\'s numbers, booleans and files are left out', async () => {
    const storage = createMemorySessionStorage({ cookie });
    const session = await storage.getSession(null);
    keepForm(session, { title: 'T', count: 3, ok: true, file: new File(['x'], 'x.txt') });
    assert.deepEqual(getKeptForm(await storage.getSession(await storage.commitSession(session))).fields, { title: 'T' });
  });
});
