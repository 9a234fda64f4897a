// README (Signing out everywhere, cookie sessions): `revocation: { namespace }` may share the namespace of a Durable
// Object storage of the same keyPrefix: "each lists only its own sessions, and a revocation from either ends both
// kinds, and counts both" (a cookie storage lists none: it throws). Mutation pass (s49): the Durable Object storage's
// listUserSessions keeping the cookie storage's sign-ins (their IDs no session ID of its own) went unnoticed, it listed
// both kinds; and its revocation not telling the cookie storage of this isolate at once (revokedThrough), whose
// device stayed signed in until its next look-up of the user's revocation. The cookie storage's
// side: tests/js/namespace-revocation-ends-shared-do-sessions.test.js. Through a real workerd (do-lifecycle-worker:
// `do` and `cookie` over one SESSIONS_DO).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { jsonOrText } from '../helpers/json-or-text.js';
import { startWorker } from '../helpers/start-worker.js';

let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./do-lifecycle-worker/wrangler.toml', import.meta.url)), logLevel: 'none' });
}, { timeout: 60_000 });
after(() => worker?.dispose());

async function ok(jar, path, method = 'POST') {
  const { response } = await jar.fetch(new URL(path, worker.url), { method });
  const body = await jsonOrText(response);
  assert.equal(response.status, 200, `${path}: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

it("a Durable Object storage lists only its own sessions of a user whose cookie sessions are revocable through its namespace, and its revocation ends both at once", { timeout: 60_000 }, async () => {
  const user = `shared-list-${process.pid}`;
  const doDevice = new CookieJar();
  const cookieDevice = new CookieJar();
  await ok(doDevice, `/do/login?user=${user}`);
  await ok(cookieDevice, `/cookie/login?user=${user}`);
  const { id } = await ok(doDevice, '/do/me', 'GET');
  assert.deepEqual((await ok(new CookieJar(), `/do/list?user=${user}`, 'GET')).map((entry) => entry.id), [id], 'the Durable Object session only');
  assert.equal((await ok(cookieDevice, '/cookie/me', 'GET')).user, user, 'signed in, its revocation time looked up');
  assert.equal((await ok(new CookieJar(), `/do/revoke?user=${user}`)).ended, 2, 'a revocation counts both');
  assert.equal((await ok(doDevice, '/do/me', 'GET')).user, null);
  assert.equal((await ok(cookieDevice, '/cookie/me', 'GET')).user, null);
});
