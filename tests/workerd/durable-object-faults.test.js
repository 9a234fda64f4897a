// The Durable Object storage when a call fails part-way or a request outlives its lease, inside workerd: a
// revocation whose revoke() of one session's object fails is finished by the next one; a logout is made after its
// lease lapsed if nobody wrote meanwhile; a commit refused for a lapsed lease leaves nothing half-made.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';
import { jsonOrText } from '../helpers/json-or-text.js';

let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./do-faults-worker/wrangler.toml', import.meta.url)), logLevel: 'none' });
}, { timeout: 60_000 });
after(() => worker?.dispose());

let users = 0;
const newUser = (label = 'u') => `${label}-${process.pid}-${++users}`;

async function call(jar, store, action, { method = 'POST', query = {} } = {}) {
  const url = new URL(`/${store}/${action}`, worker.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const { response } = await jar.fetch(url, { method });
  const body = await jsonOrText(response);
  return { status: response.status, body };
}
async function ok(jar, store, action, options) {
  const answer = await call(jar, store, action, options);
  assert.equal(answer.status, 200, `${store}/${action}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}
async function device(store, user) {
  const jar = new CookieJar();
  assert.equal((await ok(jar, store, 'login', { query: { user } })).user, user);
  return jar;
}
const me = (jar, store) => ok(jar, store, 'me', { method: 'GET' });
const listed = async (store, user) => (await ok(new CookieJar(), store, 'list', { method: 'GET', query: { user } })).map((entry) => entry.id).sort();
const TEST = { timeout: 60_000 };

describe('A revocation whose revoke() of a session object fails', () => {
  it('is finished by the next revocation; regression (review): the failed session was off the index, and no later revocation reached it', TEST, async () => {
    const user = newUser();
    const owner = await device('do', user);
    const thief = await device('do', user);
    await ok(new CookieJar(), 'do', 'arm-revoke-failure', { query: { id: (await me(thief, 'do')).id } });
    assert.ok((await ok(owner, 'do', 'revoke', { query: { user, except: '1' } })).error, 'the first revocation failed');
    assert.equal((await ok(owner, 'do', 'revoke', { query: { user, except: '1' } })).error, undefined, 'the retry succeeds');
    assert.equal((await me(thief, 'do')).user, null, 'the other device is signed out');
    assert.equal((await me(owner, 'do')).user, user, 'this one is kept');
  });

  it('past 100 sessions: the evicted session whose revoke() failed is ended by the next revocation', { timeout: 120_000 }, async () => {
    const user = newUser();
    const oldest = await device('do', user);
    for (let i = 0; i < 99; i++) await device('do', user);
    await ok(new CookieJar(), 'do', 'arm-revoke-failure', { query: { id: (await me(oldest, 'do')).id } });
    await call(new CookieJar(), 'do', 'login', { query: { user } }); // the 101st evicts the oldest; its revoke() fails
    assert.equal((await ok(new CookieJar(), 'do', 'revoke', { query: { user } })).error, undefined);
    assert.equal((await me(oldest, 'do')).user, null, 'no session of the user opens after "sign out of all devices"');
  });
});

describe('A session whose object cannot be revoked for a while (pending in its user\'s index)', () => {
  it('fails no commit of the user\'s other sessions; regression (review): every commit of the user, the kept device\'s too, answered 500', TEST, async () => {
    const user = newUser();
    const owner = await device('do', user);
    const thief = await device('do', user);
    await ok(new CookieJar(), 'do', 'arm-revoke-failure', { query: { id: (await me(thief, 'do')).id, times: '1000' } });
    assert.ok((await ok(owner, 'do', 'revoke', { query: { user, except: '1' } })).error, 'the revocation failed (it throws)');
    assert.equal((await call(owner, 'do', 'incr')).status, 200, 'the kept device goes on');
    assert.equal((await call(new CookieJar(), 'do', 'login', { query: { user } })).status, 200, 'a sign-in works');
  });

  it('keeps only what failed pending; regression (review): one failure kept every ID pending, and the list grew with each sign-in', TEST, async () => {
    const user = newUser();
    const owner = await device('do', user);
    const stuck = await device('do', user);
    await ok(new CookieJar(), 'do', 'arm-revoke-failure', { query: { id: (await me(stuck, 'do')).id, times: '1000' } });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 5; i++) await ok(new CookieJar(), 'do', 'login', { query: { user } });
      await ok(owner, 'do', 'revoke', { query: { user, except: '1' } });
    }
    const index = await ok(new CookieJar(), 'do', 'index', { method: 'GET', query: { user } });
    assert.deepEqual(index.pending, [(await me(stuck, 'do')).id]);
  });
});

describe('A request that held its session past leaseTimeout', () => {
  it('does not unlist the session another request signed in meanwhile when its own late commit fails; regression (review): it did, and that session outlived "sign out of all devices"', TEST, async () => {
    const user = newUser();
    const jar = new CookieJar();
    await ok(jar, 'do-short', 'incr'); // an anonymous session X
    const { id } = await me(jar, 'do-short');
    // A double submit of the sign-in form: the first is slow (past leaseTimeout), the second gets X once the
    // first's lease lapses, signs it in and writes it.
    const slow = call(jar, 'do-short', 'login', { query: { user, ms: '600' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const quick = await call(jar, 'do-short', 'login', { query: { user } });
    assert.deepEqual([quick.status, quick.body.user, quick.body.id], [200, user, id]);
    assert.equal((await slow).status, 500, 'the late commit is refused (documented)');
    assert.equal((await me(jar, 'do-short')).user, user);
    assert.deepEqual(await listed('do-short', user), [id]);
    assert.equal((await ok(new CookieJar(), 'do-short', 'revoke', { query: { user } })).ended, 1);
    assert.equal((await me(jar, 'do-short')).user, null, '"sign out of all devices" ends it');
  });


  it('logs out all the same when nobody wrote meanwhile; regression (review): its logout was refused (a 500) and the user stayed signed in', TEST, async () => {
    const user = newUser();
    const jar = await device('do-short', user); // leaseTimeout: 300 ms
    const cookie = jar.get('__session');
    const logout = await call(jar, 'do-short', 'logout', { query: { ms: '600' } });
    assert.equal(logout.status, 200);
    const replay = new CookieJar();
    replay.set('__session', cookie);
    assert.equal((await me(replay, 'do-short')).user, null, 'the old cookie opens nothing');
    assert.deepEqual(await listed('do-short', user), []);
  });

  for (const [what, act] of [
    ['regenerateId(true)', async (user) => {
      const jar = await device('do-short', user);
      return { jar, answer: await call(jar, 'do-short', 'regen', { query: { ms: '600' } }), expect: { user, listed: [(await me(jar, 'do-short')).id] } };
    }],
    ['a sign-in of an anonymous session', async (user) => {
      const jar = new CookieJar();
      await ok(jar, 'do-short', 'incr');
      return { jar, answer: await call(jar, 'do-short', 'login', { query: { user, ms: '600' } }), expect: { user: null, listed: [] } };
    }],
    ['a switch to another user', async (user) => {
      const before = newUser('A');
      const jar = await device('do-short', before);
      return { jar, answer: await call(jar, 'do-short', 'login', { query: { user, ms: '600' } }), expect: { user: before, listed: [] } };
    }],
  ]) {
    it(`has its late commit of ${what} refused, leaving nothing half-made; regression (review): a phantom session was listed, or a record no cookie holds was kept`, TEST, async () => {
      const user = newUser();
      const { jar, answer, expect } = await act(user);
      assert.equal(answer.status, 500, 'the late commit is refused (documented)');
      assert.equal((await me(jar, 'do-short')).user, expect.user, 'the device holds what it held');
      assert.deepEqual(await listed('do-short', user), expect.listed.sort(), 'the list is as before the refused commit');
    });
  }
});

describe('The device revokeUserSessions keeps, disposed by the handler', () => {
  it('keeps its lease until its write: another request of the session waits, and its change stands; regression (review): the lease was given back, the kept write went out unchecked, and the change was lost', TEST, async () => {
    const user = newUser('kept');
    const jar = await device('do', user);
    const slow = call(jar, 'do', 'keep-dispose', { query: { user, after: 1500 } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal((await ok(jar, 'do', 'incr')).count, 1, 'the other request ran, after the kept write');
    assert.equal((await slow).status, 200);
    const now = await ok(jar, 'do', 'me', { method: 'GET' });
    assert.deepEqual([now.user, now.count], [user, 1], 'the kept device is signed in, and the change stands');
  });
});
