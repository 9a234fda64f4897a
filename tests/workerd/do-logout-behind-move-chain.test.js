// Durable Objects: a logout read behind a move (X -> Y) whose new session Y moved on again (Y -> Z: the same browser's
// "sign out of my other devices" or a second sign-in right after the first). The logout ends Y (endMoved), which no
// cookie names any more, and leaves Z: signed in, listed, and when the second move is still under way, its answer,
// after the logout's, signs the browser in again (README, Logout: "A logout there ends the session the move made").
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
const newUser = () => `logout-chain-${process.pid}-${++users}`;

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

describe('Durable Objects: a logout behind a move whose new session moved on', () => {
  for (const second of ['signin', 'logout-others']) {
    const path = (user, delay) => `${second}${second === 'signin' ? `?user=${user}&` : '?'}delay=${delay}`;

    it(`ends the session the second move made, under way (${second})`, { timeout: 30_000 }, async () => {
      const user = newUser();
      const jar = await signedIn(user);
      const behind = new CookieJar(); // the logout tab's request, sent with the cookie of before the first move
      behind.set('do', jar.get('do'));
      await post(jar, `signin?user=${user}`); // X -> Y, answered
      const moving = post(jar, path(user, 600)); // Y -> Z, under way
      await sleep(150);
      const logout = await post(behind, 'logout');
      assert.equal(logout.body.readId, '', 'the logout read X as moved');
      const moved = await moving; // its answer comes after the logout's
      assert.ok(!moved.set?.value || true);
      assert.equal((await post(jar, 'state')).body.user, null, 'the browser is signed in again after its logout');
      const listed = (await post(new CookieJar(), `list?user=${user}`)).body.listed;
      assert.deepEqual(listed, [], 'listed after the logout');
    });

    it(`ends the session the second move made, done (${second})`, { timeout: 30_000 }, async () => {
      const user = newUser();
      const jar = await signedIn(user);
      const behind = new CookieJar();
      behind.set('do', jar.get('do'));
      await post(jar, `signin?user=${user}`); // X -> Y
      await post(jar, path(user, 0)); // Y -> Z
      const logout = await post(behind, 'logout');
      assert.equal(logout.body.readId, '', 'the logout read X as moved');
      const copy = new CookieJar();
      copy.set('do', jar.get('do')); // Z, the browser's before the logout's answer
      assert.equal((await post(copy, 'state')).body.user, null, 'the session the second move made outlived the logout');
      const listed = (await post(new CookieJar(), `list?user=${user}`)).body.listed;
      assert.deepEqual(listed, [], 'listed after the logout');
    });
  }
});
