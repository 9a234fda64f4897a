// Test Worker for tests/workerd/csrf-body-cost.test.js. Routes:
//   /csrf/...  withSession over a cookie storage with csrf on; GET answers a token, POST 'saved'
//   /off/...   the same handler without csrf, which never reads the body
//   /parses    how many form bodies this isolate's Response.formData() parsed (the platform's own parser, which the
//              check's parseForm calls), since the last /parses
import { createCookieSessionStorage, csrfToken, withSession } from 'edge-session';

let parses = 0;
const formData = Response.prototype.formData;
Response.prototype.formData = function (...args) {
  parses++;
  return formData.apply(this, args);
};

const storage = (env) => createCookieSessionStorage({ cookie: { name: '__session', secrets: [env.SESSION_SECRET] } });
const handler = (request, { session }) => new Response(request.method === 'GET' ? csrfToken(session) : 'saved');
const checked = withSession(storage, handler, { csrf: true });
const unchecked = withSession(storage, handler);

export default {
  fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (pathname === '/parses') {
      const body = String(parses);
      parses = 0;
      return new Response(body);
    }
    return (pathname.startsWith('/csrf/') ? checked : unchecked)(request, env, ctx);
  },
};
