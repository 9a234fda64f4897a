// Review (Unicode and odd identifiers): user IDs that are long, astral, or hold '/', ':', '..', '%', NUL, spaces,
// RTL marks or decomposed accents, on every storage with a user index inside workerd (Durable Objects, KV, cookies
// with revocation { kv } and { namespace }). A revocation ends each of that user's sessions, and never the session
// of a user whose ID is "near" it.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';
import { SECRET } from './support.js';

const CONFIG = fileURLToPath(new URL('./revocation-worker/wrangler.toml', import.meta.url));
const TEST = { timeout: 60_000 };

let worker;
before(async () => {
  worker = await startWorker({ config: CONFIG, secrets: { SESSION_SECRET: SECRET } });
}, { timeout: 60_000 });
after(() => worker?.dispose());

async function call(jar, store, action, { method = 'POST', query = {} } = {}) {
  const url = new URL(`/${store}/${action}`, worker.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const { response } = await jar.fetch(url, { method });
  assert.equal(response.status, 200, `${method} ${url.pathname}: ${response.status}`);
  return response.json();
}
async function device(store, user) {
  const jar = new CookieJar();
  assert.equal((await call(jar, store, 'login', { query: { user } })).user, user);
  return jar;
}
const userOn = async (jar, store) => (await call(jar, store, 'me', { method: 'GET' })).user;

let tests = 0;
// Pairs of IDs: revoking the first must end its devices and leave the second's alone (a tag no other test uses).
const PAIRS = (tag) => [
  [`${tag}${'😀'.repeat(1024)}`.slice(0, 1024 - (tag.length % 2)), `😀${tag}`],
  [`a/b${tag}`, `a%2Fb${tag}`],
  [`a:b${tag}`, `a/b${tag}`],
  [`..${tag}`, `.${tag}`],
  [`nul\0${tag}`, `nul${tag}`],
  [`e\u0301${tag}`, `é${tag}`],
  [`\u202e${tag}`, `${tag}\u202e`],
  [` ${tag}`, `${tag}`],
  [`${'x'.repeat(1000)}${tag}`.slice(0, 1024), `${'x'.repeat(1000)}${tag}`.slice(0, 1023)],
];

for (const store of ['do', 'kv', 'cookie-kv', 'cookie-do']) {
  describe(`Odd user IDs (${store})`, () => {
    for (const [index] of PAIRS('').entries()) {
      it(`pair ${index}: revoking one user ends its devices, not the other's`, TEST, async () => {
        const [victim, bystander] = PAIRS(`${store}-${process.pid}-${Date.now()}-${++tests}`)[index];
        const a1 = await device(store, victim);
        const a2 = await device(store, victim);
        const b = await device(store, bystander);
        if (!store.startsWith('cookie')) {
          const listed = await call(a1, store, 'list', { method: 'GET', query: { user: victim } });
          assert.equal(listed.length, 2, 'both devices listed');
        }
        const { ended } = await call(a1, store, 'revoke', { query: { user: victim } });
        assert.equal(ended, 2);
        assert.equal(await userOn(a1, store), null);
        assert.equal(await userOn(a2, store), null);
        assert.equal(await userOn(b, store), bystander, 'the other user stays signed in');
      });
    }
  });
}
