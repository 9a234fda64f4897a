// Adversarial pass on the "left behind a move" fix (do-tab-behind-move): on Durable Objects a request of another
// tab that reads a session's old ID behind its regenerateId(true) writes nothing and sets no cookie, so the device
// keeps the move's cookie (README, Security model: Logout; Choices). These pin what that fix missed: a commit by
// hand under withSession or a middleware (React Router's idiom, a "last seen" middleware) still sent a cookie that
// signed the device out, and left the request's session destroyed, so the rest of the request (a double submit's
// sign-in) failed with a 500. Then (a second adversarial pass) more shapes of hand commits, React Router 7's middleware,
// and a failure after a hand commit (Hono's onError answering on a Context that keeps the route's headers).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { CookieJar, isExpiring } from '../helpers/cookie-jar.js';
import { assertNewId, idIn } from '../helpers/behind-move-ids.js';
import { startWorker } from '../helpers/start-worker.js';
import { jsonOrText } from '../helpers/json-or-text.js';

const CONFIG = fileURLToPath(new URL('./behind-move-worker/wrangler.toml', import.meta.url));
let worker;
before(async () => {
  worker = await startWorker({ config: CONFIG, secrets: { SESSION_SECRET: 'adv-moved-secret-5d1e0c77a9b24f68' }, logLevel: 'none' });
}, { timeout: 60_000 });
after(() => worker?.dispose());

let users = 0;
const newUser = () => `adv-${process.pid}-${++users}`;

/** POST /<front>/<path> with the jar: its status, JSON, the session cookie headers it set (`sets`, the last: `set`) and how long it took. */
async function post(jar, front, path) {
  const started = Date.now();
  const { response, setCookies } = await jar.fetch(new URL(`/${front}/${path}`, worker.url), { method: 'POST' });
  const body = await jsonOrText(response);
  return { status: response.status, body, sets: setCookies.filter((cookie) => cookie.name === front), set: setCookies.findLast((cookie) => cookie.name === front), ms: Date.now() - started };
}

/** `slow` (holding the session's line 400 ms), then `behind` sent 100 ms later with the same cookie. */
async function behindSlow(jar, front, slow, behind) {
  const first = post(jar, front, `${slow}${slow.includes('?') ? '&' : '?'}delay=400`);
  await sleep(100);
  const second = post(jar, front, behind);
  return [await first, await second];
}

for (const front of ['ws', 'hono']) {
  describe(`${front === 'ws' ? 'withSession' : 'Hono'}: a commit by hand left behind a sign-in`, () => {
    it('sends no cookie, and the device stays signed in', { timeout: 30_000 }, async () => {
      const user = newUser();
      const jar = new CookieJar();
      await post(jar, front, 'inc');
      const [signIn, hand] = await behindSlow(jar, front, `signin?user=${user}`, 'hand-flash?v=hello');
      assert.ok(signIn.set, 'the sign-in sets its cookie');
      assert.equal(hand.status, 200);
      assert.equal(hand.body.readId, '', 'the tab behind it reads a fresh session');
      assert.ok(hand.set === undefined || !isExpiring(hand.set), `no cookie that signs the device out: ${JSON.stringify(hand.set)}`);
      assert.equal((await post(jar, front, 'state')).body.user, user);
    });

    it('then a sign-in in the same request (a double submit through a hand commit first) signs in, no 500', { timeout: 30_000 }, async () => {
      const user = newUser();
      const jar = new CookieJar();
      await post(jar, front, 'inc');
      const [, second] = await behindSlow(jar, front, `signin?user=${user}`, `hand-flash-then-signin?user=${user}`);
      assert.equal(second.status, 200, JSON.stringify(second.body).slice(0, 200));
      assert.ok(second.set && !isExpiring(second.set), 'the second sign-in sets its cookie');
      assert.equal((await post(jar, front, 'state')).body.user, user);
    });

    it('then a logout in the same request expires the cookie, as a logout left behind a move does', { timeout: 30_000 }, async () => {
      const jar = new CookieJar();
      await post(jar, front, 'inc');
      const [, plain] = await behindSlow(jar, front, `signin?user=${newUser()}`, 'logout');
      assert.ok(plain.set && isExpiring(plain.set), 'a logout left behind a move expires the cookie');
      const other = new CookieJar();
      await post(other, front, 'inc');
      const [, second] = await behindSlow(other, front, `signin?user=${newUser()}`, 'hand-flash-then-logout');
      assert.equal(second.status, 200);
      assert.ok(second.set && isExpiring(second.set), 'so does one after a hand commit');
    });
  });
}

