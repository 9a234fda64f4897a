// README ## withSession: "a `HEAD` commits nothing but a logout ... (Hono and React Router run a GET's handler for
// it; a link checker's HEAD starts no session)". Adversarial pass on a2e2b89: React Router's single-fetch data URL
// (`/page.data`) hands its loaders' middleware a new Request without the method (react-router's singleFetchLoaders:
// `new Request(handlerUrl, { headers, signal })`, a GET), so a HEAD of it is written as a GET; with
// `future.v8_passThroughRequests` the middleware gets the request as it came, a HEAD, and writes nothing. The README
// now says so.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestHandler } from 'react-router';
import { createMemorySessionStorage, csrfToken } from 'edge-session';
import { sessionContext, sessionMiddleware } from 'edge-session/react-router';
import { reactRouterBuild } from '../helpers/react-router-build.js';

async function headOfData(passThrough) {
  const storage = createMemorySessionStorage({ cookie: { name: '__session', secrets: ['head-data-secret-0123456789abcdef'] } });
  const methods = [];
  const loader = ({ request, context }) => (methods.push(request.method), { token: csrfToken(context.get(sessionContext)) });
  const build = reactRouterBuild({
    root: { id: 'root', path: '', module: { middleware: [sessionMiddleware(storage)] } },
    'routes/page': { id: 'routes/page', parentId: 'root', path: 'form', module: { loader, default: () => null } },
  });
  if (passThrough) build.future.v8_passThroughRequests = true;
  const response = await createRequestHandler(build)(new Request('https://example.com/form.data', { method: 'HEAD' }));
  assert.equal(response.status, 200);
  return { methods, setCookies: response.headers.getSetCookie() };
}

it('React Router, future.v8_passThroughRequests: a HEAD of a page\'s .data URL sets no cookie', async () => {
  assert.deepEqual(await headOfData(true), { methods: ['HEAD'], setCookies: [] });
});

it('React Router without it: the middleware is handed a GET, and writes as for one (README states it)', async () => {
  const { methods, setCookies } = await headOfData(false);
  assert.deepEqual(methods, ['GET']);
  assert.equal(setCookies.length, 1);
});
