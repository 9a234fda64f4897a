// The Workers KV and Durable Object session storages inside workerd (local KV and Durable Objects), driven over
// HTTP through the test Worker in tests/storage/worker/.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { issueSessionId } from '../../js/internal.js';
import { CookieJar, isExpiring } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';
import { COOKIE_NAME, near, SECRET, signedCookie, sleep } from './support.js';

const CONFIG = fileURLToPath(new URL('./worker/wrangler.toml', import.meta.url));
const RANDOM_ID = /^[0-9a-f]{40}$/;
const TEST = { timeout: 20_000 };
const PARALLEL = 50;

let worker;
before(async () => {
  worker = await startWorker({ config: CONFIG, secrets: { SESSION_SECRET: SECRET } });
}, { timeout: 60_000 });
after(() => worker?.dispose());

/** The ID a session Set-Cookie carries (signed JSON string, percent-encoded as React Router writes it). */
function idIn(setCookie) {
  const value = decodeURIComponent(setCookie.value);
  return JSON.parse(Buffer.from(value.slice(0, value.lastIndexOf('.')), 'base64').toString('utf8'));
}

/** A stored record's data without its times ("__es__", issue 11: written when the cookie expires). */
function dataOf(record) {
  const { __es__: times, ...data } = JSON.parse(record);
  void times;
  return data;
}

