// README (CSRF, rule 2): a form that fits "reaches the handler as a Request that reads the same bytes again from
// memory: formData(), text(), arrayBuffer(), json(), blob(), body, clone()" (js/buffered-request.js). Mutation pass:
// json() and bytes() ran in no test, and no test read after formData() or edited what arrayBuffer() gave, so a read
// could leave the body unused (a second read passing), or hand out the very bytes a clone still reads (the
// handler's edit showing in the copy), and every test still passed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { checkedRequestApp } from '../helpers/checked-request-app.js';

const TYPE = 'application/x-www-form-urlencoded';

it('the checked Request\'s json(), blob(), bytes(), arrayBuffer() and formData() read the posted bytes once each, and a clone keeps its own', async () => {
  const seen = [];
  const { app, token, post } = await checkedRequestApp(async (request) => {
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
  });
  // A urlencoded form whose text is JSON too: its pieces split on "&" hold the _csrf field.
  const body = `{"note":"&_csrf=${token}&"}`;
  for (const path of ['/json', '/blob', '/form', '/bytes', '/arrayBuffer']) {
    const response = await app(post(path, body));
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
