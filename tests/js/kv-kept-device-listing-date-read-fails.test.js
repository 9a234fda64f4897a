// The kept device's listing date is looked up on KV (its index key's metadata) for the listing only: a failed look
// (KV's reads fail at times) lists the session as signed in at its stamp and the commit stands. Regression
// (adversarial pass on the kept device's listing date): the kept device's every request answered 500.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { handClock } from '../helpers/hand-clock.js';
import { isolatesForTests } from '../helpers/isolate-copies.js';
import { mapKVWithMetadata } from './map-kv.js';

const clock = handClock();
const copies = isolatesForTests(1);
const options = { cookie: { name: '__session', secrets: ['kv-kept-device-stale-isolate-s3cr3t!!'], maxAge: 3600 }, userKey: 'uid' };

it('a failed look at the kept device\'s index key fails none of its commits', async () => {
  clock.newDay();
  const kv = mapKVWithMetadata();
  const getWithMetadata = kv.getWithMetadata;
  let failing = false;
  kv.getWithMetadata = async function (key) {
    if (failing && key.includes(':user:')) throw new Error('KV GET failed: 503 Service Unavailable');
    return getWithMetadata.call(this, key);
  };
  const { createWorkersKVSessionStorage, withSession } = copies.isolates[0];
  const storage = createWorkersKVSessionStorage({ ...options, kv });
  let cookie = '';
  const fetch = withSession(storage, async (request, { session }) => {
    const action = new URL(request.url).pathname;
    if (action === '/sign-in') session.set('uid', 'ann');
    if (action === '/others') await storage.revokeUserSessions('ann', { except: session });
    if (action === '/save') session.set('theme', 'dark');
    return new Response('ok');
  });
  const send = async (path) => {
    const response = await fetch(new Request(`https://example.com${path}`, { headers: cookie ? { cookie } : {} }));
    const set = response.headers.getSetCookie()[0];
    if (set) cookie = set.split(';')[0];
    return response.status;
  };
  assert.equal(await send('/sign-in'), 200);
  clock.now += 600_000;
  failing = true;
  assert.equal(await send('/others'), 200);
  clock.now += 2000;
  assert.equal(await send('/save'), 200);
  assert.equal((await storage.listUserSessions('ann')).length, 1);
});
