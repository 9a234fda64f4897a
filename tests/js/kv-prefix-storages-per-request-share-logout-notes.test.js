// Workers KV storages made for each request (a factory of env, as a Worker makes them) over one binding and one
// keyPrefix are one backend to the isolate's notes of logouts (js/per-backend.js scopeOf: one scope per binding and
// prefix): a slow request through one storage does not write back a session another request's storage logged out
// meanwhile (README, Logout: on KV "a request that read (or last wrote) a record before such a delete writes it no
// more"). Mutation pass (s50): scopeOf making a new scope for each storage of a prefix other than '' went
// unnoticed; each per-request storage kept notes of its own, and the slow page signed the logged-out cookie in again.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['kv-prefix-per-request-0123456789abcdef'], maxAge: 3600 };

it("a slow page's storage does not write back the session another request's storage of the same prefix logged out", async () => {
  const kv = mapKV();
  const storageOfRequest = () => createWorkersKVSessionStorage({ cookie, kv, keyPrefix: 'shop:' });
  const signIn = storageOfRequest();
  const first = await signIn.getSession(null);
  first.set('userId', 'ann');
  const header = (await signIn.commitSession(first)).split(';')[0];

  const slowPage = storageOfRequest();
  const slow = await slowPage.getSession(header);
  const logout = storageOfRequest();
  await logout.destroySession(await logout.getSession(header));

  slow.set('seen', true);
  assert.match(await slowPage.commitSession(slow), /Max-Age=0/, 'refused, as after a logout');
  assert.equal((await storageOfRequest().getSession(header)).get('userId'), undefined, 'the old cookie opens nothing');
});
