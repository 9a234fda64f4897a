// A session set() filled to its 512 KiB limit is read back after its commit, whatever the commit adds to it.
// Regression (audit of issue 10.4): set() measured the data without the times a storage writes at commit
// ("__es__", with a cookie maxAge or a timeout) and without the "__flash_<key>__" names flash is stored under;
// the record then passed 512 KiB, and its read refused it: the session came back fresh, data and sign-in lost,
// with no error. set()/flash() now count both (keeping 79 bytes for the times), and a commit whose record a read
// would refuse (keys JSON escapes, a record another program wrote near the limit) throws VALUE_TOO_LARGE instead.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage, createSession, createSessionStorage, createWorkersKVSessionStorage, SessionDataError } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { mapKV } from './map-kv.js';
import { cookiePair, signedCookieHeader } from './support.js';

const KiB = 1024;
const secret = 's3cr3t';
const cookie = { name: '__session', secrets: [secret], maxAge: 3600 };
const isTooLarge = (error) => error instanceof SessionDataError && error.code === 'VALUE_TOO_LARGE';

/** Fills `session` with set() to the last byte it takes; the length of its last value. */
function fillToTheLimit(session) {
  session.set('userId', 'ada');
  for (let i = 0; ; i++) {
    try {
      session.set(`v${i}`, 'x'.repeat(120 * KiB));
    } catch (error) {
      assert.ok(isTooLarge(error), String(error));
      break;
    }
  }
  let low = 0;
  let high = 128 * KiB;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    try {
      session.set('last', 'y'.repeat(mid));
      low = mid;
    } catch (error) {
      assert.ok(isTooLarge(error), String(error));
      high = mid - 1;
    }
  }
  session.set('last', 'y'.repeat(low));
  return low;
}

const STORAGES = {
  'memory, maxAge': () => createMemorySessionStorage({ cookie }),
  'memory, idleTimeout + userKey': () => createMemorySessionStorage({ cookie, idleTimeout: 600, userKey: 'userId' }),
  'memory, absoluteTimeout, no maxAge': () => createMemorySessionStorage({ cookie: { name: '__session', secrets: [secret] }, absoluteTimeout: 600 }),
  'KV, maxAge': () => createWorkersKVSessionStorage({ cookie, kv: mapKV() }),
  'createSessionStorage, maxAge': () => createSessionStorage({ cookie, ...callbacksOf(mapBackend()) }),
};

describe('a session filled to the limit, in a storage that writes its times', () => {
  for (const [name, make] of Object.entries(STORAGES)) {
    it(`${name}: set() to the limit, committed, is read back whole`, async () => {
      const storage = make();
      const session = await storage.getSession(null);
      const last = fillToTheLimit(session);
      const again = await storage.getSession(cookiePair(await storage.commitSession(session)));
      assert.equal(again.get('userId'), 'ada', 'read back as a fresh session');
      assert.equal(again.get('last')?.length, last);
      // And again after its next commit (a renewal, the times rewritten).
      again.set('last', 'z'.repeat(last));
      const third = await storage.getSession(cookiePair(await storage.commitSession(again)));
      assert.equal(third.get('last'), 'z'.repeat(last));
    });
  }

  it('flash to the limit (each stored under "__flash_<key>__") is read back', async () => {
    const storage = createMemorySessionStorage({ cookie });
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    const value = 'f'.repeat(100);
    let flashed = 0;
    for (;;) {
      try {
        session.flash(String(flashed), value);
        flashed += 1;
      } catch (error) {
        assert.ok(isTooLarge(error), String(error));
        break;
      }
    }
    assert.ok(flashed > 4000, `${flashed} flashes`);
    const again = await storage.getSession(cookiePair(await storage.commitSession(session)));
    assert.equal(again.get('userId'), 'ada', 'read back as a fresh session');
    assert.equal(again.get(String(flashed - 1)), value);
  });

  it('createSession(data) keeps the same room for the times: its commit is read back', async () => {
    const storage = createMemorySessionStorage({ cookie });
    const data = (bytes) => ({ userId: 'ada', pad: 'x'.repeat(bytes - JSON.stringify({ userId: 'ada', pad: '' }).length) });
    await assert.rejects(createSession(data(512 * KiB - 78)), isTooLarge);
    const session = await createSession(data(512 * KiB - 79));
    const again = await storage.getSession(cookiePair(await storage.commitSession(session)));
    assert.equal(again.get('userId'), 'ada');
  });

  it('a commit whose record a read would refuse throws VALUE_TOO_LARGE and writes nothing (keys JSON escapes)', async () => {
    const storage = createMemorySessionStorage({ cookie });
    const first = await storage.getSession(null);
    first.set('userId', 'ada');
    const header = cookiePair(await storage.commitSession(first));
    const session = await storage.getSession(header);
    // "\u0001" is six bytes in JSON for one of the key: set() counts keys as they are.
    const key = (i) => `${'\u0001'.repeat(1000)}${i}`;
    for (let i = 0; i < 120; i++) session.set(key(i), 1);
    await assert.rejects(storage.commitSession(session), (error) => isTooLarge(error) && /524288/.test(error.message));
    const again = await storage.getSession(header);
    assert.equal(again.get('userId'), 'ada', 'the record as it was');
    assert.equal(again.has(key(0)), false);
  });

  it('a record another program wrote near the limit: its commit with times is refused, not lost; shrunk, it commits', async () => {
    const id = 'id-1';
    let record = JSON.stringify({ userId: 'ada', notes: 'n'.repeat(400 * KiB), more: 'm'.repeat(112 * KiB - 40) });
    assert.ok(record.length <= 512 * KiB);
    const storage = createSessionStorage({
      cookie,
      createData: async () => id,
      readData: async () => JSON.parse(record),
      updateData: async (_, data) => void (record = JSON.stringify(data)),
      deleteData: async () => {},
    });
    const header = signedCookieHeader('__session', JSON.stringify(id), secret);
    const session = await storage.getSession(header);
    assert.equal(session.get('userId'), 'ada', 'read: it is within the limit');
    assert.throws(() => session.set('new', 1), isTooLarge, 'no room to grow');
    session.set('more', 'm'.repeat(112 * KiB - 40)); // no larger than before: taken
    await assert.rejects(storage.commitSession(session), isTooLarge);
    assert.equal((await storage.getSession(header)).get('userId'), 'ada', 'the record as it was');
    session.set('notes', 'short');
    await storage.commitSession(session);
    const again = await storage.getSession(header);
    assert.equal(again.get('userId'), 'ada');
    assert.equal(again.get('notes'), 'short');
  });
});
