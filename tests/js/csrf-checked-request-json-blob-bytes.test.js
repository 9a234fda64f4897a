// README (CSRF, rule 2): a form that fits "reaches the handler as a Request that reads the same bytes again from
// memory: formData(), text(), arrayBuffer(), json(), blob(), body, clone()" (js/buffered-request.js). Mutation pass:
// json() and bytes() ran in no test, and no test read after formData() or edited what arrayBuffer() gave, so a read
// could leave the body unused (a second read passing), or hand out the very bytes a clone still reads (the
// handler's edit showing in the copy), and every test still passed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

const ORIGIN = 'https://app.example';
const TYPE = 'application/x-www-form-urlencoded';

it('the checked Request\'s json(), blob(), bytes(), arrayBuffer() and formData() read the posted bytes once each, and a clone keeps its own', async () => {
  const seen = [];
  const app = withSession(
    createCookieSessionStorage({ cookie: { secrets: ['a-secret-of-thirty-two-characters!!'] } }),
    async (request, { session }) => {
      if (request.method === 'GET') return new Response(csrfToken(session));
      const copy = request.clone();
      const { pathname } = new URL(request.url);
      let read;
      if (pathname === '/json') read = await request.json();
      else if (pathname === '/blob') {
        const blob = await request.blob();
        read = { type: blob.type, text: await blob.text() };
      } else if (pathname === '/form') read = Object.fromEntries(await request.formData());
      else {
        const bytes = pathname === '/bytes' ? await request.bytes() : new Uint8Array(await request.arrayBuffer());
        read = new TextDecoder().decode(bytes);
        bytes.fill(0x21); // the handler's own copy: the clone must not see it
      }
      assert.equal(request.bodyUsed, true, pathname);
      await assert.rejects(request.text(), TypeError, `${pathname}: a second read rejects, as on any Request`);
      seen.push({ read, copy: await copy.text() });
      return new Response('ok');
    },
    { csrf: true },
  );
  const page = await app(new Request(`${ORIGIN}/`));
  const token = await page.text();
  const cookie = page.headers.get('Set-Cookie').split(';')[0];
  // A urlencoded form whose text is JSON too: its pieces split on "&" hold the _csrf field.
  const body = `{"note":"&_csrf=${token}&"}`;
  for (const path of ['/json', '/blob', '/form', '/bytes', '/arrayBuffer']) {
    const response = await app(new Request(`${ORIGIN}${path}`, { method: 'POST', headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': TYPE }, body }));
    assert.equal(response.status, 200, path);
  }
  assert.deepEqual(seen, [
    { read: { note: `&_csrf=${token}&` }, copy: body },
    { read: { type: TYPE, text: body }, copy: body },
    { read: { '{"note":"': '', _csrf: token, '"}': '' }, copy: body },
    { read: body, copy: body },
    { read: body, copy: body },
  ]);
});
