// README, CSRF (the rules): a WebSocket handshake "must pass rule 1", and rule 1 lets `same-site` and `cross-site`
// through "only when their `Origin` is listed in `trustedOrigins`" (Choices: "A listed origin passes whatever
// `Sec-Fetch-Site` says"). So the app's own other origin opens its socket, and an unlisted one still cannot.
// Mutation pass (s46): the handshake judged without the listed origins (an empty set) went unnoticed; the app's own
// admin origin, listed, got a 403 for its socket.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { sessionMiddleware } from 'edge-session/hono';

const ADMIN = 'https://admin.example.com';
const PARTNER = 'https://partner.example.net';
const csrf = { trustedOrigins: [ADMIN, PARTNER] };
const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['a-secret-of-thirty-two-characters!!'] } });
const handshake = (headers) => new Request('https://app.example.com/ws', { headers: { Upgrade: 'websocket', Connection: 'Upgrade', ...headers } });

describe('csrf: { trustedOrigins } admits a listed origin\'s WebSocket handshake', () => {
  const fetch = withSession(storage, () => new Response('socket'), { csrf });
  const app = new Hono();
  app.use(sessionMiddleware(storage, { csrf }));
  app.get('/ws', (c) => c.text('socket'));
  for (const [entry, run] of [['withSession', (request) => fetch(request, {}, {})], ['edge-session/hono', (request) => app.fetch(request)]]) {
    it(`${entry}: listed origins pass, same-site, cross-site or without Sec-Fetch-Site; an unlisted one does not`, async () => {
      assert.equal((await run(handshake({ Origin: ADMIN, 'Sec-Fetch-Site': 'same-site' }))).status, 200, 'listed, same-site');
      assert.equal((await run(handshake({ Origin: PARTNER, 'Sec-Fetch-Site': 'cross-site' }))).status, 200, 'listed, cross-site');
      assert.equal((await run(handshake({ Origin: PARTNER }))).status, 200, 'listed, no Sec-Fetch-Site');
      assert.equal((await run(handshake({ Origin: 'https://evil.example.com', 'Sec-Fetch-Site': 'same-site' }))).status, 403, 'unlisted');
    });
  }
});
