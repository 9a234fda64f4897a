// The csrf option inside workerd, over HTTP (issue 14): the check reads a form's body once, for its _csrf field,
// and the handler still reads all of it (its form with files, its text, its stream, a runtime copy of it), through
// withSession, edge-session/hono and edge-session/remix (csrf() after Remix's session middleware); a form over
// maxBodyBytes passes when its first bytes hold the token (the handler streams the rest), else gets a 413,
// declared or streamed. The Worker is tests/workerd/frameworks-worker/ (routes /csrf/ws/..., /csrf/hono/... and
// /csrf/remix/..., maxBodyBytes 4096), reached on workerd's own socket, as a deployed Worker's front end reaches
// it: wrangler's dev proxy fails the POST after an upload refused well short of its end
// (tests/helpers/start-worker.js, directUrl).
import assert from 'node:assert/strict';
import net from 'node:net';
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
  const page = await fetch(new URL(`${base}/`, worker.directUrl));
  assert.equal(page.status, 200);
  const cookie = page.headers.getSetCookie()[0].split(';')[0];
  return { token: await page.text(), cookie };
}

function post(base, action, { cookie }, body, headers = {}) {
  const streamed = body instanceof ReadableStream ? { duplex: 'half' } : {};
  return fetch(new URL(`${base}/${action}`, worker.directUrl), {
    method: 'POST',
    headers: { Cookie: cookie, Origin: worker.directUrl.origin, 'Sec-Fetch-Site': 'same-origin', ...headers },
    body,
    ...streamed,
  });
}

