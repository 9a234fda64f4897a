// KV keys are at most 512 bytes of UTF-8, and the KV storage refuses, when made, a keyPrefix that leaves its longest
// key past them (README: "`keyPrefix` is at most 472 bytes of UTF-8, 402 with `userKey`"). The workerd test
// (tests/workerd/kv-key-limit) holds the bound with ASCII prefixes, where characters and bytes agree. Mutation pass
// (s44): counting the prefix's characters instead of its bytes went unnoticed; a prefix of two-byte characters then
// passed the check, and every commit failed with KV's refusal of the key (a 500).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { cookiePair } from './support.js';

const cookie = { secrets: ['kv-key-prefix-bytes-secret-0123456789'], maxAge: 3600 };

/** mapKV, refusing keys over 512 bytes of UTF-8 as deployed and local KV do. */
function boundedKV() {
  const kv = mapKV();
  for (const name of ['get', 'put', 'delete']) {
    const original = kv[name];
    kv[name] = function (key, ...rest) {
      if (new TextEncoder().encode(key).length > 512) throw new Error('KV GET/PUT failed: 414 UTF-8 encoded length exceeds key length limit of 512.');
      return original.call(this, key, ...rest);
    };
  }
  return kv;
}

async function signInAndRead(storage) {
  const session = await storage.getSession(null);
  session.set('userId', 'ann');
  const read = await storage.getSession(cookiePair(await storage.commitSession(session)));
  return read.get('userId');
}

for (const { userKey, most } of [{ userKey: undefined, most: 472 }, { userKey: 'userId', most: 402 }]) {
  it(`${userKey ? 'with' : 'without'} userKey: a keyPrefix of ${most} bytes in two-byte characters works; one byte more is refused when made`, async () => {
    const prefix = 'é'.repeat(most / 2); // two bytes a character
    const storage = createWorkersKVSessionStorage({ cookie, kv: boundedKV(), keyPrefix: prefix, ...(userKey ? { userKey } : {}) });
    assert.equal(await signInAndRead(storage), 'ann');
    if (userKey) assert.equal((await storage.listUserSessions('ann')).length, 1);
    assert.throws(
      () => createWorkersKVSessionStorage({ cookie, kv: boundedKV(), keyPrefix: `${prefix}a`, ...(userKey ? { userKey } : {}) }),
      { name: 'TypeError', message: new RegExp(`keyPrefix is ${most + 1} bytes of UTF-8.*keep keyPrefix to ${most} bytes`) },
    );
  });
}
