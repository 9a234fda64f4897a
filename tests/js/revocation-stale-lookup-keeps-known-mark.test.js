// Mutation pass (s43): KV is eventually consistent: a location may answer a lookup of a user's revocation mark with
// an earlier value, or none, after it has already served the mark ("this is not guaranteed", README Workers KV).
// An isolate's revocation cache keeps the later mark it knows over such a stale lookup (user-sessions.js
// createRevocationCache). Taking the lookup as it came (the mark an isolate had learnt from another's revocation,
// not one made here) went unnoticed: the revoked cookie read as signed in again for 5 s.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createCookieSessionStorage } from 'edge-session';
import { REVOCATION_CACHE_MS } from '../../js/user-sessions.js';
import { mapKV } from './map-kv.js';

const pairOf = (setCookie) => setCookie.split(';')[0];

it('a lookup that answers no mark after the mark was seen does not bring a revoked cookie back (revocation: { kv })', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1_700_000_000_000 });
  const kv = mapKV();
  let stale = false;
  // Another isolate's binding, at a location whose reads of the mark may go stale.
  const there = Object.create(kv);
  there.get = async (key, type) => (stale && key.includes('revoked:') ? null : kv.get(key, type));
  const make = (binding) => createCookieSessionStorage({ cookie: { secrets: ['stale-lookup'], maxAge: 3600 }, userKey: 'userId', revocation: { kv: binding } });
  const here = make(kv);
  const elsewhere = make(there);

  const session = await here.getSession(null);
  session.set('userId', 'ada');
  const laptop = pairOf(await here.commitSession(session));
  await here.revokeUserSessions('ada');
  assert.equal((await elsewhere.getSession(laptop)).get('userId'), undefined, 'the mark, looked up there');

  t.mock.timers.tick(REVOCATION_CACHE_MS);
  stale = true;
  assert.equal((await elsewhere.getSession(laptop)).get('userId'), undefined, 'still revoked after a stale lookup');
});
