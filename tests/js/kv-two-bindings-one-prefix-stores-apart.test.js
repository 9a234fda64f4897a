// README (Signing out everywhere, "Two apps over one binding"): a user's index and revocation mark are named by the
// user ID under the storage's keyPrefix in its binding, so two KV namespaces of one Worker (two apps, a binding per
// tenant) under the same default prefix are two stores: user "ada" of the one is not "ada" of the other, and revoking
// her in the one leaves her signed in in the other, however recently this isolate looked her up there. Mutation pass
// (s48): per-backend.js scopeOf keyed by the prefix alone, every binding sharing one scope, went unnoticed; a
// revocation in the one binding signed "ada" out of the other.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { signIn } from '../helpers/sign-in.js';

const cookie = { secrets: ['two-bindings-one-prefix-secret-0123456'] };
const userOf = async (storage, header) => (await storage.getSession(header)).get('userId');

it('KV session storages over two bindings with the same key prefix: a revocation in the one leaves the other signed in', async () => {
  const [a, b] = [mapKV(), mapKV()].map((kv) => createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' }));
  const inA = await signIn(a, 'ada');
  const inB = await signIn(b, 'ada');
  assert.equal(await userOf(b, inB), 'ada'); // this isolate has looked her up in the other binding
  assert.equal(await a.revokeUserSessions('ada'), 1);
  assert.equal(await userOf(a, inA), undefined);
  assert.equal(await userOf(b, inB), 'ada', "the other binding's ada is still signed in");
  assert.equal((await b.listUserSessions('ada')).length, 1);
});

it("cookie storages' revocation: { kv } over two bindings with the same key prefix: a revocation in the one leaves the other signed in", async () => {
  const [a, b] = [mapKV(), mapKV()].map((kv) => createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } }));
  const inA = await signIn(a, 'ada');
  const inB = await signIn(b, 'ada');
  assert.equal(await userOf(b, inB), 'ada');
  await a.revokeUserSessions('ada');
  assert.equal(await userOf(a, inA), undefined);
  assert.equal(await userOf(b, inB), 'ada', "the other binding's ada is still signed in");
});
