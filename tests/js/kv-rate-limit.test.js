// Workers KV takes one write of a key per second and refuses a second one within it (429 Too Many Requests, in
// production only: the local KV refuses nothing). Writes so refused are tried again in turn, and give up when a
// logout deleted their key meanwhile. Each test is named after the defect it pins (from reviews of the retries).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage } from 'edge-session';
import { deleteWithRetries, putWithRetries } from '../../js/kv-keys.js';
import { cookiePair } from './support.js';

const secrets = ['s3cr3t'];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A KV namespace refusing a second write of a key within `spacing` ms, as production does; list() for userKey. */
function rateLimitedKv({ spacing = 1000 } = {}) {
  const entries = new Map();
  const lastPut = new Map();
  return {
    get: async (key) => entries.get(key)?.value ?? null,
    async put(key, value, options) {
      const now = performance.now();
      if (now - (lastPut.get(key) ?? -Infinity) < spacing) throw new Error('KV PUT failed: 429 Too Many Requests');
      lastPut.set(key, now);
      entries.set(key, { value, metadata: options?.metadata });
    },
    delete: async (key) => void entries.delete(key),
    list: async ({ prefix = '' } = {}) => ({ keys: [...entries].filter(([name]) => name.startsWith(prefix)).map(([name, { metadata }]) => ({ name, metadata })), list_complete: true }),
  };
}

describe('Writes of one KV session refused for the rate of writes to its key', () => {
  it('four at once (a page\'s calls) are each written, in turn; regression: tried again together, they were refused together, and the fourth failed', async () => {
    const storage = createWorkersKVSessionStorage({ cookie: { secrets }, kv: rateLimitedKv({ spacing: 990 }) });
    const first = await storage.getSession(null);
    first.set('n', 0);
    const cookie = cookiePair(await storage.commitSession(first));
    await sleep(1100);
    const results = await Promise.allSettled([1, 2, 3, 4].map(async (i) => {
      const session = await storage.getSession(cookie);
      session.set(`k${i}`, i);
      return storage.commitSession(session);
    }));
    assert.deepEqual(results.filter((result) => result.status === 'rejected').map((result) => result.reason.message), []);
  });

  it('with userKey, give up when a logout deleted the session meanwhile; regression: the index key\'s write gave up, and the session\'s own write put the logged-out session back', async () => {
    const storage = createWorkersKVSessionStorage({ cookie: { secrets }, kv: rateLimitedKv(), userKey: 'userId' });
    const signedIn = await storage.getSession(null);
    signedIn.set('userId', 'ada');
    const cookie = cookiePair(await storage.commitSession(signedIn));
    const changing = await storage.getSession(cookie);
    changing.set('cart', [1]);
    const committing = storage.commitSession(changing); // within the second: refused, tried again in its turn
    await sleep(100);
    await storage.destroySession(await storage.getSession(cookie)); // a logout meanwhile
    assert.match(await committing, /Max-Age=0/);
    assert.equal((await storage.getSession(cookie)).get('userId'), undefined, 'the logout stands');
    assert.deepEqual(await storage.listUserSessions('ada'), []);
  });

  it('a write waiting for its turn gives up after its key\'s delete however many other keys the isolate deletes meanwhile; regression: the memory of deletes was cleared at 10,000', async () => {
    const kv = rateLimitedKv();
    await kv.put('session:a', 'v1');
    const retrying = putWithRetries(kv, 'session:a', 'v2');
    await sleep(50);
    await deleteWithRetries(kv, 'session:a'); // the logout
    for (let i = 0; i < 10_001; i++) await deleteWithRetries(kv, `session:other${i}`);
    assert.equal(await retrying, false);
    assert.equal(await kv.get('session:a'), null);
  });
});
