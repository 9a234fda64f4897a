// "Sign out of my other devices" keeps this device listed as signed in when it signed in, on every storage.
// README (Signing out everywhere): "`createdAt` is when the session joined the user's list: its sign-in, not the
// visit that began it". The kept device (`except`) never left the list. Found by the storages-agree model
// (tests/js/storages-agree-model.test.js): memory, files, createSessionStorage and Durable Objects keep the device's
// sign-in as its createdAt; Workers KV listed it as signed in at the revocation (its index key's metadata takes the
// sign-in stamp the revocation gave the kept Session, keepSignedIn), and after it, at its next regenerateId too.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage, createSessionStorage, createWorkersKVSessionStorage, withSession } from 'edge-session';
import { handClock } from '../helpers/hand-clock.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { mapKVWithMetadata } from './map-kv.js';

const clock = handClock();

const options = { cookie: { name: '__session', secrets: ['kv-kept-device-listed-since-sign-in-s3cr3t!'], maxAge: 3600 }, userKey: 'uid' };
const STORAGES = {
  memory: () => createMemorySessionStorage(options),
  callbacks: () => createSessionStorage({ ...options, ...callbacksOf(mapBackend()) }),
  kv: () => createWorkersKVSessionStorage({ ...options, kv: mapKVWithMetadata() }),
};

/** Sign in at the day's start, 10 minutes later "sign out of my other devices", then list: the createdAt seen. */
async function listedAfterKeep(storage, { regenerateAfter = false } = {}) {
  const start = clock.newDay();
  let cookie = '';
  const fetch = withSession(storage, async (request, { session }) => {
    const action = new URL(request.url).pathname;
    if (action === '/sign-in') session.set('uid', 'ann');
    if (action === '/others') await storage.revokeUserSessions('ann', { except: session });
    if (action === '/regenerate') session.regenerateId(true);
    return new Response('ok');
  });
  const send = async (path) => {
    const response = await fetch(new Request(`https://example.com${path}`, { headers: cookie ? { cookie } : {} }));
    const set = response.headers.getSetCookie()[0];
    if (set) cookie = set.split(';')[0];
  };
  await send('/sign-in');
  clock.now += 600_000;
  await send('/others');
  if (regenerateAfter) {
    clock.now += 600_000;
    await send('/regenerate');
  }
  const [entry, ...more] = await storage.listUserSessions('ann');
  assert.equal(more.length, 0);
  return entry.createdAt - start;
}

for (const [name, make] of Object.entries(STORAGES)) {
  it(`${name}: the device kept by revokeUserSessions(user, { except }) stays listed as signed in when it signed in`, async () => {
    assert.equal(await listedAfterKeep(make()), 0);
  });
  it(`${name}: ...and so after its next regenerateId(true)`, async () => {
    assert.equal(await listedAfterKeep(make(), { regenerateAfter: true }), 0);
  });
}