async function call(jar, store, action, { method = 'POST', query = {} } = {}) {
  const url = new URL(`/${store}/${action}`, worker.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const { response, setCookies } = await jar.fetch(url, { method });
  assert.equal(response.status, 200, `${method} ${url.pathname}`);
  const sessionCookies = setCookies.filter((cookie) => cookie.name === COOKIE_NAME);
  assert.ok(sessionCookies.length <= 1, 'at most one session Set-Cookie');
  return { body: await response.json(), setCookie: sessionCookies[0] };
}

const getSession = (jar, store) => call(jar, store, 'session', { method: 'GET' });
const raw = async (store, id) => (await call(new CookieJar(), store, 'raw', { method: 'GET', query: { id } })).body;

/** A jar holding a stored session with { user: 'mj' }; returns the jar and the session's ID. */
async function signedIn(store) {
  const jar = new CookieJar();
  const { setCookie } = await call(jar, store, 'set', { query: { key: 'user', value: '"mj"' } });
  assert.ok(setCookie, 'the first write sets the cookie');
  return { jar, id: idIn(setCookie) };
}

/** Fires `count` increments of one session at once (no jar: every request sends the same cookie). */
async function parallelIncrements(store, cookieHeader, count) {
  const responses = await Promise.all(
    Array.from({ length: count }, () =>
      fetch(new URL(`/${store}/incr`, worker.url), {
        method: 'POST',
        headers: { Cookie: cookieHeader },
        signal: AbortSignal.timeout(30_000),
      }),
    ),
  );
  for (const response of responses) {
    assert.equal(response.status, 200, await response.clone().text());
    await response.body?.cancel();
  }
}

for (const [store, label] of [
  ['kv', 'createWorkersKVSessionStorage'],
  ['do', 'createDurableObjectSessionStorage'],
]) {
  describe(`${label} inside workerd`, () => {
    // Issue 11, finding 1: a logout through destroySession (React Router's idiom, no destroy()) on a dirty
    // session was committed again by withSession: the record written back, a second __session cookie.
    // Issue 10.5: the signed ID cookie signs its value only, so an ID signed for __session, renamed __other under
    // the same secret, verified, and a storage of __other over the same backend opened that session.
    it('an ID cookie renamed to another storage\'s cookie (same secret and backend) opens no session there', TEST, async () => {
      const { jar, id } = await signedIn(store);
      const renamed = new CookieJar();
      renamed.set('__other', jar.get(COOKIE_NAME));
      const { response } = await renamed.fetch(new URL(`/${store}-other/session`, worker.url));
      assert.equal(response.status, 200);
      const body = await response.json();
      assert.notEqual(body.id, id);
      assert.deepEqual(body.data, {});
      // The control: under its own name, the cookie opens the session.
      assert.deepEqual((await getSession(jar, store)).body, { id, data: { user: 'mj' } });
    });

    it('a logout through destroySession is not undone by withSession: one expiring cookie, the record stays deleted', TEST, async () => {
      const { jar, id } = await signedIn(store);
      const url = new URL(`/${store}/logout-idiom`, worker.url);
      const { response, setCookies } = await jar.fetch(url, { method: 'POST' });
      assert.equal(response.status, 200);
      await response.arrayBuffer();
      const sessionCookies = setCookies.filter((cookie) => cookie.name === COOKIE_NAME);
      assert.equal(sessionCookies.length, 1, 'exactly one session Set-Cookie');
      assert.equal(sessionCookies[0].value, '');
      assert.equal((await raw(store, id)).value, null, 'the record stays deleted');
    });

    // Regression (audit): a hand commit under the regenerateId()'s new ID made that the session's record, and the
    // logout after it deleted only that one: the record the browser's cookie (or a stolen copy) names lived on.
    it('a logout after a hand commit of regenerateId() ends the record the cookie names', TEST, async () => {
      const { jar, id } = await signedIn(store);
      const thief = new CookieJar();
      thief.set(COOKIE_NAME, jar.get(COOKIE_NAME));
      const { response, setCookies } = await jar.fetch(new URL(`/${store}/regenerate-commit-logout`, worker.url), { method: 'POST' });
      assert.equal(response.status, 200);
      await response.arrayBuffer();
      const sessionCookies = setCookies.filter((cookie) => cookie.name === COOKIE_NAME);
      assert.deepEqual(sessionCookies.map((cookie) => cookie.value), [''], 'the logout alone');
      assert.equal((await raw(store, id)).value, null, 'the record the cookie named is deleted');
      assert.deepEqual((await getSession(thief, store)).body.data, {}, 'a stolen copy of the cookie opens nothing');
    });

    // Issue 11, finding 2: a handler that committed itself got a second, identical Set-Cookie.
    it('a handler that commits itself gets exactly one session Set-Cookie', TEST, async () => {
      const { jar, id } = await signedIn(store);
      const url = new URL(`/${store}/commit-self`, worker.url);
      const { response, setCookies } = await jar.fetch(url, { method: 'POST' });
      assert.equal(response.status, 200);
      assert.equal((await response.json()).id, id);
      assert.equal(setCookies.filter((cookie) => cookie.name === COOKIE_NAME).length, 1);
      assert.equal(dataOf((await raw(store, id)).value).count, 1);
    });

    it('creates the session on its first write: a new 128-bit ID in the cookie, the data stored under it', TEST, async () => {
      const jar = new CookieJar();
      const first = await call(jar, store, 'set', { query: { key: 'user', value: '"mj"' } });
      assert.equal(first.body.id, '', 'no ID before the commit');
      const id = idIn(first.setCookie);
      assert.match(id, RANDOM_ID);
      assert.equal(first.setCookie.attributes.httponly, true);
      assert.equal(JSON.parse((await raw(store, id)).value).user, 'mj');
      const again = await getSession(jar, store);
      assert.deepEqual(again.body, { id, data: { user: 'mj' } });
      assert.equal(again.setCookie, undefined, 'a read-only request sends no Set-Cookie');
    });

    it('updates the stored record in place', TEST, async () => {
      const { jar, id } = await signedIn(store);
      const { setCookie } = await call(jar, store, 'set', { query: { key: 'theme', value: '"dark"' } });
      assert.equal(idIn(setCookie), id);
      assert.deepEqual((await getSession(jar, store)).body, { id, data: { user: 'mj', theme: 'dark' } });
    });

    it('regenerateId(true): a new ID in the cookie, the data moved, the old record gone', TEST, async () => {
      const { jar, id: oldId } = await signedIn(store);
      const oldCookie = jar.header();
      const { body, setCookie } = await call(jar, store, 'regenerate');
      const newId = idIn(setCookie);
      assert.equal(body.id, newId);
      assert.notEqual(newId, oldId);
      assert.equal((await raw(store, oldId)).value, null, 'the old record is deleted');
      assert.deepEqual((await getSession(jar, store)).body, { id: newId, data: { user: 'mj' } });
      const stale = await fetch(new URL(`/${store}/session`, worker.url), { headers: { Cookie: oldCookie } });
      assert.deepEqual(await stale.json(), { id: '', data: {} }, 'the old cookie opens nothing');
    });

    it('destroy(): the record deleted and an expiring cookie', TEST, async () => {
      const { jar, id } = await signedIn(store);
      const oldCookie = jar.header();
      const { setCookie } = await call(jar, store, 'destroy');
      assert.equal(setCookie.value, '');
      assert.ok(isExpiring(setCookie), 'the cookie expires now');
      assert.equal((await raw(store, id)).value, null);
      const stale = await fetch(new URL(`/${store}/session`, worker.url), { headers: { Cookie: oldCookie } });
      assert.deepEqual(await stale.json(), { id: '', data: {} });
    });

    it('never serves a session past its maxAge (1 s)', TEST, async () => {
      const { jar, id } = await signedIn(`${store}-short`);
      assert.equal((await getSession(jar, `${store}-short`)).body.id, id, 'served within maxAge');
      await sleep(2100); // limits are whole seconds: past once the clock's second is past it, at most 1 s late
      // The jar still sends the cookie (a client ignoring Max-Age); the server must refuse the record.
      assert.deepEqual((await getSession(jar, `${store}-short`)).body, { id: '', data: {} });
    });

    it('gives a validly signed cookie naming an unknown ID a fresh session, and a new ID on write', TEST, async () => {
      const forgedId = issueSessionId(COOKIE_NAME, 'feedface'.repeat(4)); // of this cookie: the store is asked for it
      const jar = new CookieJar();
      jar.set(COOKIE_NAME, signedCookie(forgedId).split('=')[1]);
      assert.deepEqual((await getSession(jar, store)).body, { id: '', data: {} });
      const { setCookie } = await call(jar, store, 'set', { query: { key: 'user', value: '"attacker"' } });
      const newId = idIn(setCookie);
      assert.match(newId, RANDOM_ID);
      assert.notEqual(newId, forgedId);
      assert.equal((await raw(store, forgedId)).value, null, 'nothing stored under the forged ID');
    });

    it('gives a forged ID of any other shape a fresh session', TEST, async () => {
      for (const forged of ['../../etc/passwd', 'x'.repeat(2000), '']) {
        const response = await fetch(new URL(`/${store}/session`, worker.url), { headers: { Cookie: signedCookie(forged) } });
        assert.equal(response.status, 200);
        assert.deepEqual(await response.json(), { id: '', data: {} });
      }
    });
  });
}

describe('createWorkersKVSessionStorage inside workerd: KV specifics', () => {
  it('writes the key with a 60 s expiration (the KV minimum) and the true expiry in its metadata', TEST, async () => {
    const { id } = await signedIn('kv-short');
    const { value, metadata, expiration, now } = await raw('kv-short', id);
    assert.equal(JSON.parse(value).user, 'mj');
    assert.ok(Math.abs(metadata.expires - (now + 1000)) < 2000, `metadata.expires ${metadata.expires} is about now + 1 s`);
    assert.ok(expiration >= now / 1000 + 58 && expiration <= now / 1000 + 62, `expiration ${expiration} is now + 60 s`);
    await sleep(1500);
    assert.notEqual((await raw('kv-short', id)).value, null, 'the key lives on past the session; read() refuses it by its metadata');
  });

  it(`loses updates under ${PARALLEL} parallel increments of one session (KV is last-write-wins)`, { timeout: 60_000 }, async (t) => {
    const { jar } = await signedIn('kv');
    await parallelIncrements('kv', jar.header(), PARALLEL);
    const count = (await getSession(jar, 'kv')).body.data.count;
    t.diagnostic(`KV: ${count} of ${PARALLEL} parallel increments survived (${PARALLEL - count} lost)`);
    assert.ok(count >= 1 && count <= PARALLEL, `count ${count}`);
  });
});

// Audit of issue 3: a far-future expiry failed every commit (a 500) on KV, whose expirationTtl workerd takes as an
// int32 of seconds (a NaN past Date's range), and on Durable Objects, whose alarms stop at 2189, while the memory
// and cookie storages took it. A record whose end the platform cannot be told is kept until deleted; its own
// expiry is still checked when read. The worker's FAR_EXPIRIES: the session's expiry, in ms from now or at.
const DAY_MS = 24 * 3600 * 1000;
const FAR_EXPIRIES = {
  '400d': (now) => now + 400 * DAY_MS,
  '100y': (now) => now + 100 * 365 * DAY_MS,
  '2e40': (now) => now + 2 ** 40 * 1000,
  '9999-12-31': () => Date.UTC(9999, 11, 31, 23, 59, 59),
  'past-date-range': () => NaN, // maxAge 8.64e12 s: past the last Date
};
/** Beyond this many seconds from now, KV is told no expiration (workerd's expirationTtl is an int32). */
const KV_TTL_LIMIT_S = 2 ** 31 - 1;

describe('far-future cookie expiries inside workerd (audit of issue 3)', () => {
  for (const [span, expiryOf] of Object.entries(FAR_EXPIRIES)) {
    it(`KV, expiry ${span}: commits, reads back, and the key's expiration is the expiry or none past KV's limit`, TEST, async () => {
      const store = `kv-far-${span}`;
      const { jar, id } = await signedIn(store);
      assert.deepEqual((await getSession(jar, store)).body, { id, data: { user: 'mj' } });
      const { metadata, expiration, now } = await raw(store, id);
      const expiry = expiryOf(now);
      if (Number.isNaN(expiry)) {
        assert.equal(expiration, null, 'an invalid expiry: no expiration');
        assert.equal(typeof metadata?.expires === 'number' && metadata.expires <= now, false, 'not read as expired');
      } else {
        assert.ok(near(metadata.expires, expiry), `metadata.expires ${metadata.expires} is the expiry ${expiry}`);
        if ((expiry - now) / 1000 > KV_TTL_LIMIT_S - 10) assert.equal(expiration, null, 'past KV\'s limit: no expiration');
        else assert.ok(near(expiration * 1000, expiry, 5000), `expiration ${expiration} is the expiry ${expiry}`);
      }
    });

    it(`Durable Object, expiry ${span}: commits, reads back, and the alarm is the expiry or none past 2189`, TEST, async () => {
      const store = `do-far-${span}`;
      const { jar, id } = await signedIn(store);
      assert.deepEqual((await getSession(jar, store)).body, { id, data: { user: 'mj' } });
      const { keys, alarm, now } = (await call(new CookieJar(), store, 'inspect', { method: 'GET', query: { id } })).body;
      const expiry = expiryOf(now);
      assert.equal(keys, 1);
      if (Number.isNaN(expiry) || expiry >= Date.UTC(2189, 0, 1)) assert.equal(alarm, null, 'past alarms\' range: no alarm');
      else assert.ok(near(alarm, expiry), `alarm ${alarm} set at the expiry ${expiry}`);
    });
  }
});

describe('createDurableObjectSessionStorage inside workerd: one request at a time per session', () => {
  it(`keeps all ${PARALLEL} parallel increments of one session`, { timeout: 60_000 }, async (t) => {
    const { jar } = await signedIn('do');
    const started = Date.now();
    await parallelIncrements('do', jar.header(), PARALLEL);
    const { data } = (await getSession(jar, 'do')).body;
    t.diagnostic(`Durable Object: ${data.count} of ${PARALLEL} parallel increments kept, in ${Date.now() - started} ms`);
    assert.deepEqual(data, { user: 'mj', count: PARALLEL });
  });

  // README: "a FIFO queue in the object". Regression (mutation pass): a line served last come, first served held
  // every other test, and a request could wait behind any number of later ones, up to its 30 s bound.
  it('serves the requests waiting for a session in the order they came', { timeout: 30_000 }, async () => {
    const { jar, id } = await signedIn('do');
    const holding = call(jar, 'do', 'hold', { method: 'GET', query: { ms: 3000 } });
    await sleep(300);
    const waiting = [];
    const inLine = async (count) => {
      // Each in the object's line before the next is sent; a fixed 400 ms apart let a loaded machine reorder them.
      for (let tries = 0; tries < 100; tries++) {
        if ((await call(new CookieJar(), 'do', 'inspect', { method: 'GET', query: { id } })).body.reading >= count) return;
        await sleep(20);
      }
      assert.fail(`${count} requests never waited in the object's line`);
    };
    for (const value of ['first', 'second', 'third']) {
      waiting.push(call(jar, 'do', 'set', { query: { key: 'last', value: JSON.stringify(value) } }));
      await inLine(waiting.length);
    }
    await Promise.all([holding, ...waiting]);
    assert.deepEqual((await getSession(jar, 'do')).body.data, { user: 'mj', last: 'third' }, 'the last to come wrote last');
  });

  it('does not stay locked by a request that died holding the session: its lease lapses (1 s here)', TEST, async () => {
    const { jar, id } = await signedIn('do-lease');
    const abandoned = await call(jar, 'do-lease', 'abandon', { method: 'GET' });
    assert.equal(abandoned.body.id, id, 'the abandoned request did read the session');
    const started = Date.now();
    const { body } = await call(jar, 'do-lease', 'incr');
    const waited = Date.now() - started;
    assert.equal(body.data.count, 1);
    assert.ok(waited >= 700, `the next request waited for the lease (${waited} ms)`);
    assert.ok(waited < 5000, `but not for long (${waited} ms)`);
  });

  it('refuses the late write of a request whose lease lapsed, and keeps the newer data', TEST, async () => {
    const { id } = await signedIn('do-lease');
    const { body } = await call(new CookieJar(), 'do-lease', 'lease-race', { method: 'GET', query: { id } });
    assert.ok(body.waitedMs >= 900, `the second reader waited for the first lease to lapse (${body.waitedMs} ms)`);
    assert.equal(body.sameToken, false);
    assert.match(body.lateWriteError ?? '', /lease lapsed/);
    assert.deepEqual(dataOf(body.record), { user: 'mj' }, 'the late write was not applied');
  });

  it('deletes an expired session by alarm, even if nobody reads it again', TEST, async () => {
    const { id } = await signedIn('do-short');
    const before = (await call(new CookieJar(), 'do-short', 'inspect', { method: 'GET', query: { id } })).body;
    assert.equal(before.keys, 1);
    assert.ok(Math.abs(before.alarm - (before.now + 1000)) < 1500, `alarm ${before.alarm} set at the expiry`);
    await sleep(2500);
    const later = (await call(new CookieJar(), 'do-short', 'inspect', { method: 'GET', query: { id } })).body;
    assert.deepEqual({ keys: later.keys, alarm: later.alarm }, { keys: 0, alarm: null });
  });

  it('serves a session whose requests all commit, without waiting for any lease to lapse', TEST, async () => {
    const { jar } = await signedIn('do-lease');
    const started = Date.now();
    for (let i = 0; i < 5; i++) await getSession(jar, 'do-lease'); // read-only: withSession releases the lease
    await call(jar, 'do-lease', 'incr');
    assert.ok(Date.now() - started < 900, 'no request waited for a lapsed lease');
  });
});

describe('createDurableObjectSessionStorage inside workerd: leases end with the session\'s use (issue 11)', () => {
  const LEASE_TIMEOUT_MS = 10_000; // the 'do' store's default
  const FAST_MS = 2000; // far under the lease timeout

  /** Fires `count` increments whose handler commits itself, as a React Router action does, under withSession. */
  async function parallelCommittingIncrements(cookieHeader, count) {
    const responses = await Promise.all(
      Array.from({ length: count }, () =>
        fetch(new URL('/do/incr-commit', worker.url), { method: 'POST', headers: { Cookie: cookieHeader }, signal: AbortSignal.timeout(30_000) }),
      ),
    );
    const statuses = [];
    for (const response of responses) {
      statuses.push(response.status);
      await response.body?.cancel();
    }
    return statuses;
  }

  for (const route of ['loader', 'loader-using']) {
    it(`a ${route === 'loader' ? 'loader that reads and disposes' : 'loader that reads with `using`'} does not delay the session's next request`, TEST, async () => {
      const { jar, id } = await signedIn('do');
      assert.equal((await call(jar, 'do', route, { method: 'GET' })).body.id, id);
      const started = Date.now();
      const { body } = await call(jar, 'do', 'incr');
      const waited = Date.now() - started;
      assert.equal(body.data.count, 1);
      assert.ok(waited < FAST_MS, `the next request took ${waited} ms (lease timeout ${LEASE_TIMEOUT_MS} ms)`);
    });
  }

  it('dispose() then a second getSession in the same request opens it at once', TEST, async () => {
    const { jar, id } = await signedIn('do');
    const started = Date.now();
    const { body } = await call(jar, 'do', 'dispose-reopen', { method: 'GET' });
    assert.ok(Date.now() - started < FAST_MS);
    assert.equal(body.id, id);
    assert.ok(body.waitedMs < 500, `the second getSession waited ${body.waitedMs} ms`);
    assert.deepEqual(body.data, { user: 'mj', reopened: true });
    assert.deepEqual((await getSession(jar, 'do')).body.data, { user: 'mj', reopened: true });
  });

  // A holder whose lease lapses within openTimeout is waited for in the object's line (waitForOpenHere). Mutation
  // pass (s44): waiting here for every holder went unnoticed; with a lease no longer than openTimeout (do-lease: 1 s
  // each) the second open then failed with SESSION_OPEN though the object would have served it as the lease lapsed.
  it('opening it again in the same request, its lease lapsing within openTimeout, waits in the line and opens it', TEST, async () => {
    const { jar, id } = await signedIn('do-lease');
    const { body } = await call(jar, 'do-lease', 'double-open', { method: 'GET' });
    assert.equal(body.error, null, JSON.stringify(body.error));
    assert.equal(body.secondId, id);
  });

  it('opening a session still open in the same request fails with a clear error within 1 s, not the lease timeout', TEST, async () => {
    const { jar, id } = await signedIn('do');
    const started = Date.now();
    const { body } = await call(jar, 'do', 'double-open', { method: 'GET' });
    assert.equal(body.id, id);
    assert.equal(body.secondId, null);
    assert.equal(body.error?.name, 'SessionStorageError');
    assert.equal(body.error?.code, 'SESSION_OPEN');
    assert.match(body.error.message, /still open in this isolate/);
    assert.match(body.error.message, /dispose\(\)/);
    assert.ok(body.waitedMs >= 900 && body.waitedMs < FAST_MS, `the second getSession failed after ${body.waitedMs} ms`);
    // The first session was disposed, so the next request is not delayed either.
    const next = Date.now();
    await call(jar, 'do', 'incr');
    assert.ok(Date.now() - next < FAST_MS);
    assert.ok(Date.now() - started < FAST_MS * 2);
  });

  for (const then of ['commit', 'destroy']) {
    it(`a later ${then} in one request fails with SESSION_CHANGED when another request wrote after its commit, and keeps that write`, TEST, async () => {
      const { jar, id } = await signedIn('do');
      const twice = fetch(new URL(`/do/commit-twice?pause=1500&then=${then}`, worker.url), { method: 'POST', headers: { Cookie: jar.header() } });
      // Wait until the first commit is stored, then write from another request.
      const until = Date.now() + 1000;
      while (JSON.parse((await raw('do', id)).value).step !== 'first') assert.ok(Date.now() < until, 'the first commit was stored');
      await call(jar, 'do', 'incr');
      const response = await twice;
      assert.equal(response.status, 200);
      const { secondError } = await response.json();
      assert.equal(secondError?.name, 'SessionStorageError');
      assert.equal(secondError?.code, 'SESSION_CHANGED');
      assert.match(secondError.message, /another request changed/);
      assert.match(secondError.message, /nothing was written/);
      assert.deepEqual(dataOf((await raw('do', id)).value), { user: 'mj', step: 'first', count: 1 }, "the other request's write survives");
    });
  }

  it('a later destroy in one request with no write in between deletes the session under a re-taken lease', TEST, async () => {
    const { jar, id } = await signedIn('do');
    const { body } = await call(jar, 'do', 'commit-twice', { query: { pause: 0, then: 'destroy' } });
    assert.equal(body.secondError, null);
    assert.equal((await raw('do', id)).value, null);
  });

  it('a second commit in one request with no write in between succeeds under a re-taken lease', TEST, async () => {
    const { jar, id } = await signedIn('do');
    const { body } = await call(jar, 'do', 'commit-twice', { query: { pause: 0 } });
    assert.equal(body.secondError, null);
    assert.deepEqual(dataOf((await raw('do', id)).value), { user: 'mj', step: 'second' });
    // Neither commit left the session locked.
    const started = Date.now();
    await call(jar, 'do', 'incr');
    assert.ok(Date.now() - started < FAST_MS);
  });

  it(`keeps all ${PARALLEL} parallel increments through withSession whose handler commits itself, run after run`, { timeout: 120_000 }, async (t) => {
    for (let run = 1; run <= 3; run++) {
      const { jar } = await signedIn('do');
      const started = Date.now();
      const statuses = await parallelCommittingIncrements(jar.header(), PARALLEL);
      const { data } = (await getSession(jar, 'do')).body;
      t.diagnostic(`run ${run}: ${data.count} of ${PARALLEL} kept in ${Date.now() - started} ms`);
      assert.deepEqual(statuses, Array(PARALLEL).fill(200));
      assert.deepEqual(data, { user: 'mj', count: PARALLEL });
    }
  });
});

describe('createDurableObjectSessionStorage inside workerd: a request of a session held by another in the same isolate', () => {
  it('waits for a holder that lets go within openTimeout (1 s), then runs', TEST, async () => {
    const { jar } = await signedIn('do');
    const holding = call(jar, 'do', 'hold', { method: 'GET', query: { ms: 600 } });
    await sleep(200);
    const started = Date.now();
    const { body } = await call(jar, 'do', 'incr');
    const waited = Date.now() - started;
    await holding;
    assert.equal(body.data.count, 1);
    assert.ok(waited >= 250 && waited < 2000, `the request waited for the holder (${waited} ms)`);
  });

  // Regression: a request through withSession failed with a 500 (SESSION_OPEN) after openTimeout (1 s) when
  // another request of its session, in the same isolate, held it longer: a slow handler broke the one-at-a-time
  // line. The lifecycle's open is its request's first, so a holder here is another request: it waits in line.
  it('waits in line, through withSession, for a holder that keeps it past openTimeout, then runs', TEST, async () => {
    const { jar } = await signedIn('do');
    const holding = call(jar, 'do', 'hold', { method: 'GET', query: { ms: 2500 } });
    await sleep(200);
    const started = Date.now();
    const { body } = await call(jar, 'do', 'incr');
    const waited = Date.now() - started;
    await holding;
    assert.equal(body.data.count, 1);
    assert.ok(waited >= 1900 && waited < 5000, `it waited for the holder (${waited} ms)`);
  });

  it('a second getSession of the handler itself (no withSession open) still fails with SESSION_OPEN after openTimeout', TEST, async () => {
    const { jar } = await signedIn('do');
    // The holder keeps it 4 s: the refusal must come while it still holds (not after waiting for it), which a
    // loaded machine does not blur as a bound in milliseconds did (a CI run beside helpers answered in 2351 ms).
    let held = true;
    const holding = call(jar, 'do', 'hold', { method: 'GET', query: { ms: 4000 } }).finally(() => (held = false));
    await sleep(200);
    const started = Date.now();
    const response = await fetch(new URL('/do/hold?ms=0', worker.url), { headers: { Cookie: jar.header() } });
    const waited = Date.now() - started;
    assert.equal(response.status, 500);
    await response.body?.cancel();
    assert.ok(waited >= 900, `it waited openTimeout (${waited} ms)`);
    assert.ok(held, `it failed while the holder still held the session (${waited} ms), not after waiting for it`);
    await holding;
    assert.equal((await call(jar, 'do', 'incr')).body.data.count, 1);
  });
});
