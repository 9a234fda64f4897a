// Audit of issue 3: a far-future cookie expiry failed every commit on KV inside workerd. workerd takes
// expirationTtl as an int32 of seconds ("Value out of range. Must be between -2147483648 and 2147483647"), and a
// maxAge past the range of Date gave a NaN TTL ("KV PUT failed: 400 Invalid expiration_ttl of 0"). A key whose end
// KV cannot be told is kept until deleted, its true end in the metadata (js/kv-keys.js putOptionsUntil). The real
// runtime: tests/storage/workerd-storages.test.js ("far-future cookie expiries").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemorySessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { keyIsExpired, putOptionsUntil } from '../../js/kv-keys.js';
import { mapKV } from './map-kv.js';
import { cookiePair } from './support.js';

const NOW = Date.UTC(2030, 0, 1);
/** workerd's limit of expirationTtl: an int32 of seconds. */
const MAX_EXPIRATION_TTL = 2 ** 31 - 1;
const FAR = Date.UTC(9999, 11, 31, 23, 59, 59);

describe('putOptionsUntil: a far-future or invalid end (audit of issue 3)', () => {
  it('tells KV an end up to its longest expirationTtl (an int32 of seconds)', () => {
    const end = NOW + MAX_EXPIRATION_TTL * 1000;
    assert.deepEqual(putOptionsUntil(end, NOW), { expirationTtl: MAX_EXPIRATION_TTL, metadata: { expires: end } });
    assert.deepEqual(putOptionsUntil(NOW + 400 * 86_400_000, NOW), { expirationTtl: 400 * 86_400, metadata: { expires: NOW + 400 * 86_400_000 } });
  });

  it('keeps a key past that limit until deleted (no expirationTtl), its true end in the metadata', () => {
    for (const end of [NOW + MAX_EXPIRATION_TTL * 1000 + 1, NOW + 100 * 365 * 86_400_000, NOW + 2 ** 40 * 1000, FAR]) {
      const options = putOptionsUntil(end, NOW);
      assert.deepEqual(options, { metadata: { expires: end } }, `end ${end}`);
      assert.equal(keyIsExpired(options.metadata), false);
    }
  });

  it('keeps a key with an invalid end (NaN: a maxAge past the range of Date) as one without an end', () => {
    for (const end of [NaN, Infinity]) assert.deepEqual(putOptionsUntil(end, NOW), {}, `end ${end}`);
  });
});

/** A KV binding that refuses what workerd and local KV refuse of a put's expirationTtl. */
function strictKV() {
  const kv = mapKV();
  const put = kv.put.bind(kv);
  kv.getWithMetadata = async (key) => ({ value: await kv.get(key), metadata: (await kv.list({ prefix: key })).keys.find((k) => k.name === key)?.metadata ?? null });
  kv.put = async (key, value, options = {}) => {
    const ttl = options.expirationTtl;
    if (ttl !== undefined) {
      if (!Number.isInteger(ttl) || ttl < -(2 ** 31) || ttl > 2 ** 31 - 1) {
        throw new TypeError('Value out of range. Must be between -2147483648 and 2147483647');
      }
      if (ttl < 60) throw new Error(`KV PUT failed: 400 Invalid expiration_ttl of ${ttl}`);
    }
    return put(key, value, options);
  };
  return kv;
}

describe('the KV session storage with a far-future cookie expiry (audit of issue 3)', () => {
  const spans = {
    'maxAge 100 years': { maxAge: 100 * 365 * 86_400 },
    'maxAge 2**40 s': { maxAge: 2 ** 40 },
    'expires 9999-12-31': { expires: new Date(FAR) },
    'maxAge 8.64e12 s (past the range of Date)': { maxAge: 8.64e12 },
  };
  for (const [span, option] of Object.entries(spans)) {
    it(`${span}: a commit succeeds and the session reads back; regression: every commit failed`, async () => {
      const storage = createWorkersKVSessionStorage({ cookie: { secrets: ['s3cr3t'], ...option }, kv: strictKV() });
      const session = await storage.getSession(null);
      session.set('user', 'ada');
      const cookie = cookiePair(await storage.commitSession(session));
      session.dispose();
      const again = await storage.getSession(cookie);
      assert.equal(again.get('user'), 'ada');
      again.dispose();
    });
  }

  // The user's index key too. Past the range of Date, the index entry's expiry was NaN, which reads as ended
  // (js/user-index.js isLive): the session was signed out at once, on every storage (lifetime.js keptUntil now
  // takes an invalid Date for no end, as the stores do).
  for (const [span, option] of Object.entries(spans)) {
    for (const [kind, make] of [
      ['KV', (cookie) => createWorkersKVSessionStorage({ cookie, kv: strictKV(), userKey: 'userId' })],
      ['memory', (cookie) => createMemorySessionStorage({ cookie, userKey: 'userId' })],
    ]) {
    it(`${kind}, ${span}, with userKey: a sign-in commits, reads back and is listed`, async () => {
      const storage = make({ secrets: ['s3cr3t'], ...option });
      const session = await storage.getSession(null);
      session.set('userId', 'ada');
      const cookie = cookiePair(await storage.commitSession(session));
      session.dispose();
      const again = await storage.getSession(cookie);
      assert.equal(again.get('userId'), 'ada');
      assert.deepEqual((await storage.listUserSessions('ada')).map((entry) => entry.id), [again.id]);
      again.dispose();
    });
    }
  }
});
