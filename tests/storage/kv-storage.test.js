// createWorkersKVSessionStorage in Node against a KV stand-in that enforces KV's put rules; what it sends to KV
// (keys, expirations, metadata). The real runtime is covered by workerd-storages.test.js.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorkersKVSessionStorage } from 'edge-session';
import { issueSessionId } from '../../js/internal.js';
import { kvPutOptions } from '../../js/kv-storage.js';
import { MAX_USER_SESSIONS } from '../../js/user-index.js';
import { userDigest } from '../../js/user-sessions.js';
import { describeIdStorage } from './contract.js';
import { COOKIE_NAME, cookiePair, idOf, near, readFresh, SECRET, signedCookie } from './support.js';

/**
 * An in-memory KV namespace with the limits of the real one that matter here: expirations under 60 s ahead
 * and keys over 512 bytes are rejected (developers.cloudflare.com/kv/api/write-key-value-pairs/).
 */
class FakeKV {
  entries = new Map(); // key -> { value, metadata, expiration (epoch s) | undefined }
  log = [];

  #live(key) {
    const entry = this.entries.get(key);
    if (entry?.expiration !== undefined && entry.expiration * 1000 <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #checkKey(key) {
    if (new TextEncoder().encode(key).length > 512) throw new Error('KV: key too long');
  }

  async get(key) {
    this.#checkKey(key);
    this.log.push(['get', key]);
    return this.#live(key)?.value ?? null;
  }

  async getWithMetadata(key) {
    this.#checkKey(key);
    this.log.push(['getWithMetadata', key]);
    const entry = this.#live(key);
    return { value: entry?.value ?? null, metadata: entry?.metadata ?? null };
  }

  async put(key, value, options = {}) {
    this.#checkKey(key);
    this.log.push(['put', key, value, options]);
    const now = Date.now() / 1000;
    let expiration;
    if (options.expirationTtl !== undefined) {
      if (options.expirationTtl < 60) throw new Error('KV PUT failed: 400 Invalid expiration_ttl, must be at least 60');
      expiration = now + options.expirationTtl;
    } else if (options.expiration !== undefined) {
      if (options.expiration < now + 60) throw new Error('KV PUT failed: 400 Invalid expiration, must be at least 60 s ahead');
      expiration = options.expiration;
    }
    this.entries.set(key, { value, metadata: options.metadata ?? null, expiration });
  }

  async delete(key) {
    this.log.push(['delete', key]);
    this.entries.delete(key);
  }
}

describeIdStorage('createWorkersKVSessionStorage (KV stand-in)', async (cookie) => {
  const kv = new FakeKV();
  const storage = createWorkersKVSessionStorage({ cookie, kv });
  return { storage, stored: async (id) => kv.entries.has(`session:${id}`) };
});

