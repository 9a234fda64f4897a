// Storages over one Workers KV binding in one isolate (two routes each wrapped in withSession, a cookie storage's
// `revocation: { kv }` beside a KV session storage): which of them share what they know of a revocation.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { cookiePair } from './support.js';

const secrets = ['s3cr3t'];

async function signIn(storage, user = 'ada') {
  const session = await storage.getSession(null);
  session.set('userId', user);
  return cookiePair(await storage.commitSession(session));
}

it('a revocation through one KV storage is known at once to another over the same binding and prefix; regression (review): the other served the revoked session, and wrote back one a request had read before, for up to 5 s', async () => {
  const kv = mapKV();
  const app = createWorkersKVSessionStorage({ cookie: { secrets }, kv, userKey: 'userId' });
  const account = createWorkersKVSessionStorage({ cookie: { secrets }, kv, userKey: 'userId' });
  const cookie = await signIn(app);
  const inFlight = await app.getSession(cookie); // a request under way: its storage has looked the user up
  assert.equal(await account.revokeUserSessions('ada'), 1);
  inFlight.set('cart', [1]);
  assert.match(await app.commitSession(inFlight), /Max-Age=0/, 'the commit is answered as a logout');
  assert.equal((await app.getSession(cookie)).get('userId'), undefined);
  assert.deepEqual(await account.listUserSessions('ada'), []);
});

it('KV storages over one binding with other key prefixes, and a cookie storage\'s revocation marks in it, are stores apart', async () => {
  const kv = mapKV();
  const a = createWorkersKVSessionStorage({ cookie: { secrets }, kv, userKey: 'userId', keyPrefix: 'a:' });
  const b = createWorkersKVSessionStorage({ cookie: { secrets }, kv, userKey: 'userId', keyPrefix: 'b:' });
  const cookies = createCookieSessionStorage({ cookie: { name: '__c', secrets }, userKey: 'userId', revocation: { kv } });
  const inA = await signIn(a);
  const inB = await signIn(b);
  const inCookie = await signIn(cookies);
  await Promise.all([a.getSession(inA), b.getSession(inB), cookies.getSession(inCookie)]); // each has looked ada up
  assert.equal(await a.revokeUserSessions('ada'), 1);
  assert.equal((await a.getSession(inA)).get('userId'), undefined);
  assert.equal((await b.getSession(inB)).get('userId'), 'ada', 'the other prefix\'s session lives on');
  assert.equal((await cookies.getSession(inCookie)).get('userId'), 'ada', 'so does the cookie session');
  await cookies.revokeUserSessions('ada');
  assert.equal((await cookies.getSession(inCookie)).get('userId'), undefined);
  assert.equal((await b.getSession(inB)).get('userId'), 'ada');
});

it('a later commit of a stored session keeps its record\'s expiry (KV TTL and metadata); regression (review): a local of writeSession shadowed it, and every commit after the first wrote a record that never expired', async () => {
  const kv = mapKV();
  const puts = [];
  const put = kv.put;
  kv.put = async (key, value, options) => (puts.push([key, options ?? {}]), put.call(kv, key, value, options));
  const storage = createWorkersKVSessionStorage({ cookie: { secrets, maxAge: 3600 }, kv });
  const first = await storage.getSession(null);
  first.set('a', 1);
  const cookie = cookiePair(await storage.commitSession(first));
  const again = await storage.getSession(cookie);
  again.set('a', 2);
  await storage.commitSession(again);
  const writes = puts.filter(([key]) => key === `session:${first.id}`).map(([, options]) => options);
  assert.equal(writes.length, 2);
  for (const options of writes) {
    assert.ok(options.expirationTtl >= 3600, JSON.stringify(options));
    assert.equal(typeof options.metadata?.expires, 'number');
  }
});