const CHECKED_BY = { '/csrf/ws': 'withSession', '/csrf/hono': 'edge-session/hono', '/csrf/remix': 'edge-session/remix' };
for (const [base, checker] of Object.entries(CHECKED_BY)) {
  describe(`csrf in workerd, ${checker}: the handler reads the body the check read`, () => {
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

    it('the handler\'s request shows what workerd received: its cf, method, redirect mode, signal and headers, in a clone too', TEST, async () => {
      const visitor = await visit(base);
      const body = `title=meta&_csrf=${visitor.token}`;
      const type = { 'Content-Type': 'application/x-www-form-urlencoded' };
      const { read } = await (await post(base, 'meta', visitor, body, type)).json();
      const { read: unchecked } = await (await post('/csrf/off', 'meta', visitor, body, type)).json();
      assert.equal(typeof read.cf?.colo, 'string', 'the cf object of the received request');
      assert.deepEqual(read, unchecked);
      assert.equal(read.copyText, body);
    });

    it('the handler\'s request is one body with its stream: no read past a reader holding it, no stream again after a read', TEST, async () => {
      const visitor = await visit(base);
      const body = `title=once&_csrf=${visitor.token}`;
      const type = { 'Content-Type': 'application/x-www-form-urlencoded' };
      for (const action of ['locked', 'restream']) {
        const { read } = await (await post(base, action, visitor, body, type)).json();
        const { read: unchecked } = await (await post('/csrf/off', action, visitor, body, type)).json();
        assert.deepEqual(read, unchecked, action);
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

    /** A body of `chunks`, streamed (no Content-Length). */
    const streamOf = (chunks) =>
      new ReadableStream({
        pull(controller) {
          const chunk = chunks.shift();
          if (chunk) controller.enqueue(chunk);
          else controller.close();
        },
      });

    it('a form over maxBodyBytes whose token is not in its first bytes gets a 413, declared or streamed', TEST, async () => {
      const visitor = await visit(base);
      const type = { 'Content-Type': 'application/x-www-form-urlencoded' };
      const fits = `pad=`.padEnd(4096 - `&_csrf=${visitor.token}`.length, 'x') + `&_csrf=${visitor.token}`;
      assert.equal(fits.length, 4096);
      assert.equal((await post(base, 'text', visitor, fits, type)).status, 200, 'exactly the limit');
      const over = await post(base, 'text', visitor, `x${fits}`, type);
      assert.equal(over.status, 413);
      assert.match(await over.text(), /Content Too Large.*4096 bytes.*before the form's files.*X-CSRF-Token/);
      const chunks = [new Uint8Array(8192).fill(120), new TextEncoder().encode(`&_csrf=${visitor.token}`)];
      const streamed = await post(base, 'text', visitor, streamOf(chunks), type);
      assert.equal(streamed.status, 413, 'chunked, no Content-Length');
      await streamed.text();
      const header = await post(base, 'text', visitor, `${fits}x`.repeat(3), { ...type, 'X-CSRF-Token': visitor.token });
      assert.equal(header.status, 200, 'a header token: the body is not read by the check');
    });

    it('a form over maxBodyBytes whose token comes first passes, and the handler streams the whole body', TEST, async () => {
      const visitor = await visit(base);
      const type = { 'Content-Type': 'application/x-www-form-urlencoded' };
      const body = `_csrf=${visitor.token}&pad=`.padEnd(20_000, 'x');
      const declared = await post(base, 'text', visitor, body, type);
      assert.equal(declared.status, 200);
      assert.equal((await declared.json()).read, body);
      const chunks = [new TextEncoder().encode(`_csrf=${visitor.token}&pad=`), new Uint8Array(8192).fill(120), new Uint8Array(8192).fill(121)];
      const expected = new TextDecoder().decode(new Uint8Array(chunks.flatMap((chunk) => [...chunk])));
      const streamed = await post(base, 'stream', visitor, streamOf(chunks), type);
      assert.equal(streamed.status, 200, 'chunked, no Content-Length');
      assert.equal((await streamed.json()).read, expected);
      const wrong = await post(base, 'text', visitor, body.replace(visitor.token, visitor.token.slice(0, -1) + (visitor.token.endsWith('A') ? 'B' : 'A')), type);
      assert.equal(wrong.status, 403, 'a wrong token in the first bytes: refused');
    });

    it('an upload form over maxBodyBytes with _csrf before its file: the handler gets the whole file', TEST, async () => {
      const visitor = await visit(base);
      const form = new FormData();
      form.append('_csrf', visitor.token);
      form.append('title', 'a photo');
      const photo = 'P'.repeat(50_000);
      form.append('photo', new Blob([photo], { type: 'image/jpeg' }), 'photo.jpg');
      const response = await post(base, 'form', visitor, form);
      assert.equal(response.status, 200);
      assert.deepEqual((await response.json()).read, [
        ['_csrf', visitor.token],
        ['title', 'a photo'],
        ['photo', { file: 'photo.jpg', type: 'image/jpeg', size: photo.length, text: photo }],
      ]);
      const late = new FormData();
      late.append('photo', new Blob([photo], { type: 'image/jpeg' }), 'photo.jpg');
      late.append('_csrf', visitor.token);
      assert.equal((await post(base, 'form', visitor, late)).status, 413, 'the token after the file, past the limit');
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

/** The status line of a GET of `path` sent over a raw socket with `headers` (fetch() sends no Content-Length on a GET). */
function rawGet(path, headers) {
  return new Promise((resolve, reject) => {
    const { hostname, port } = worker.directUrl;
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`);
    });
    // The status line is all it needs: waiting for the socket's end took 10 s per request (the server held the
    // connection open past `Connection: close`), and once the run outlived the worker (ECONNREFUSED).
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk;
      if (!received.includes('\r\n')) return;
      resolve(received.split('\r\n')[0]);
      socket.destroy();
    });
    socket.on('end', () => resolve(received.split('\r\n')[0]));
    socket.on('error', reject);
  });
}

// Regression (review): workerd gives a received GET with `Content-Length: 0` a body (an empty stream), and
// edge-session/remix's csrf() then checked it as a form post: every such page view (some clients and proxies send
// the header) got a 403.
describe('csrf in workerd: a GET with Content-Length: 0 always passes', () => {
  for (const [base, checker] of Object.entries(CHECKED_BY)) {
    it(checker, TEST, async () => {
      for (const site of ['same-origin', 'cross-site']) {
        assert.match(await rawGet(`${base}/`, [`Sec-Fetch-Site: ${site}`, 'Content-Length: 0']), /^HTTP\/1\.1 200/, site);
      }
    });
  }
});

