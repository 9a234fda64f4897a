// The csrf option inside workerd, over HTTP (issue 14): the check reads a form's body once, for its _csrf field,
// and the handler still reads all of it (its form with files, its text, its stream, a runtime copy of it), through
// withSession and edge-session/hono; a form over maxBodyBytes gets a 413, declared or streamed. The Worker is
// tests/workerd/frameworks-worker/ (routes /csrf/ws/... and /csrf/hono/..., maxBodyBytes 4096).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startWorker } from '../helpers/start-worker.js';

const CONFIG = fileURLToPath(new URL('./frameworks-worker/wrangler.toml', import.meta.url));
const TEST = { timeout: 20_000 };

let worker;
before(async () => {
  worker = await startWorker({ config: CONFIG, secrets: { SESSION_SECRET: 'csrf-body-test-secret-71c2' } });
}, { timeout: 60_000 });
after(() => worker?.dispose());

/** A token and the cookie it belongs to, from GET <base>/. */
async function visit(base) {
  const page = await fetch(new URL(`${base}/`, worker.url));
  assert.equal(page.status, 200);
  const cookie = page.headers.getSetCookie()[0].split(';')[0];
  return { token: await page.text(), cookie };
}

function post(base, action, { cookie }, body, headers = {}) {
  const streamed = body instanceof ReadableStream ? { duplex: 'half' } : {};
  return fetch(new URL(`${base}/${action}`, worker.url), {
    method: 'POST',
    headers: { Cookie: cookie, Origin: worker.url.origin, 'Sec-Fetch-Site': 'same-origin', ...headers },
    body,
    ...streamed,
  });
}

for (const base of ['/csrf/ws', '/csrf/hono']) {
  describe(`csrf in workerd, ${base === '/csrf/ws' ? 'withSession' : 'edge-session/hono'}: the handler reads the body the check read`, () => {
    it('a urlencoded form: its fields, its exact text, its stream and a copy of the request', TEST, async () => {
      const visitor = await visit(base);
      const body = `title=Hello+world%21&&odd=%zz&_csrf=${visitor.token}&note=caf%C3%A9`;
      const type = { 'Content-Type': 'application/x-www-form-urlencoded' };
      const form = await post(base, 'form', visitor, body, type);
      assert.equal(form.status, 200);
      const { read } = await form.json();
      // "%zz": workerd's own formData() reads "zz" where URLSearchParams keeps "%zz"; the handler gets workerd's.
      const unchecked = await post('/csrf/off', 'form', visitor, body, type);
      assert.deepEqual(read, (await unchecked.json()).read, 'what the handler reads without csrf');
      assert.deepEqual(read, [['title', 'Hello world!'], ['odd', 'zz'], ['_csrf', visitor.token], ['note', 'café']]);
      for (const action of ['text', 'stream', 'copy']) {
        const response = await post(base, action, visitor, body, type);
        assert.equal(response.status, 200, action);
        assert.equal((await response.json()).read, body, action);
      }
    });

    it('a multipart form with a file, the token after it', TEST, async () => {
      const visitor = await visit(base);
      const form = new FormData();
      form.append('upload', new Blob(['line one\nline two\n'], { type: 'text/plain' }), 'notes.txt');
      form.append('_csrf', visitor.token);
      form.append('title', 'after the file');
      const response = await post(base, 'form', visitor, form);
      assert.equal(response.status, 200);
      assert.deepEqual((await response.json()).read, [
        ['upload', { file: 'notes.txt', type: 'text/plain', size: 18, text: 'line one\nline two\n' }],
        ['_csrf', visitor.token],
        ['title', 'after the file'],
      ]);
    });

    it('a form over maxBodyBytes gets a 413, whether its length is declared or it is streamed', TEST, async () => {
      const visitor = await visit(base);
      const type = { 'Content-Type': 'application/x-www-form-urlencoded' };
      const fits = `_csrf=${visitor.token}&pad=`.padEnd(4096, 'x');
      assert.equal((await post(base, 'text', visitor, fits, type)).status, 200, 'exactly the limit');
      const over = await post(base, 'text', visitor, `${fits}x`, type);
      assert.equal(over.status, 413);
      assert.match(await over.text(), /Content Too Large.*4096 bytes.*X-CSRF-Token/);
      const chunks = [new TextEncoder().encode(`_csrf=${visitor.token}&pad=`), new Uint8Array(8192).fill(120)];
      const stream = new ReadableStream({
        pull(controller) {
          const chunk = chunks.shift();
          if (chunk) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const streamed = await post(base, 'text', visitor, stream, type);
      assert.equal(streamed.status, 413, 'chunked, no Content-Length');
      await streamed.text();
      const header = await post(base, 'text', visitor, `${fits}x`.repeat(3), { ...type, 'X-CSRF-Token': visitor.token });
      assert.equal(header.status, 200, 'a header token: the body is not read by the check');
    });
  });
}

describe('csrf in workerd, edge-session/hono: c.req.parseBody() after the check', () => {
  it('parses the form the check read', TEST, async () => {
    const visitor = await visit('/csrf/hono');
    const body = new URLSearchParams({ a: '1', _csrf: visitor.token, b: 'two words' });
    const response = await post('/csrf/hono', 'parsed', visitor, body);
    assert.equal(response.status, 200);
    assert.deepEqual((await response.json()).read, [['a', '1'], ['_csrf', visitor.token], ['b', 'two words']]);
  });
});
