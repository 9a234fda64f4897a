// Adversarial pass on 3dcc8ed/1826fbc (a hand commit left behind a move): more shapes of hand commits, and React
// Router 7's middleware. Worker: tests/workerd/behind-move-worker.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { CookieJar, isExpiring } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';

const CONFIG = fileURLToPath(new URL('./behind-move-worker/wrangler.toml', import.meta.url));
let worker;
before(async () => {
  worker = await startWorker({ config: CONFIG, secrets: { SESSION_SECRET: 'adv-moved-secret-5d1e0c77a9b24f68' }, logLevel: 'none' });
}, { timeout: 60_000 });
after(() => worker?.dispose());

let users = 0;
const newUser = () => `adv2-${process.pid}-${++users}`;

async function post(jar, front, path) {
  const started = Date.now();
  const { response, setCookies } = await jar.fetch(new URL(`/${front}/${path}`, worker.url), { method: 'POST' });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body, sets: setCookies.filter((cookie) => cookie.name === front), set: setCookies.findLast((cookie) => cookie.name === front), ms: Date.now() - started };
}

async function behindSlow(jar, front, slow, behind) {
  const first = post(jar, front, `${slow}${slow.includes('?') ? '&' : '?'}delay=400`);
  await sleep(100);
  const second = post(jar, front, behind);
  return [await first, await second];
}

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
