// Regression (outside audit): sessions read but never committed nor disposed (a React Router loader's
// `getSession(cookie)` then `session.get('user')`, outside withSession) kept their WebAssembly memory until a full
// GC ran the FinalizationRegistry, which a small JS heap rarely needs; WASM memory never shrinks. 600,000 reads of a
// 40-key cookie grew Node's memory from 42 to 317 MiB, and workerd's from 8 to 106 MiB over 800,000, near Workers'
// 128 MB per isolate. Now at most MAX_LIVE_SESSIONS sessions of an instance hold memory: past it the one that took
// its memory first is parked (its state kept as JS text) and restored at its next use. The rest of the file pins
// that a parked session behaves exactly as one that never was.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, createSession, withSession } from 'edge-session';
import { MAX_LIVE_SESSIONS } from '../../js/core-calls.js';
import { needsResign, recordSignIn, sessionTimes } from '../../js/internal.js';
import { loadCore } from '../../js/loader.js';
import { cookiePair, cookieValue, hmac, splitSigned } from './support.js';

const name = '__session';
const secrets = ['s3cr3t'];
const MiB = 1024 * 1024;
const READS = 30_000;

/** The instance's linear memory in bytes (the export is minified, so found by type). */
function wasmMemoryBytes(core) {
  const { module } = core;
  const memory = Object.values(module.asm ?? {}).find((value) => value instanceof WebAssembly.Memory);
  return (memory?.buffer ?? module.HEAPU8.buffer).byteLength;
}

/** A Cookie header holding 40 keys, as the audit's. */
async function fortyKeyCookie(storage) {
  const seed = await storage.getSession(null);
  for (let i = 0; i < 40; i++) seed.set(`key${i}`, `value number ${i}`);
  return cookiePair(await storage.commitSession(seed));
}

/**
 * Parks every session that holds WebAssembly memory now: MAX_LIVE_SESSIONS others take memory after them, and are
 * disposed. Then none holds any, the ones under test included.
 */
async function parkAll(requests = 0) {
  const fillers = [];
  // Twice the bound, a look after each: the sessions under test, used before, get their second chance at the
  // first looks and are parked at the next ones.
  for (let i = 0; i < 2 * MAX_LIVE_SESSIONS; i++) fillers.push(await createSession({ filler: i }));
  for (const filler of fillers) filler.dispose();
  assert.equal((await loadCore()).liveSessionCount(), requests, 'every session is parked, but those of requests in flight');
}

/** Date.now held at one instant, so that two commits of the same state make the same bytes. */
function freezeClock() {
  const realNow = Date.now;
  const now = realNow();
  Date.now = () => now;
  return () => void (Date.now = realNow);
}
let thawClock = () => {};
afterEach(() => thawClock());

