// A sign-in under an ID its commit makes (a new visitor's first commit, regenerateId) lists the session in the
// user's KV index without reading that key first: nobody else can have listed an ID just made (128 random bits).
// The read cost a KV operation per sign-in, and made the location cache a miss for the key (KV caches negative
// lookups, "How KV works"), served over its own write for up to 60 s.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage, withSession } from '../../js/index.node.js';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };

function signInApp({ regenerate }) {
  const kv = mapKV();
  const read = [];
  const get = kv.get;
  kv.get = function (key, type) {
    read.push(key);
    return get.call(this, key, type);
  };
  const storage = createWorkersKVSessionStorage({ cookie, userKey: 'userId', kv });
  const app = withSession(storage, async (request, { session }) => {
    const path = new URL(request.url).pathname;
    if (path === '/cart') session.set('cart', 1);
    if (path === '/login') {
      session.set('userId', 'ada');
      if (regenerate) session.regenerateId(true);
    }
    return new Response('ok');
  });
  const post = async (path, cookieHeader) => {
    const response = await app(new Request(`https://app.test${path}`, { method: 'POST', headers: cookieHeader ? { Cookie: cookieHeader } : {} }));
    return { cookie: response.headers.get('Set-Cookie')?.split(';')[0] };
  };
  const signedIn = async () => (await storage.listUserSessions('ada')).map((entry) => entry.id);
  return { read, post, signedIn };
}

it("a new visitor's sign-in reads no index key (regression: one KV read per sign-in, and a cached miss)", async () => {
  const { read, post, signedIn } = signInApp({ regenerate: false });
  await post('/login');
  const [id] = await signedIn();
  assert.match(id, /^[0-9a-f]{40}$/);
  assert.deepEqual(read.filter((key) => key.endsWith(id)), []);
});

it('a sign-in with regenerateId(true) reads no index key for its new ID', async () => {
  const { read, post, signedIn } = signInApp({ regenerate: true });
  const anonymous = await post('/cart');
  read.length = 0;
  await post('/login', anonymous.cookie);
  const [id] = await signedIn();
  assert.deepEqual(read.filter((key) => key.endsWith(id)), []);
});
