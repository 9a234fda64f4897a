// README (Durable Objects): a logout whose request held the session past leaseTimeout is made "in line and only if no
// other request wrote since", and a record already gone counts as deleted (js/durable-object-storage.js
// removeIfUnchanged). Mutation pass (s49): a record already gone counted as changed went unnoticed; a logout that
// held its lease past leaseTimeout while another tab's logout deleted the session failed (a 500), where the browser
// was signed out either way. Through a real workerd (do-lifecycle-worker's `lapsing` store: leaseTimeout 300 ms).
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

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function call(jar, action, query = {}) {
  const url = new URL(`/lapsing/${action}`, worker.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const { response } = await jar.fetch(url, { method: action === 'me' ? 'GET' : 'POST' });
  return { status: response.status, body: await jsonOrText(response) };
}
const replay = (cookie) => {
  const jar = new CookieJar();
  jar.set('__session', cookie);
  return jar;
};

it("a logout that held its lease past leaseTimeout while another tab's logout deleted the session succeeds", { timeout: 60_000 }, async () => {
  const jar = new CookieJar();
  const user = `lapsed-logout-${process.pid}`;
  assert.equal((await call(jar, 'login', { user })).status, 200);
  const cookie = jar.get('__session');
  const slow = call(replay(cookie), 'logout', { ms: '900' }); // reads, then holds the session past its 300 ms lease
  await sleep(450);
  const other = await call(replay(cookie), 'logout');
  assert.deepEqual([other.status, other.body.user], [200, null], "the other tab's logout");
  const late = await slow;
  assert.deepEqual([late.status, late.body.user], [200, null], `the late logout: ${JSON.stringify(late.body).slice(0, 300)}`);
  assert.equal((await call(replay(cookie), 'me')).body.user, null);
});