describe('createWorkersKVSessionStorage', () => {
  const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };

  async function commitNew(storage, options) {
    const session = await storage.getSession(null);
    session.set('user', 'mj');
    const setCookie = await storage.commitSession(session, options);
    session.dispose();
    return setCookie;
  }

  it("stores the record text under 'session:' + ID, with the expiry as a TTL and in the metadata", async () => {
    const kv = new FakeKV();
    const setCookie = await commitNew(createWorkersKVSessionStorage({ cookie, kv }));
    const key = `session:${idOf(setCookie)}`;
    const { value, metadata } = await kv.getWithMetadata(key);
    // The data, then its times (issue 11): created, touched, expires (Unix ms).
    const { __es__: times, ...data } = JSON.parse(value);
    assert.deepEqual(data, { user: 'mj' });
    assert.ok(near(times[2], Date.now() + 3_600_000), String(times));
    assert.ok(near(metadata.expires, Date.now() + 3_600_000));
    const put = kv.log.find(([op]) => op === 'put');
    assert.equal(put[1], key);
    assert.ok(Math.abs(put[3].expirationTtl - 3600) <= 1, `expirationTtl ${put[3].expirationTtl}`);
  });

  // A look first would cache a miss at this location, which KV serves over the location's own write for up to
  // 60 s: the session's next request there would read no session (tests/workerd/kv-locations). Regression (review,
  // KV's docs): create looked first, as React Router's KV storage does; the ID's 128 random bits keep it unused.
  it('writes the new key without reading it first', async () => {
    const kv = new FakeKV();
    const setCookie = await commitNew(createWorkersKVSessionStorage({ cookie, kv }));
    const key = `session:${idOf(setCookie)}`;
    assert.deepEqual(
      kv.log.filter(([, k]) => k === key).map(([op]) => op),
      ['put'],
    );
  });

  it('clamps a maxAge under 60 s to the 60 s KV minimum, and reads the record as missing after its true expiry', async () => {
    const kv = new FakeKV();
    const storage = createWorkersKVSessionStorage({ cookie: { ...cookie, maxAge: 1 }, kv });
    const setCookie = await commitNew(storage); // React Router's KV storage throws here (remix-sessions.md §3.5)
    const put = kv.log.find(([op]) => op === 'put');
    assert.equal(put[3].expirationTtl, 60);
    const session = await storage.getSession(cookiePair(setCookie));
    assert.equal(session.get('user'), 'mj');
    session.dispose();
    await new Promise((resolve) => setTimeout(resolve, 2100)); // past the end of the second after its commit's
    assert.ok(kv.entries.has(`session:${idOf(setCookie)}`), 'the key outlives the session (60 s floor)');
    await readFresh(storage, cookiePair(setCookie), { notIds: [idOf(setCookie)], stored: async (id) => kv.entries.has(`session:${id}`) }, 'but it reads as missing');
  });

  it('writes no expiration and no metadata when the cookie has neither maxAge nor expires', async () => {
    const kv = new FakeKV();
    await commitNew(createWorkersKVSessionStorage({ cookie: { name: COOKIE_NAME, secrets: [SECRET] }, kv }));
    const put = kv.log.find(([op]) => op === 'put');
    assert.deepEqual(put[3], {});
  });

  // Regression: the index key's expiry, already kept through its second, was rounded up once more (the key of an
  // idle session was listed up to 2 s past its end).
  it("a user's index key ends with its session, to the millisecond; the record is kept through that second", async () => {
    const kv = new FakeKV();
    kv.list = async ({ prefix }) => ({ keys: [...kv.entries.keys()].filter((name) => name.startsWith(prefix)).map((name) => ({ name, metadata: kv.entries.get(name).metadata })), list_complete: true });
    const storage = createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId', idleTimeout: 2 });
    const now = Date.now();
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    await storage.commitSession(session);
    const record = kv.log.find(([op, key]) => op === 'put' && /^session:[0-9a-f]{40}$/.test(key));
    const index = kv.log.find(([op, key]) => op === 'put' && key.startsWith('session:user:'));
    const [end, kept] = [index[3].metadata.expires, record[3].metadata.expires];
    assert.ok(Math.abs(end - (now + 2000)) <= 50, `the session's end, idleTimeout 2 s: ${end - now} ms ahead`);
    assert.equal(kept, (Math.floor(end / 1000) + 1) * 1000, 'the record, through the second of that end');
  });

  // Regression (review): right after the kept session's regenerateId(true), KV's list (up to 60 s behind) still
  // held its old index key, and the revocation counted it as another device.
  it("the kept session's old ID, still listed by a lagging KV, is not counted as another device", async () => {
    const kv = new FakeKV();
    const deleted = new Map(); // what a lagging list still shows
    const realDelete = kv.delete.bind(kv);
    kv.delete = async (key) => {
      if (kv.entries.has(key)) deleted.set(key, kv.entries.get(key));
      return realDelete(key);
    };
    kv.list = async ({ prefix }) => ({
      keys: [...new Map([...deleted, ...kv.entries])].filter(([name]) => name.startsWith(prefix)).map(([name, entry]) => ({ name, metadata: entry.metadata })),
      list_complete: true,
    });
    const storage = createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' });
    const signIn = async () => {
      const session = await storage.getSession(null);
      session.set('userId', 'ada');
      return cookiePair(await storage.commitSession(session));
    };
    await signIn();
    const mine = await storage.getSession(await signIn());
    mine.regenerateId(true);
    const current = cookiePair(await storage.commitSession(mine));
    assert.equal(await storage.revokeUserSessions('ada', { except: await storage.getSession(current) }), 1);
  });

  /** A FakeKV that lists, and another isolate's binding over the same data (it shares no revocation cache). */
  function listedKV() {
    const kv = new FakeKV();
    kv.list = async ({ prefix }) => ({ keys: [...kv.entries.keys()].filter((name) => name.startsWith(prefix)).map((name) => ({ name, metadata: kv.entries.get(name).metadata })), list_complete: true });
    const elsewhere = Object.fromEntries(['get', 'getWithMetadata', 'put', 'delete', 'list'].map((method) => [method, (...args) => kv[method](...args)]));
    return { kv, elsewhere };
  }

  /** A session of ada's, read by another isolate's request, then revoked; that request writes its keys back. */
  async function revokedAndWrittenBack(kv, elsewhere, storage, writeBack) {
    const other = createWorkersKVSessionStorage({ cookie, kv: elsewhere, userKey: 'userId' });
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    const inFlight = await other.getSession(cookiePair(await storage.commitSession(session)));
    assert.equal(await storage.revokeUserSessions('ada'), 1);
    await writeBack?.();
    inFlight.set('cart', [1]);
    await other.commitSession(inFlight); // its isolate knows no revocation yet: its keys are back, voided by the mark
    return inFlight.id;
  }

  // Regression (review): revoke() counted every index key, those the previous mark voids too (written back by a
  // commit from another location that read the session before it), which list() leaves out.
  it('a revocation counts no session an earlier revocation ended whose keys a racing commit wrote back', async () => {
    const { kv, elsewhere } = listedKV();
    const storage = createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' });
    const id = await revokedAndWrittenBack(kv, elsewhere, storage);
    assert.ok(kv.entries.has(`session:user:${await userDigest('ada')}:${id}`), 'its index key is back');
    assert.deepEqual(await storage.listUserSessions('ada'), []);
    assert.equal(await storage.revokeUserSessions('ada'), 0, 'counted again');
    assert.equal(kv.entries.has(`session:${id}`), false, 'its record is deleted all the same');
  });

  // Sign-ins of one user in one millisecond are stamped apart, so their stamps run ahead of the clock. Regression
  // (mutation pass): unpinned, an index key's lastSeenAt could be the clock's, before the sign-in it lists.
  it('sign-ins in one millisecond are listed as last seen no earlier than they signed in', async () => {
    const { kv } = listedKV();
    const storage = createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' });
    const [moving, now] = [Date.now, Date.now()];
    Date.now = () => now;
    try {
      for (let i = 0; i < 3; i++) {
        const session = await storage.getSession(null);
        session.set('userId', 'bea');
        await storage.commitSession(session);
      }
      const listed = await storage.listUserSessions('bea');
      assert.equal(listed.length, 3);
      assert.ok(listed.some((entry) => entry.createdAt > now), 'a stamp ran ahead of the clock');
      for (const entry of listed) assert.ok(entry.lastSeenAt >= entry.createdAt, `seen ${entry.lastSeenAt}, signed in ${entry.createdAt}`);
    } finally {
      Date.now = moving;
    }
  });

  // Regression (review): the eviction past MAX_USER_SESSIONS counted such a key too, and ended a live session.
  it('a sign-in at the session limit evicts nobody for a key an earlier revocation voids', async () => {
    const { kv, elsewhere } = listedKV();
    const storage = createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' });
    const signIn = async () => {
      const session = await storage.getSession(null);
      session.set('userId', 'ada');
      return cookiePair(await storage.commitSession(session));
    };
    const cookies = [];
    await revokedAndWrittenBack(kv, elsewhere, storage, async () => {
      for (let i = 0; i < MAX_USER_SESSIONS - 1; i++) cookies.push(await signIn());
    });
    cookies.push(await signIn());
    assert.equal((await storage.getSession(cookies[0])).get('userId'), 'ada', 'the least recently seen was evicted');
    assert.equal((await storage.listUserSessions('ada')).length, MAX_USER_SESSIONS);
  });

  /** `count` sessions of ada's signed in one after the other (each seen last later than the one before), their cookies. */
  async function signedIn(storage, count) {
    const cookies = [];
    for (let i = 0; i < count; i++) {
      const session = await storage.getSession(null);
      session.set('userId', 'ada');
      cookies.push(cookiePair(await storage.commitSession(session)));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return cookies;
  }

  /** The indexes of the cookies whose session no longer opens as ada's. */
  async function ended(storage, cookies) {
    const gone = [];
    for (const [i, pair] of cookies.entries()) if ((await storage.getSession(pair)).get('userId') !== 'ada') gone.push(i);
    return gone;
  }

  /** A kv whose deletes of keys ending in `failing.suffix` throw, while it is set. */
  function failingDeletes(kv) {
    const failing = {};
    const realDelete = kv.delete.bind(kv);
    kv.delete = async (key) => {
      if (failing.suffix && key.includes(':user:') && key.endsWith(failing.suffix)) throw new Error('KV unavailable for this delete');
      return realDelete(key);
    };
    return failing;
  }

  // Regression (review): the eviction counted the old index key of a regenerateId(true), which list() and revoke()
  // count once with its new key (`replaces`), and ended two sessions.
  it('a sign-in past the session limit ends exactly one session though a regenerated session\'s old index key could not be deleted', async () => {
    const { kv } = listedKV();
    const failing = failingDeletes(kv);
    const storage = createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' });
    const cookies = await signedIn(storage, MAX_USER_SESSIONS);
    const device = await storage.getSession(cookies[50]);
    failing.suffix = `:${device.id}`;
    device.regenerateId(true);
    const { error } = console;
    console.error = () => {}; // the commit stands, and logs the index key it left
    try {
      cookies[50] = cookiePair(await storage.commitSession(device));
    } finally {
      console.error = error;
      delete failing.suffix;
    }
    assert.equal((await storage.listUserSessions('ada')).length, MAX_USER_SESSIONS);
    await new Promise((resolve) => setTimeout(resolve, 2));
    await signedIn(storage, 1);
    assert.deepEqual(await ended(storage, cookies), [0], 'only the least recently seen session ends');
  });

  // Regression (review): the same while the regenerateId(true) commit was under way (both its index keys there).
  it('a sign-in past the session limit racing another device\'s regenerateId(true) commit ends exactly one session', async () => {
    const { kv } = listedKV();
    const realDelete = kv.delete.bind(kv);
    let hold; // the old index key's delete waits for its release
    kv.delete = async (key) => {
      if (hold && key.includes(':user:') && key.endsWith(hold.suffix)) {
        hold.reached();
        await hold.released;
      }
      return realDelete(key);
    };
    const storage = createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' });
    const cookies = await signedIn(storage, MAX_USER_SESSIONS);
    const device = await storage.getSession(cookies[50]);
    let release;
    const atDelete = new Promise((reached) => {
      hold = { suffix: `:${device.id}`, reached, released: new Promise((resolve) => (release = resolve)) };
    });
    device.regenerateId(true);
    const committing = storage.commitSession(device);
    await atDelete; // its new ID listed (replacing the old), its record written, the old record deleted
    await new Promise((resolve) => setTimeout(resolve, 2));
    await signedIn(storage, 1);
    hold = undefined;
    release();
    cookies[50] = cookiePair(await committing);
    assert.deepEqual(await ended(storage, cookies), [0], 'only the least recently seen session ends');
  });

  it('a session ended past the session limit ends under the old ID its regenerateId(true) left listed too', async () => {
    const { kv } = listedKV();
    const failing = failingDeletes(kv);
    const storage = createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' });
    const [first] = await signedIn(storage, 1);
    const device = await storage.getSession(first);
    const oldId = device.id;
    failing.suffix = `:${oldId}`;
    device.regenerateId(true);
    const { error } = console;
    console.error = () => {};
    try {
      await storage.commitSession(device); // the least recently seen session, its old index key left
    } finally {
      console.error = error;
      delete failing.suffix;
    }
    assert.ok(kv.entries.has(`session:user:${await userDigest('ada')}:${oldId}`));
    await signedIn(storage, MAX_USER_SESSIONS);
    const listed = (await storage.listUserSessions('ada')).map((entry) => entry.id);
    assert.equal(listed.length, MAX_USER_SESSIONS);
    assert.equal(listed.includes(device.id) || listed.includes(oldId), false, 'the evicted session is listed still');
    assert.equal(kv.entries.has(`session:user:${await userDigest('ada')}:${oldId}`), false, 'its old index key is left');
  });

  // Regression (flood audit): the bound was checked at a sign-in only, so each regenerateId() of a signed-in session
  // (whose old ID stays alive and listed) added one more; without a maxAge those keys never expired.
  for (const maxAge of [3600, undefined]) {
    it(`regenerateId() keeps no more than ${MAX_USER_SESSIONS} sessions of a user either (maxAge ${maxAge})`, async () => {
      const { kv } = listedKV();
      const storage = createWorkersKVSessionStorage({ cookie: { ...cookie, maxAge }, kv, userKey: 'userId' });
      let [current] = await signedIn(storage, 1);
      for (let i = 0; i < MAX_USER_SESSIONS + 20; i++) {
        const session = await storage.getSession(current);
        session.regenerateId();
        current = cookiePair(await storage.commitSession(session));
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      assert.equal((await storage.listUserSessions('ada')).length, MAX_USER_SESSIONS);
      const indexKeys = [...kv.entries.keys()].filter((name) => name.startsWith('session:user:'));
      assert.equal(indexKeys.length, MAX_USER_SESSIONS);
      assert.equal((await storage.getSession(current)).get('userId'), 'ada', 'the newest ID stays signed in');
    });
  }

  // Regression (review of the bound above): the eviction spared only the ID being written, so a regenerateId() of
  // the least recently seen of 100 sessions ended the device's own old ID, and its commit, seeing the record it
  // replaces deleted, ended the new one too: the device was signed out, as were its other tabs.
  it(`regenerateId() of the least recently seen of ${MAX_USER_SESSIONS} sessions keeps the device signed in, under both IDs`, async () => {
    const { kv } = listedKV();
    const storage = createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' });
    const cookies = await signedIn(storage, MAX_USER_SESSIONS);
    const [oldest] = cookies; // this device: signed in first, seen least recently
    const otherTab = await storage.getSession(oldest); // a second tab, its request under way
    const session = await storage.getSession(oldest);
    session.regenerateId(); // keeps the old record alive
    const setCookie = await storage.commitSession(session);
    assert.doesNotMatch(setCookie, /Max-Age=0/);
    assert.equal((await storage.getSession(cookiePair(setCookie))).get('userId'), 'ada');
    assert.equal((await storage.getSession(oldest)).get('userId'), 'ada', 'the old ID stays alive');
    otherTab.set('seen', 1);
    assert.doesNotMatch(await storage.commitSession(otherTab), /Max-Age=0/);
    assert.equal((await storage.listUserSessions('ada')).length, MAX_USER_SESSIONS);
    assert.deepEqual(await ended(storage, cookies), [1], 'the next least recently seen device ends instead');
  });

  it('computes put options from the expiry date', () => {
    const now = Date.UTC(2030, 0, 1);
    assert.deepEqual(kvPutOptions(undefined, now), {});
    // Kept through the expiry's second (the core ends a session only once that second has passed).
    assert.deepEqual(kvPutOptions(new Date(now + 90_500), now), { expirationTtl: 91, metadata: { expires: now + 91_000 } });
    assert.deepEqual(kvPutOptions(new Date(now + 1000), now), { expirationTtl: 60, metadata: { expires: now + 2000 } });
    assert.deepEqual(kvPutOptions(new Date(now - 5000), now), { expirationTtl: 60, metadata: { expires: now - 4000 } });
  });

  it('uses a custom keyPrefix, including none (the layout React Router wrote)', async () => {
    for (const keyPrefix of ['app1:sess:', '']) {
      const kv = new FakeKV();
      const storage = createWorkersKVSessionStorage({ cookie, kv, keyPrefix });
      const setCookie = await commitNew(storage);
      assert.ok(kv.entries.has(`${keyPrefix}${idOf(setCookie)}`));
    }
  });

  it('reads a record React Router wrote (16-hex key, JSON value, no metadata) with keyPrefix ""', async () => {
    const kv = new FakeKV();
    await kv.put('0123456789abcdef', '{"user":"rr","__flash_notice__":"hi"}');
    const storage = createWorkersKVSessionStorage({ cookie, kv, keyPrefix: '' });
    const session = await storage.getSession(signedCookie('0123456789abcdef'));
    assert.equal(session.id, '0123456789abcdef');
    assert.equal(session.get('user'), 'rr');
    assert.equal(session.get('notice'), 'hi');
    session.dispose();
  });

  it('treats a corrupt value as missing', async () => {
    const kv = new FakeKV();
    const id = issueSessionId(COOKIE_NAME, '0123456789abcdef0123456789abcdef'); // of this cookie: KV is asked for it
    await kv.put(`session:${id}`, '{"user":');
    const storage = createWorkersKVSessionStorage({ cookie, kv });
    await readFresh(storage, signedCookie(id), { notIds: [id] });
    assert.ok(kv.log.some(([op, key]) => op.startsWith('get') && key === `session:${id}`), 'the corrupt value was read');
  });

  it('never asks KV for a key longer than KV allows (a forged, huge ID)', async () => {
    const kv = new FakeKV();
    const storage = createWorkersKVSessionStorage({ cookie, kv });
    const session = await storage.getSession(signedCookie('a'.repeat(600)));
    assert.equal(session.id, '', 'a fresh session');
    assert.deepEqual(session.data, {});
    session.dispose();
    assert.deepEqual(kv.log, []);
  });

  // Regression: a stand-in without getWithMetadata (a Map behind get/put/delete, all React Router's KV storage
  // uses) was refused as "not a KV binding".
  it('works with a KV stand-in of only get, put and delete: the record\'s own times end it', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const entries = new Map();
    const kv = { get: async (key) => entries.get(key) ?? null, put: async (key, value) => void entries.set(key, value), delete: async (key) => void entries.delete(key) };
    const storage = createWorkersKVSessionStorage({ cookie: { ...cookie, maxAge: 10 }, kv });
    const header = cookiePair(await commitNew(storage));
    assert.equal((await storage.getSession(header)).get('user'), 'mj');
    t.mock.timers.tick(12_000);
    assert.equal((await storage.getSession(header)).size, 0, 'past its maxAge');
  });

  it('rejects something that is not a KV binding', () => {
    assert.throws(() => createWorkersKVSessionStorage({ cookie, kv: undefined }), TypeError);
    assert.throws(() => createWorkersKVSessionStorage({ cookie, kv: { get() {} } }), TypeError);
    assert.throws(() => createWorkersKVSessionStorage({ cookie, kv: new FakeKV(), keyPrefix: 1 }), TypeError);
  });
});
