// A revocation whose call to the user's index object lost its answer to a reset (a deploy) is made once more, its
// attempt token telling the first try (user-index.js revokeInIndex). Another revocation landing between the two tries
// (a different token) must not turn the retry into a new revocation: it would sign out what was signed in, or kept,
// after the first try, which the revocation (its time `at`) never covered.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';
import { jsonOrText } from '../helpers/json-or-text.js';

let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./do-lifecycle-worker/wrangler.toml', import.meta.url)), logLevel: process.env.LOG ?? 'none' });
}, { timeout: 60_000 });
after(() => worker?.dispose());

let users = 0;
const newUser = (label = 'u') => `${label}-${process.pid}-${++users}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function call(jar, action, { method = 'POST', query = {}, store = 'do' } = {}) {
  const url = new URL(`/${store}/${action}`, worker.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const { response } = await jar.fetch(url, { method });
  return { status: response.status, body: await jsonOrText(response) };
}
async function ok(jar, action, options) {
  const answer = await call(jar, action, options);
  assert.equal(answer.status, 200, `${action}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}
async function device(user, store = 'do') {
  const jar = new CookieJar();
  assert.equal((await ok(jar, 'login', { query: { user }, store })).user, user);
  return jar;
}
const meOn = async (jar, store = 'do') => (await ok(jar, 'me', { method: 'GET', store })).user;
const admin = (action, query) => ok(new CookieJar(), action, { method: 'GET', query });
const TEST = { timeout: 60_000 };

describe("A revocation retried after its user's index object was reset before it answered, another revocation having landed in between", () => {
  for (const store of ['do', 'cookie']) {
    it(`${store}: the retry does not sign out the device signed in after it and kept by the later revocation`, TEST, async () => {
      const user = newUser(store);
      const a = await device(user, store);
      const b = await device(user, store);
      // The first try lands, then the object waits 1 s before its reset (the answer lost): others' calls land meanwhile.
      await admin('arm', { user, method: 'userRevoke', kind: 'reset-before-reply', delay: '1000' });
      const first = call(a, 'revoke', { query: { user }, store }); // "sign out everywhere" (no except)
      await sleep(300);
      const c = await device(user, store); // signed in after the first revocation
      const kept = await ok(c, 'revoke', { query: { user, except: '1' }, store }); // c: "sign out my other devices"
      assert.equal(kept.error, undefined, kept.error);
      assert.equal(await meOn(c, store), user, 'c is signed in after its own revocation');
      const answer = (await first).body;
      assert.equal(answer.error, undefined, answer.error);
      // Expected: the first revocation ended a and b (2), and c, signed in after it and kept by the second, stays.
      assert.deepEqual(
        { ended: answer.ended, a: await meOn(a, store), b: await meOn(b, store), c: await meOn(c, store) },
        { ended: 2, a: null, b: null, c: user },
      );
    });
  }

  it('do (control, no revocation between): the retry does not sign out the device signed in between the two tries', TEST, async () => {
    const user = newUser('do');
    const a = await device(user);
    await admin('arm', { user, method: 'userRevoke', kind: 'reset-before-reply', delay: '1000' });
    const first = call(a, 'revoke', { query: { user } });
    await sleep(300);
    const c = await device(user);
    const answer = (await first).body;
    assert.equal(answer.error, undefined, answer.error);
    assert.deepEqual({ ended: answer.ended, a: await meOn(a), c: await meOn(c) }, { ended: 1, a: null, c: user });
  });

  for (const store of ['do', 'cookie']) {
    it(`${store} (control): a first try that did not land (reset before its work) is made once more, keeping the device that asked`, TEST, async () => {
      const user = newUser(store);
      const kept = await device(user, store);
      const other = await device(user, store);
      await admin('arm', { user, method: 'userRevoke', kind: 'reset' });
      const answer = await ok(kept, 'revoke', { query: { user, except: '1' }, store });
      assert.equal(answer.error, undefined, answer.error);
      assert.deepEqual({ ended: answer.ended, other: await meOn(other, store), kept: await meOn(kept, store) }, { ended: 1, other: null, kept: user });
      assert.equal((await admin('index', { user })).pending, undefined, 'nothing left pending');
    });
  }
});
