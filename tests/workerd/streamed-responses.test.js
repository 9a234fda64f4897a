// Responses whose body is still written after the handler returned (a ReadableStream written by the handler's own
// promise, Hono's streamSSE), under withSession and the Hono middleware, on the cookie, KV and Durable Object
// storages inside workerd: the Set-Cookie goes out on the streamed response, a logout whose body streams still
// clears the cookie, a Durable Object lease is not held for the stream's life (the browser's other requests go on),
// and a late storage.destroySession() of the request's session is either made (server-side: its record deleted) or
// refused with SESSION_ENDED (cookie: no response can carry its expiring cookie). Written by the streamed-responses
// pass (s38).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startWorker } from '../helpers/start-worker.js';

let worker;
before(async () => {
  worker = await startWorker({
    config: fileURLToPath(new URL('./streamed-responses-worker/wrangler.toml', import.meta.url)),
    secrets: { SESSION_SECRET: 'streamed-secret-0123456789abcdef0123456789' },
    logLevel: 'none',
  });
}, { timeout: 60_000 });
after(() => worker?.dispose());

const at = (path) => new URL(path, worker.directUrl);
const sessionHeaders = (response) => response.headers.getSetCookie().filter((h) => h.startsWith('__session='));
async function get(path, cookie) {
  const response = await fetch(at(path), { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
  return { response, text: await response.text(), sessions: sessionHeaders(response) };
}
async function signIn(prefix, user = 'ada') {
  const { sessions } = await get(`${prefix}/in?user=${user}`);
  assert.equal(sessions.length, 1);
  return sessions[0].split(';')[0];
}

describe('streamed responses inside workerd', () => {
  for (const entry of ['plain', 'hono']) {
    for (const kind of ['cookie', 'kv', 'do']) {
      const prefix = `/${entry}/${kind}`;
      it(`${entry} ${kind}: a streamed body carries the Set-Cookie, and the browser's other request is not held while it streams`, async () => {
        const cookie = await signIn(prefix);
        const streaming = await fetch(at(`${prefix}/sse?ms=2500`), { headers: { Cookie: cookie } });
        assert.equal(streaming.status, 200);
        assert.equal(sessionHeaders(streaming).length, 1, 'the change made before the handler returned is sent');
        const started = Date.now();
        const other = await get(`${prefix}/whoami`, cookie);
        const took = Date.now() - started;
        assert.equal(other.text, 'user=ada');
        assert.ok(took < 1500, `the other request waited ${took} ms for the stream`);
        const body = await streaming.text();
        assert.match(body, entry === 'hono' ? /data: n=1/ : /^open\|ok:undefined$/);
      });

      it(`${entry} ${kind}: a logout whose body streams clears the cookie`, async () => {
        const cookie = await signIn(prefix);
        const { sessions, text } = await get(`${prefix}/logout-streamed?ms=300`, cookie);
        assert.equal(text, 'open|ok:undefined');
        assert.equal(sessions.length, 1);
        assert.match(sessions[0], /Max-Age=0/);
        if (kind !== 'cookie') assert.equal((await get(`${prefix}/whoami`, cookie)).text, 'user=undefined');
      });

      it(`${entry} ${kind}: storage.destroySession() of the request's session after its response is made or refused, never silently lost`, async () => {
        const cookie = await signIn(prefix);
        const { text, sessions } = await get(`${prefix}/late-destroy-session?ms=100`, cookie);
        assert.equal(sessions.length, 0);
        const after = (await get(`${prefix}/whoami`, cookie)).text;
        if (kind === 'cookie') {
          // No response can carry the expiring cookie: the old one still opens the session, so the call must say so.
          assert.equal(after, 'user=ada');
          assert.equal(text, 'open|SessionDataError:SESSION_ENDED');
        } else {
          assert.equal(text, 'open|ok:header-unsent');
          assert.equal(after, 'user=undefined', 'the record is deleted: the logout is made');
        }
      });
    }
  }
});
