// csrf and a WebSocket handshake (a GET with `Upgrade: websocket`): the origin rule holds for it, since the socket it
// opens is authenticated by the session's cookie, which browsers send from any page of the site. Browser-level:
// tests/browser/csrf-websocket.test.js. Node's Response cannot be a 101, so the handler answers 200 here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';

const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['a-secret-of-thirty-two-characters!!'] } });
const handshake = (headers) => new Request('https://app.example.com/ws', { headers: { Upgrade: 'websocket', Connection: 'Upgrade', ...headers } });
const CASES = [
  ['another origin of the site (Sec-Fetch-Site: same-site)', { Origin: 'https://evil.example.com', 'Sec-Fetch-Site': 'same-site' }, 403],
  ['another site (Sec-Fetch-Site: cross-site)', { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }, 403],
  ['another origin, no Sec-Fetch-Site (an older browser)', { Origin: 'https://evil.example' }, 403],
  // RFC 6455 4.1 and RFC 9110 7.8: the Upgrade token in any case, one of a list (mutation pass: neither was held).
  ['another site, Upgrade: WebSocket', { Upgrade: 'WebSocket', Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }, 403],
  ['another site, Upgrade: h2c, websocket', { Upgrade: 'h2c, websocket', Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }, 403],
  ['the app itself', { Origin: 'https://app.example.com', 'Sec-Fetch-Site': 'same-origin' }, 200],
  ['a client that is no browser (no Origin)', {}, 200],
];

describe('csrf: true refuses a WebSocket handshake from another origin', () => {
  const fetch = withSession(storage, () => new Response('socket'), { csrf: true });
  const app = new Hono();
  app.use(sessionMiddleware(storage, { csrf: true }));
  app.get('/ws', (c) => c.text('socket'));
  for (const [entry, run] of [['withSession', (request) => fetch(request, {}, {})], ['edge-session/hono', (request) => app.fetch(request)]]) {
    for (const [name, headers, status] of CASES) {
      it(`${entry}: ${name} -> ${status}`, async () => {
        assert.equal((await run(handshake(headers))).status, status);
      });
    }
    it(`${entry}: a plain GET from another origin (a link, an image) still passes`, async () => {
      const response = await run(new Request('https://app.example.com/ws', { headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' } }));
      assert.equal(response.status, 200);
    });
  }
});
