// One Workers KV call that never settles (its request cancelled mid-write: the client went away, the runtime took
// it for hung) must not hold its key's later writes and deletes for the isolate's life: each waits for the one
// before it at most KV_LINE_WAIT_MS (js/kv-keys.js). Regression (audit): the next logout of that session, or the
// next revocation of that user, never answered. The same in the real workerd: tests/workerd/kv-hung-write.test.js.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createWorkersKVSessionStorage, withSession } from 'edge-session';
import { KV_LINE_WAIT_MS, linesHeld, putWithRetries } from '../../js/kv-keys.js';
import { mapKV } from './map-kv.js';
import { cookiePair } from './support.js';

const secrets = ['s3cr3t'];
const TIMED_OUT = Symbol('timed out');
/** `promise`'s value, or TIMED_OUT when it has not settled after the line's bound and `slack` ms more. */
async function withinBound(promise, slack = 3000) {
  let timer;
  const late = new Promise((resolve) => (timer = setTimeout(resolve, KV_LINE_WAIT_MS + slack, TIMED_OUT)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `kv` whose next put of a key starting with `prefix` never settles, as a cancelled request's; returns a promise
 * settled once that put is made.
 */
function hangNextPut(kv, prefix) {
  const put = kv.put;
  let reached;
  const made = new Promise((resolve) => (reached = resolve));
  kv.put = function (key, ...rest) {
    if (!key.startsWith(prefix)) return put.call(this, key, ...rest);
    kv.put = put;
    reached();
    return new Promise(() => {});
  };
  return made;
}

describe('A KV write that never settles holds its key for at most KV_LINE_WAIT_MS', () => {
  it('the session\'s next logout completes; regression: it waited for the cancelled write for good', { timeout: 30_000 }, async () => {
    const kv = mapKV();
    const storage = createWorkersKVSessionStorage({ cookie: { secrets, maxAge: 3600 }, kv });
    const fetch = withSession(storage, async (request, { session }) => {
      if (new URL(request.url).pathname === '/logout') session.destroy();
      else session.set('n', (session.get('n') ?? 0) + 1);
      return new Response('ok');
    });
    const signIn = await storage.getSession(null);
    signIn.set('user', 'ann');
    const cookie = cookiePair(await storage.commitSession(signIn));
    const hung = hangNextPut(kv, 'session:');
    void fetch(new Request('https://example.com/', { headers: { Cookie: cookie } })); // its write never settles
    await hung;

    const logout = await withinBound(fetch(new Request('https://example.com/logout', { headers: { Cookie: cookie } })));
    assert.notEqual(logout, TIMED_OUT, 'the logout still waits for the cancelled write');
    assert.match(logout.headers.getSetCookie().join('\n'), /Max-Age=0/);
    assert.equal((await storage.getSession(cookie)).get('user'), undefined, 'the record is gone');
  });

  it('a write that stood down for a later one that never settles is made after all; regression: it waited for good', { timeout: 30_000 }, async () => {
    const kv = mapKV();
    let release;
    const first = new Promise((resolve) => (release = resolve));
    const put = kv.put;
    let calls = 0;
    kv.put = function (key, ...rest) {
      calls++;
      if (calls === 1) return first.then(() => put.call(this, key, ...rest)); // in flight while two more join
      if (calls === 2) return new Promise(() => {}); // the later write: its request cancelled
      return put.call(this, key, ...rest);
    };
    const holding = putWithRetries(kv, 'k', 'one');
    while (calls === 0) await new Promise((resolve) => setImmediate(resolve)); // its put is on its way
    const older = putWithRetries(kv, 'k', 'two'); // stands down for the later one
    const later = putWithRetries(kv, 'k', 'three');
    release();
    await holding;
    void later; // never settles, as its request is gone
    assert.equal(await withinBound(older, 3000 + KV_LINE_WAIT_MS), true, 'the older write was made after all');
    assert.equal(await kv.get('k'), 'two');
  });

  it('a revocation after one that never settled completes; regression: every later revocation of the user hung', { timeout: 30_000 }, async () => {
    const kv = mapKV();
    const storage = createCookieSessionStorage({ cookie: { secrets, maxAge: 3600 }, userKey: 'user', revocation: { kv } });
    const session = await storage.getSession(null);
    session.set('user', 'ann');
    const cookie = cookiePair(await storage.commitSession(session));
    const hung = hangNextPut(kv, 'edge-session:revoked:');
    void storage.revokeUserSessions('ann'); // its mark's write never settles
    await hung; // the second comes once the first is in its write, whatever the machine's load

    const again = await withinBound(storage.revokeUserSessions('ann'));
    assert.notEqual(again, TIMED_OUT, 'the second revocation still waits for the first');
    assert.equal(again, 1);
    assert.equal((await storage.getSession(cookie)).get('user'), undefined, 'the cookie is void');
  });
});

// Regression (audit): a key's line was forgotten only when its last operation settled, so each write that never
// settled (a cancelled request) of a key not written again kept its line, ~1.2 KB, for the isolate's life.
describe('Lines of writes that never settled', () => {
  it('are forgotten once they are over a minute old and more than a thousand lines are held', { timeout: 30_000 }, async (t) => {
    const kv = mapKV();
    kv.put = () => new Promise(() => {}); // every write's request is cancelled
    for (let i = 0; i < 1200; i++) void putWithRetries(kv, `hung-${i}`, 'v');
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(linesHeld(kv), 1200);
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() + 61_000 });
    void putWithRetries(kv, 'next', 'v'); // a new key's line looks at the others
    assert.equal(linesHeld(kv), 1);
  });
});

const pause = () => new Promise((resolve) => setImmediate(resolve));

/** A KV whose every put waits for the test to land it (`land(value)`); the map takes the value when it lands. */
function heldKV() {
  const map = new Map();
  const pending = new Map(); // value -> resolve
  return {
    map,
    pending,
    get: async (key) => map.get(key) ?? null,
    put(key, value) {
      return new Promise((resolve) => pending.set(`${key}=${value}`, () => { map.set(key, value); resolve(); }));
    },
    delete: async (key) => void map.delete(key),
    land(entry) {
      const resolve = this.pending.get(entry);
      assert.ok(resolve, `no put ${entry} in flight (in flight: ${[...this.pending.keys()].filter((k) => !k.startsWith('h')).join(', ')})`);
      this.pending.delete(entry);
      resolve();
    },
  };
}

// A line forgotten as hung may still settle; its operation must then leave alone the line that replaced it.
describe('A line forgotten as hung whose operation settles late', () => {
  it('a swept line whose operation settles late leaves the key\'s live line; regression (review): it dropped it, and an older write landed over a newer one', { timeout: 30_000 }, async (t) => {
    const kv = heldKV();
    const x = putWithRetries(kv, 'k', 'x'); // slow, taken for hung once a minute old
    for (let i = 0; i < 1000; i++) void putWithRetries(kv, `h${i}`, 'v'); // many lines of writes that never settle
    await pause();
    assert.equal(linesHeld(kv), 1001);
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() + 61_000 });
    void putWithRetries(kv, 'trigger', 'v'); // a new key's line looks at the others: 'k' is swept
    await pause();

    const a = putWithRetries(kv, 'k', 'a'); // a new line for 'k'
    await pause();
    const b = putWithRetries(kv, 'k', 'b'); // waits for a, in line
    await pause();
    kv.land('k=x'); // the slow write settles after all
    await x;
    await pause();
    const c = putWithRetries(kv, 'k', 'c'); // the newest write of 'k'
    for (let i = 0; i < 5; i++) await pause();
    kv.land('k=a');
    await a;
    for (let i = 0; i < 5; i++) await pause();
    // b's turn: if c is in flight beside it, both are writing 'k' at once (no 1-per-second spacing, no order)
    const inFlight = [...kv.pending.keys()].filter((key) => key.startsWith('k='));
    kv.land('k=c');
    await c;
    for (let i = 0; i < 5; i++) await pause();
    if (kv.pending.has('k=b')) kv.land('k=b');
    await b;
    assert.equal(kv.map.get('k'), 'c', `the older write b landed over the newer c (writes of k in flight at once: ${inFlight.join(', ')})`);
  });
});
