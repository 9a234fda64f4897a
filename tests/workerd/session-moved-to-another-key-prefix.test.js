// A session an app moves from one keyPrefix of a binding to another (tests/workerd/two-apps-worker/: read through
// acme's storage, committed by hand through globex's; one cookie name and secret, each its own keyPrefix). README
// (Signing out everywhere): a session read through a storage over another backend "gets a new ID in the store it is
// committed to", and joins its index as signed in when it was; two prefixes of one binding are two stores ("Two apps
// over one binding": the KV and Durable Object storages name each session under the prefix). Regression (s52 Durable
// Object scenario pass): the Durable Object storage took the whole namespace for one backend, as if the prefix were
// the same: the move kept the session's ID, a signed-in session's commit was refused (its cookie expired, the user
// signed out), and a logout of the old cookie under the old prefix made the isolate refuse the moved session's next
// write as logged out (its change lost).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CookieJar, isExpiring, parseSetCookie } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';

const TEST = { timeout: 30_000 };
let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./two-apps-worker/wrangler.toml', import.meta.url)) });
}, { timeout: 60_000 });
after(() => worker?.dispose());

async function call(jar, path) {
  const { response } = await jar.fetch(new URL(path, worker.url));
  assert.equal(response.status, 200, `${path}: ${response.status}`);
  return response.json();
}

/** Moves `jar`'s session from acme to globex: a jar holding the cookie the move set (the old jar keeps the old one). */
async function moved(store, jar) {
  const { setCookie } = await call(jar, `/${store}/acme/move?to=globex`);
  const cookie = parseSetCookie(setCookie);
  assert.equal(isExpiring(cookie), false, `the move's cookie is the session's, not a logout: ${setCookie}`);
  const movedJar = new CookieJar();
  movedJar.set(cookie.name, cookie.value);
  return movedJar;
}

let users = 0;
for (const store of ['do', 'kv']) {
  describe(`${store}: a session moved to another keyPrefix of the binding`, () => {
    it('stays signed in there, under a new ID its user\'s list there names', TEST, async () => {
      const user = `m${++users}-${Date.now()}`;
      const jar = new CookieJar();
      await call(jar, `/${store}/acme/login?user=${user}`);
      const movedJar = await moved(store, jar);
      assert.notEqual(movedJar.get('__session'), jar.get('__session'), 'a new ID');
      assert.deepEqual(await call(movedJar, `/${store}/globex/me`), { user });
      assert.equal((await call(new CookieJar(), `/${store}/globex/sessions?user=${user}`)).ids.length, 1, 'listed under globex\'s user');
    });

    it('keeps the change of a request read before the old cookie logged out under the old prefix', TEST, async () => {
      const jar = new CookieJar();
      await call(jar, `/${store}/acme/count`);
      const movedJar = await moved(store, jar);
      const key = `${store}-${++users}`;
      const held = call(movedJar, `/${store}/globex/count?hold=${key}`); // read, counted to 2, held before its commit
      await call(new CookieJar(), `/gate/reached?key=${key}`);
      await call(jar, `/${store}/acme/logout`); // the old cookie's session ends in the old store
      await call(new CookieJar(), `/gate/open?key=${key}`);
      assert.deepEqual(await held, { n: 2 });
      assert.deepEqual(await call(movedJar, `/${store}/globex/count`), { n: 3 }, 'the held request\'s change was written');
    });
  });
}