describe('the other ways in: Remix v3, and a sign-in without regenerateId or without userKey', () => {
  it('Remix v3: a flash behind a sign-in changes no cookie, and the device stays signed in', { timeout: 30_000 }, async () => {
    const user = newUser();
    const jar = new CookieJar();
    await post(jar, 'remix', 'inc');
    const [signIn, flash] = await behindSlow(jar, 'remix', `signin?user=${user}`, 'flash?v=hello');
    assert.ok(signIn.set, 'the sign-in sets its cookie');
    assert.equal(flash.status, 200);
    assert.equal(flash.set, undefined);
    assert.equal((await post(jar, 'remix', 'state')).body.user, user);
  });

  for (const [front, path, what] of [
    ['remix', 'signin', 'Remix v3: a sign-in behind a sign-in'],
    ['ws', 'signin-set', 'a sign-in that only sets the user (userKey) behind a sign-in'],
    ['wn', 'signin', 'without userKey, a sign-in (regenerateId) behind a sign-in'],
  ]) {
    it(`${what} signs in`, { timeout: 30_000 }, async () => {
      const user = newUser();
      const jar = new CookieJar();
      await post(jar, front, 'inc');
      const [, second] = await behindSlow(jar, front, `signin?user=${user}`, `${path}?user=${user}`);
      assert.equal(second.status, 200);
      assert.ok(second.set && !isExpiring(second.set), 'the second sign-in sets its cookie');
      assert.equal((await post(jar, front, 'state')).body.user, user);
    });
  }
});

for (const front of ['ws', 'hono', 'rr']) {
  describe(`${front}: hand commits left behind a sign-in`, () => {
    for (const path of ['hand-flash?v=x', 'hand-twice', 'hand-then-inc', 'hand-redirect', 'hand-then-500']) {
      it(`${path}: no cookie that signs the device out, no 500 of ours, no lease held`, { timeout: 30_000 }, async () => {
        const user = newUser();
        const jar = new CookieJar();
        await post(jar, front, 'inc');
        const [signIn, hand] = await behindSlow(jar, front, `signin?user=${user}`, path);
        assert.ok(signIn.set && !isExpiring(signIn.set), 'the sign-in sets its cookie');
        assert.ok(hand.status < 500 || hand.body.failed, `${hand.status} ${JSON.stringify(hand.body).slice(0, 300)}`);
        assert.equal(hand.body.readId ?? '', '', 'read fresh');
        assert.deepEqual(hand.sets.filter((c) => isExpiring(c)), [], `no expiring header: ${JSON.stringify(hand.sets)}`);
        const state = await post(jar, front, 'state');
        assert.equal(state.body.user, user);
        assert.ok(state.ms < 3000, `the next request waited ${state.ms} ms`);
      });
    }

    for (const path of ['hand-then-hand-signin', 'hand-then-signin-set']) {
      it(`${path}: signs in, one header for the cookie`, { timeout: 30_000 }, async () => {
        const user = newUser();
        const other = newUser();
        const jar = new CookieJar();
        await post(jar, front, 'inc');
        const [, second] = await behindSlow(jar, front, `signin?user=${user}`, `${path}?user=${other}`);
        assert.ok(second.status < 500, `${second.status} ${JSON.stringify(second.body).slice(0, 300)}`);
        assert.equal(second.sets.length, 1, JSON.stringify(second.sets));
        assert.ok(!isExpiring(second.sets[0]));
        assert.equal((await post(jar, front, 'state')).body.user, other);
      });
    }

    it('hand-then-hand-logout: expires the cookie once', { timeout: 30_000 }, async () => {
      const jar = new CookieJar();
      await post(jar, front, 'inc');
      const [, second] = await behindSlow(jar, front, `signin?user=${newUser()}`, 'hand-then-hand-logout');
      assert.ok(second.status < 500, `${second.status} ${JSON.stringify(second.body).slice(0, 300)}`);
      assert.equal(second.sets.length, 1, JSON.stringify(second.sets));
      assert.ok(isExpiring(second.sets[0]));
    });
  });
}

describe('Hono: a hand commit left behind a sign-in, then the route fails (500)', () => {
  it('the 500 carries no cookie that signs the device out', { timeout: 30_000 }, async () => {
    const user = newUser();
    const jar = new CookieJar();
    await post(jar, 'hono', 'inc');
    const [signIn, failed] = await behindSlow(jar, 'hono', `signin?user=${user}`, 'hand-then-throw');
    assert.ok(signIn.set && !isExpiring(signIn.set));
    assert.equal(failed.status, 500);
    assert.deepEqual(failed.sets.filter((c) => isExpiring(c)), [], `no expiring header: ${JSON.stringify(failed.sets)}`);
    assert.equal((await post(jar, 'hono', 'state')).body.user, user);
  });

  it('(control) not behind a move, the hand commit\'s header stays on the 500, as written', { timeout: 30_000 }, async () => {
    const jar = new CookieJar();
    await post(jar, 'hono', 'inc');
    const failed = await post(jar, 'hono', 'hand-then-throw');
    assert.equal(failed.status, 500);
    assert.ok(failed.set && !isExpiring(failed.set), JSON.stringify(failed.sets));
  });
});