describe('Sessions read but never committed nor disposed (audit: WebAssembly memory grew to 317 MiB)', () => {
  // First in the file: WASM memory never shrinks, so nothing before may have grown it.
  it(`${READS.toLocaleString('en')} reads of a 40-key cookie, none committed nor disposed, keep WebAssembly memory flat without any GC`, async (t) => {
    const storage = createCookieSessionStorage({ cookie: { name, secrets } });
    const header = await fortyKeyCookie(storage);
    const core = await loadCore();
    for (let i = 0; i < 1000; i++) await storage.getSession(header); // warm-up: the input buffer, the cookie
    const before = wasmMemoryBytes(core);
    for (let i = 1; i <= READS; i++) {
      const session = await storage.getSession(header);
      if (session.get('key7') !== 'value number 7') assert.fail(`read ${i}: ${session.get('key7')}`);
    }
    const after = wasmMemoryBytes(core);
    t.diagnostic(`WASM memory ${(before / MiB).toFixed(1)} MiB before, ${(after / MiB).toFixed(1)} MiB after; ${core.liveSessionCount()} sessions hold memory`);
    // Before the fix each read kept ~3.5 KiB: ~100 MiB over these reads.
    assert.ok(after - before < MiB, `WASM memory grew by ${((after - before) / MiB).toFixed(1)} MiB`);
    assert.ok(after < 8 * MiB, `WASM memory is ${(after / MiB).toFixed(1)} MiB, over README's 8 MiB`);
    assert.ok(core.liveSessionCount() <= MAX_LIVE_SESSIONS, `${core.liveSessionCount()} sessions hold memory`);
  });

  it(`holds at most ${MAX_LIVE_SESSIONS} sessions in memory however many are kept, and every kept one still reads and writes`, async () => {
    const core = await loadCore();
    const kept = [];
    for (let i = 0; i < 3 * MAX_LIVE_SESSIONS; i++) kept.push(await createSession({ n: i }));
    assert.ok(core.liveSessionCount() <= MAX_LIVE_SESSIONS, `${core.liveSessionCount()} hold memory`);
    for (const [i, session] of kept.entries()) {
      assert.equal(session.get('n'), i);
      session.set('m', i);
    }
    // Parked in a microtask, not in the middle of synchronous code, which may hold a pointer (review), and only
    // once unused for a whole look (the next session made after the loop gives one).
    assert.equal(core.liveSessionCount(), 3 * MAX_LIVE_SESSIONS, 'all restored by the loop');
    await Promise.resolve();
    assert.equal(core.liveSessionCount(), 3 * MAX_LIVE_SESSIONS, 'just used: a second chance');
    for (let i = 0; i < 2; i++) (await createSession({})).dispose(); // two looks: the second parks them
    assert.ok(core.liveSessionCount() <= MAX_LIVE_SESSIONS, `${core.liveSessionCount()} hold memory`);
    for (const [i, session] of kept.entries()) assert.deepEqual(session.data, { n: i, m: i });
    for (const session of kept) session.dispose();
    assert.equal(core.liveSessionCount(), 0);
  });

  // README (Session's memory): parked are the oldest "not used since the previous such look". A restore is a use.
  // Regression (mutation pass): with the restore not counted, a session parked and then read once was parked again
  // at the very next look, and restored again at its next read: one snapshot and one parse per read.
  it('a parked session restored by one read is not parked at the next look: the read was a use', async () => {
    const core = await loadCore();
    const kept = [];
    for (let i = 0; i < 3 * MAX_LIVE_SESSIONS; i++) kept.push(await createSession({ n: i }));
    assert.ok(core.liveSessionCount() <= MAX_LIVE_SESSIONS, `${core.liveSessionCount()} hold memory`);
    for (const [i, session] of kept.entries()) assert.equal(session.get('n'), i); // one read each, nothing more
    assert.equal(core.liveSessionCount(), 3 * MAX_LIVE_SESSIONS, 'all restored by the loop');
    await Promise.resolve(); // the look the restores queued
    assert.equal(core.liveSessionCount(), 3 * MAX_LIVE_SESSIONS, 'read since the previous look: a second chance');
    for (const session of kept) session.dispose();
  });
});

