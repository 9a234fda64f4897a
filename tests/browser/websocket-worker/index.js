// Test Worker for tests/browser/csrf-websocket.test.js: a cookie session behind withSession with csrf, a page that
// counts visits (/cookie-csrf/count), one that reads (/cookie-csrf/read), and a WebSocket the session authenticates
// (/cookie-csrf/ws: each message is answered with what the session holds).
import { createCookieSessionStorage, withSession } from 'edge-session';

const storages = new WeakMap();
const storageFor = (env) =>
  storages.get(env) ?? storages.set(env, createCookieSessionStorage({ cookie: { name: '__session', secrets: [env.SESSION_SECRET], httpOnly: true, maxAge: 3600 } })).get(env);

function route(request, { session }) {
  switch (new URL(request.url).pathname) {
    case '/cookie-csrf/count':
      session.set('count', (session.get('count') ?? 0) + 1);
      return new Response(`count ${session.get('count')}`);
    case '/cookie-csrf/read':
      return new Response(`count ${session.get('count') ?? 0}`);
    case '/cookie-csrf/ws': {
      if (request.headers.get('Upgrade') !== 'websocket') return new Response('upgrade expected', { status: 426 });
      const [client, server] = Object.values(new WebSocketPair());
      server.accept();
      server.addEventListener('message', () => server.send(JSON.stringify({ count: session.get('count') ?? null })));
      return new Response(null, { status: 101, webSocket: client });
    }
    default:
      return new Response('not found', { status: 404 });
  }
}

export default { fetch: withSession(storageFor, route, { csrf: true }) };
