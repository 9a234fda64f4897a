// README, CSRF: "at most `maxBodyBytes` of it is held in memory: put `_csrf` before an upload form's files (the rest
// then streams to the handler)"; "React Router's middleware cannot hand its actions another `Request`, so it reads a
// clone there". A clone tees the body: the copy the check read must be cancelled once its token is found, or every
// chunk the action then reads is queued for the copy too, and the whole upload sits in memory. Mutation pass (s46):
// the copy's rest left uncancelled (js/csrf.js prefixTokenOf, keepBody) went unnoticed; a 48 MiB upload streamed to
// the action was held whole beside it.
import { it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import assert from 'node:assert/strict';
import { createRequestHandler } from 'react-router';
import { createCookieSessionStorage } from 'edge-session';
import { sessionMiddleware } from 'edge-session/react-router';
import { reactRouterBuild } from '../helpers/react-router-build.js';
import { tokenLoader } from '../helpers/react-router-csrf-routes.js';

const ORIGIN = 'http://app.test';
const MIB = 1024 * 1024;
const CHUNKS = 48;
// The chunks read and dropped are garbage until collected: the peak is taken after a collection (gc, exposed here).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

it('a React Router action streams an upload past maxBodyBytes, its token first, without the check\'s copy held', async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'] } });
  const seen = { chunks: 0, bytes: 0, peak: 0 };
  const handler = createRequestHandler(reactRouterBuild({
    root: { id: 'root', path: '', module: { middleware: [sessionMiddleware(storage, { csrf: { maxBodyBytes: 1024 } })] } },
    form: { id: 'form', parentId: 'root', path: 'form', module: { loader: tokenLoader } },
    upload: {
      id: 'upload', parentId: 'root', path: 'upload',
      module: {
        action: async ({ request }) => {
          const reader = request.body.getReader();
          gc();
          const base = process.memoryUsage().arrayBuffers;
          for (let read = await reader.read(); !read.done; read = await reader.read()) {
            seen.bytes += read.value.byteLength;
            if (++seen.chunks % 8 !== 0) continue;
            gc();
            seen.peak = Math.max(seen.peak, process.memoryUsage().arrayBuffers - base);
          }
          return new Response('stored');
        },
      },
    },
  }, { entry: () => new Response('no documents', { status: 500 }) }));
  const form = await handler(new Request(`${ORIGIN}/form`));
  const token = await form.text();
  const cookie = form.headers.getSetCookie()[0].split(';')[0];
  let sent = 0;
  const body = new ReadableStream({
    pull(controller) {
      if (sent === 0) controller.enqueue(new TextEncoder().encode(`_csrf=${token}&file=`));
      if (sent === CHUNKS) return controller.close();
      sent++;
      controller.enqueue(new Uint8Array(MIB).fill(0x61));
    },
  }, { highWaterMark: 0 });
  const headers = { Cookie: cookie, Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/x-www-form-urlencoded' };
  const response = await handler(new Request(`${ORIGIN}/upload`, { method: 'POST', headers, body, duplex: 'half' }));
  assert.equal(response.status, 200, await response.clone().text());
  assert.equal(await response.text(), 'stored');
  assert.ok(seen.bytes >= CHUNKS * MIB, `the action read the whole body (${seen.bytes} bytes)`);
  assert.ok(seen.peak < 24 * MIB, `held ${Math.round(seen.peak / MIB)} MiB beside the stream`);
});
