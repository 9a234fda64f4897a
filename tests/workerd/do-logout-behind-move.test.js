// Durable Objects: a logout sent by one tab while another tab's `regenerateId(true)` (a sign-in, "sign out of my
// other devices") holds the session's line. The logout waits behind the move, reads the old ID as moved (a fresh
// session), and sends an expiring cookie, which arrives last: the browser is signed out. But the session the move
// made was never deleted: it stays signed in for any copy of the cookie the move sent, and in listUserSessions,
// until its maxAge; and when the logout's answer reaches the browser before the move's (the move's request still
// finishing), the move's Set-Cookie signs the browser in again after it showed "signed out". README (Security model, Logout): "With
// Durable Objects the session is gone everywhere at once". Found by a seeded randomized concurrency run over
// tests/workerd/concurrency-worker (seed 1, round 3: invariant "list shows exactly the live sessions").
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';

const CONFIG = fileURLToPath(new URL('./concurrency-worker/wrangler.toml', import.meta.url));
let worker;
before(async () => {
  worker = await startWorker({ config: CONFIG, secrets: { SESSION_SECRET: 'concurrency-test-secret-5d1e0c77a9b24f68' }, logLevel: 'none' });
}, { timeout: 60_000 });
after(() => worker?.dispose());

let users = 0;
const newUser = () => `logout-behind-${process.pid}-${++users}`;

async function post(jar, path) {
  const { response, setCookies } = await jar.fetch(new URL(`/do/${path}`, worker.url), { method: 'POST' });
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  return { body, set: setCookies.find((cookie) => cookie.name === 'do') };
}

async function signedIn(user) {
  const jar = new CookieJar();
  await post(jar, 'inc');
  await post(jar, `signin?user=${user}`);
  return jar;
}

describe('Durable Objects: a logout waiting behind a move of its session', () => {
  for (const move of ['signin', 'logout-others']) {
    it(`ends the session the move made (${move} in the other tab)`, { timeout: 30_000 }, async () => {
      const user = newUser();
      const jar = await signedIn(user);
      const moving = post(jar, `${move}${move === 'signin' ? `?user=${user}&` : '?'}delay=400`);
      await sleep(100);
      const logout = post(jar, 'logout');
      const moved = await moving;
      const loggedOut = await logout;
      assert.ok(moved.set && moved.set.value, 'the move sets the new cookie');
      assert.equal(loggedOut.body.readId, '', 'the logout read the old ID as moved');
      assert.equal(loggedOut.set?.attributes['max-age'], '0', 'the logout expires the cookie');
      // Its answer may come before the move's (whose Set-Cookie then signs the browser in again) or after it.
      assert.equal((await post(jar, 'state')).body.user, null, 'the browser is still signed in after its logout');
      // A copy of the cookie the move sent (the same browser's, a moment before the logout).
      const copy = new CookieJar();
      copy.set('do', moved.set.value);
      assert.equal((await post(copy, 'state')).body.user, null, 'the session the move made outlived the logout');
      const listed = (await post(new CookieJar(), `list?user=${user}`)).body.listed;
      assert.deepEqual(listed, [], 'listed after the logout');
    });
  }
});