describe('A parked session behaves as one never parked', () => {
  /** Request N of the cookie storage: values and a flash, committed; the next request's Cookie header. */
  async function withFlash(storage) {
    const session = await storage.getSession(null);
    session.set('user', { id: 42, name: 'Zoë' });
    session.set('gone', 1);
    session.flash('notice', 'saved');
    return cookiePair(await storage.commitSession(session));
  }

  /** The same changes, made to a session of request N+1. */
  function change(session) {
    session.set('counter', 7);
    session.unset('gone');
    session.flash('pending', { next: 'request' });
  }

  it('values, incoming and pending flash, size, data and dirty read the same after each park', async () => {
    const storage = createCookieSessionStorage({ cookie: { name, secrets } });
    const header = await withFlash(storage);
    const session = await storage.getSession(header);
    change(session);
    const reads = {
      user: () => session.get('user'),
      notice: () => session.get('notice'),
      flashNotice: () => session.getFlash('notice'),
      hasGone: () => session.has('gone'),
      size: () => session.size,
      data: () => session.data,
      dirty: () => session.dirty,
      destroyed: () => session.destroyed,
      id: () => session.id,
      deleteId: () => session.deleteId,
    };
    const expected = {
      user: { id: 42, name: 'Zoë' },
      notice: 'saved',
      flashNotice: 'saved',
      hasGone: false,
      size: 3,
      data: { user: { id: 42, name: 'Zoë' }, counter: 7, __flash_pending__: { next: 'request' } },
      dirty: true,
      destroyed: false,
      id: '',
      deleteId: undefined,
    };
    for (const [what, read] of Object.entries(reads)) {
      await parkAll();
      assert.deepEqual(read(), expected[what], what);
    }
  });

  it('dirty stays as it was read: true for an untouched session that brought a flash, false without one', async () => {
    const storage = createCookieSessionStorage({ cookie: { name, secrets } });
    const flashed = await storage.getSession(await withFlash(storage));
    const plain = await storage.getSession(await fortyKeyCookie(storage));
    await parkAll();
    assert.equal(flashed.dirty, true);
    await parkAll();
    assert.equal(plain.dirty, false);
    assert.equal(plain.renewalDue, false);
  });

  it('commits through the cookie storage to the same Set-Cookie, and the next request reads the flash', async () => {
    thawClock = freezeClock();
    const storage = createCookieSessionStorage({ cookie: { name, secrets }, idleTimeout: 3600 });
    const header = await withFlash(storage);
    const parked = await storage.getSession(header);
    change(parked);
    await parkAll();
    const twin = await storage.getSession(header);
    change(twin);
    const expected = await storage.commitSession(twin);
    await parkAll();
    const setCookie = await storage.commitSession(parked);
    assert.equal(setCookie, expected);
    assert.equal(parked.dirty, false, 'clean after its commit');
    const next = await storage.getSession(cookiePair(setCookie));
    assert.equal(next.get('pending').next, 'request');
    assert.equal(next.get('notice'), undefined, 'the flash it brought was cleared');
    assert.equal(next.get('counter'), 7);
  });

  it('destroy() before or after parking: reads give nothing, and the commit expires the cookie', async () => {
    const storage = createCookieSessionStorage({ cookie: { name, secrets } });
    const header = await withFlash(storage);
    const expiring = await storage.destroySession(await storage.getSession(header));
    for (const destroyFirst of [true, false]) {
      const session = await storage.getSession(header);
      if (destroyFirst) session.destroy();
      await parkAll();
      if (!destroyFirst) session.destroy();
      await parkAll();
      assert.equal(session.destroyed, true);
      assert.equal(session.get('user'), undefined);
      assert.equal(session.size, 0);
      await parkAll();
      assert.equal(session.dirty, true);
      await parkAll();
      assert.equal(await storage.commitSession(session), expiring);
    }
  });

  it('a server-side session (memory storage): its ID, regenerateId(true) and deleteId, the commit and destroySession', async () => {
    const storage = createMemorySessionStorage({ cookie: { name, secrets } });
    const first = await storage.getSession(null);
    first.set('user', 'ada');
    first.flash('notice', 'welcome');
    await parkAll();
    const firstCookie = cookiePair(await storage.commitSession(first));
    await parkAll();
    const firstId = first.id;
    assert.match(firstId, /^[0-9a-f]{40}$/, 'the ID the store created, kept through parking');

    const session = await storage.getSession(firstCookie);
    await parkAll();
    assert.equal(session.id, firstId);
    assert.equal(session.get('notice'), 'welcome');
    session.regenerateId(true);
    const newId = session.id;
    await parkAll();
    assert.equal(session.id, newId);
    assert.notEqual(newId, firstId);
    assert.equal(session.deleteId, firstId);
    await parkAll();
    const secondCookie = cookiePair(await storage.commitSession(session));
    assert.equal((await storage.getSession(firstCookie)).size, 0, 'the old record is deleted');
    const second = await storage.getSession(secondCookie);
    assert.equal(second.id, newId);
    assert.deepEqual(second.data, { user: 'ada' }, 'its flash cleared, its value kept');
    await parkAll();
    await parkAll();
    assert.equal(session.deleteId, undefined, 'deleted by that commit: nothing left to delete');

    await parkAll();
    await storage.destroySession(second);
    assert.equal((await storage.getSession(secondCookie)).size, 0, 'the record is deleted');
  });

  it('a session stored by the memory storage commits to the same record parked or not', async () => {
    thawClock = freezeClock();
    const storage = createMemorySessionStorage({ cookie: { name, secrets }, idleTimeout: 3600 });
    const made = await storage.getSession(null);
    made.set('user', 'ada');
    made.flash('notice', 'hi');
    const header = cookiePair(await storage.commitSession(made));
    const records = [];
    for (const parked of [false, true]) {
      const session = await storage.getSession(header);
      change(session);
      if (parked) await parkAll();
      await storage.commitSession(session);
      const reread = await storage.getSession(header);
      records.push({ data: reread.data, id: reread.id, pending: reread.get('pending') });
      reread.dispose();
    }
    assert.deepEqual(records[1], records[0]);
  });

  describe('renewal and re-signing, which the snapshot does not hold', () => {
    const rotated = () => createCookieSessionStorage({ cookie: { name, secrets: ['new', 'old'] } });
    const signedWith = async (secret) => {
      const storage = createCookieSessionStorage({ cookie: { name, secrets: [secret] } });
      const session = await storage.getSession(null);
      session.set('userId', 'mj');
      return cookiePair(await storage.commitSession(session));
    };
    const signedBy = (setCookie, secret) => {
      const { payload, signature } = splitSigned(decodeURIComponent(cookieValue(setCookie)));
      return signature === hmac(payload, secret);
    };

    it('a session read under a retired secret is still renewalDue once parked, and its commit re-signs it', async () => {
      const storage = rotated();
      const session = await storage.getSession(await signedWith('old'));
      await parkAll();
      assert.equal(session.renewalDue, true);
      await parkAll();
      assert.equal(session.renewalDue, true, 'parked a second time, after a restore');
      assert.equal(session.dirty, false);
      const setCookie = await storage.commitSession(session);
      assert.ok(signedBy(setCookie, 'new'));
      assert.equal(session.renewalDue, false);
      assert.equal(session[needsResign], false, 'committed, as a session never parked');
    });

    it('withSession re-signs a session read under a retired secret while other sessions are parked; its own is not (its lifecycle frees it)', async () => {
      const storage = rotated();
      const handler = withSession(storage, async (request, { session }) => {
        const user = session.get('userId');
        await parkAll(1); // other requests' sessions took memory meanwhile: this request's stays
        return new Response(user);
      });
      const response = await handler(new Request('https://example.com/', { headers: { Cookie: await signedWith('old') } }));
      assert.equal(await response.text(), 'mj');
      const [setCookie] = response.headers.getSetCookie();
      assert.ok(setCookie, 're-signed');
      assert.ok(signedBy(setCookie, 'new'));
    });

    it('a rolling renewal due (idleTimeout) survives parking: renewalDue, and withSession renews the cookie', async (t) => {
      t.mock.timers.enable({ apis: ['Date'], now: 1_700_000_000_000 });
      const storage = createCookieSessionStorage({ cookie: { name, secrets }, idleTimeout: 1 }); // renews after 250 ms
      const first = await storage.getSession(null);
      first.set('userId', 'mj');
      const header = cookiePair(await storage.commitSession(first));
      t.mock.timers.tick(300);
      const session = await storage.getSession(header);
      await parkAll();
      assert.equal(session.renewalDue, true);
      const handler = withSession(storage, async (request, { session: own }) => {
        own.get('userId');
        await parkAll(1);
        return new Response('ok');
      });
      const response = await handler(new Request('https://example.com/', { headers: { Cookie: header } }));
      assert.equal(response.headers.getSetCookie().length, 1, 'renewed');
    });
  });

  it('a session withSession handed out stays readable after its request, parked or not', async () => {
    const storage = createCookieSessionStorage({ cookie: { name, secrets } });
    const header = await withFlash(storage);
    let kept;
    const handler = withSession(storage, async (request, { session }) => {
      kept = session;
      return new Response('ok');
    });
    await handler(new Request('https://example.com/', { headers: { Cookie: header } }));
    await parkAll();
    assert.deepEqual(kept.get('user'), { id: 42, name: 'Zoë' });
    await parkAll(); // parked while restored for that read
    assert.equal(kept.get('notice'), 'saved');
    assert.throws(() => kept.set('late', 1), (error) => error.code === 'SESSION_ENDED');
  });

  // A fresh session has no times, and a snapshot writes them only once present: a sign-in time recorded before its
  // commit (userKey: the server-side storages stamp it, then await their cookie before writing the record) would be
  // lost by a park in between.
  it('a sign-in time recorded on a session without times is kept through parking', async () => {
    const storage = createMemorySessionStorage({ cookie: { name, secrets }, userKey: 'userId' });
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    const at = Date.now() - 5000;
    session[recordSignIn](at);
    await parkAll();
    assert.equal(session[sessionTimes]().signedIn, at);
    await parkAll();
    assert.equal(session[sessionTimes]().signedIn, at, 'parked a second time, after a restore');
    session[recordSignIn](0); // forgotten, as a user's leaving does
    await parkAll();
    assert.equal(session[sessionTimes]().signedIn, 0);
    session.dispose();
  });

  it('dispose() of a parked session: reads throw SESSION_DISPOSED', async () => {
    const session = await createSession({ a: 1 });
    await parkAll();
    session.dispose();
    assert.throws(() => session.get('a'), (error) => error.code === 'SESSION_DISPOSED');
    assert.equal((await loadCore()).liveSessionCount(), 0);
  });
});
