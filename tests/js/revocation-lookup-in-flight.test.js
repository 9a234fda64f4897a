// A lookup of a user's revocation mark in flight while this isolate revokes that user, answering after the
// revocation with the mark it read before. Regressions (review of be2d64e, where the cache stopped lowering a mark):
// the cache kept the revocation's `at` with the stale mark's exception (or none), and preferred it to the
// revocation made here on an equal `at`. So for the cache's 5 s:
// - Workers KV storage, "sign out of my other devices" by ID: the kept device itself read as signed out;
// - Workers KV storage, "sign out everywhere" after an earlier revocation that kept a device by ID: that device
//   (stolen), its record written back by a racing commit from another location (README, Workers KV), read as the
//   one kept, and was signed in anew at the new mark, for good;
// - cookie sessions with revocation: { kv }: another tab of the kept device, read after the revocation, wrote its
//   anonymous cookie over the kept one (README: for 30 s such a session is written only if it signs in).
// A mark looked up below what the isolate knows is stale now, and the known mark stays whole.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCookieSessionStorage, createWorkersKVSessionStorage, withSession } from 'edge-session';
import { heldMarkKV } from './held-mark-kv.js';
import { mapKV } from './map-kv.js';
import { handClock } from '../helpers/hand-clock.js';
import { pairOf, signIn } from '../helpers/sign-in.js';

const clock = handClock();
const cookiesOf = (response) => response.headers.getSetCookie().map(pairOf).join('; ');
const get = (cookie) => new Request('https://example.com/', { headers: cookie ? { Cookie: cookie } : {} });

const heldKV = () => heldMarkKV(mapKV());

/** A new day; ada signed in on a laptop and a phone, on a KV storage whose lookups can be held. */
async function adaOnTwoDevices() {
  clock.newDay();
  const held = heldKV();
  const storage = createWorkersKVSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 }, kv: held.kv, userKey: 'userId' });
  const laptop = await signIn(storage, 'ada');
  const phone = await signIn(storage, 'ada');
  const laptopId = (await storage.getSession(laptop)).id;
  return { held, storage, laptop, phone, laptopId };
}

describe('a lookup in flight across this isolate\'s own revocation with except: id (Workers KV storage)', () => {
  it('the kept device stays signed in', async () => {
    const { held, storage, laptop, phone, laptopId } = await adaOnTwoDevices();
    clock.now += 6_000; // past the 5 s this isolate trusts the mark it looked up at the sign-ins

    held.holding = true;
    const phoneRead = storage.getSession(phone); // its lookup reads "no mark", and answers late
    await held.entered;
    held.holding = false;
    assert.equal(await storage.revokeUserSessions('ada', { except: laptopId }), 1);
    held.release();
    assert.equal((await phoneRead).get('userId'), undefined, 'the phone is signed out');

    assert.equal((await storage.getSession(laptop)).get('userId'), 'ada', 'the kept device is signed in');
  });

  it('the control: no lookup in flight', async () => {
    const { storage, laptop, phone, laptopId } = await adaOnTwoDevices();
    assert.equal(await storage.revokeUserSessions('ada', { except: laptopId }), 1);
    assert.equal((await storage.getSession(phone)).get('userId'), undefined);
    assert.equal((await storage.getSession(laptop)).get('userId'), 'ada');
  });
});

/** The scenario of the second case up to the laptop's record written back; resolves to the storage and what the test needs. */
async function staleLookupAcrossSignOutEverywhere() {
  clock.newDay();
  const held = heldKV();
  const options = { cookie: { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 }, userKey: 'userId' };
  const storage = createWorkersKVSessionStorage({ ...options, kv: held.kv });
  const laptop = await signIn(storage, 'ada');
  const phone = await signIn(storage, 'ada');
  const laptopId = (await storage.getSession(laptop)).id;
  clock.now += 1_000;
  assert.equal(await storage.revokeUserSessions('ada', { except: laptopId }), 1); // "sign out my other devices"
  const laptopRecord = await held.raw.get(`session:${laptopId}`); // as another location still holds it
  assert.ok(laptopRecord);
  clock.now += 6_000; // past the 5 s cache

  held.holding = true;
  const laptopRead = storage.getSession(laptop); // a request of the laptop: its lookup reads the first mark, late
  await held.entered;
  held.holding = false;
  clock.now += 1;
  await storage.revokeUserSessions('ada'); // the laptop was stolen: "sign out everywhere"
  held.release();
  assert.equal((await laptopRead).get('userId'), undefined, 'that request reads it signed out');
  assert.equal((await storage.getSession(phone)).get('userId'), undefined);

  await held.raw.put(`session:${laptopId}`, laptopRecord); // a racing commit from another location writes it back
  return { storage, laptop, kv: held.raw, options };
}

describe('a stale lookup across "sign out everywhere" (Workers KV storage)', () => {
  it('the device an earlier revocation kept is not taken for kept by the later one', async () => {
    const { storage, laptop } = await staleLookupAcrossSignOutEverywhere();
    assert.equal((await storage.getSession(laptop)).get('userId'), undefined, 'the stolen laptop is signed in again');
  });

  it('and once its request commits, it stays signed in everywhere, for good', async () => {
    const { storage, laptop, kv, options } = await staleLookupAcrossSignOutEverywhere();
    const session = await storage.getSession(laptop);
    session.set('seen', true);
    const written = pairOf(await storage.commitSession(session));
    clock.now += 60_000;
    const elsewhere = createWorkersKVSessionStorage({ ...options, kv }); // another isolate, a minute later
    assert.equal((await elsewhere.getSession(written)).get('userId'), undefined, 'the stolen laptop outlived "sign out everywhere"');
  });
});

describe('a lookup in flight across this isolate\'s own revocation with except (cookie storage, revocation: { kv })', () => {
  it('another tab of the kept device, read after the revocation, writes no anonymous cookie', async () => {
    clock.newDay();
    const held = heldKV();
    const storage = createCookieSessionStorage({ cookie: { secrets: ['s3cr3t'], maxAge: 3600 }, userKey: 'userId', revocation: { kv: held.kv } });
    const signIn = withSession(storage, (request, { session }) => {
      session.set('userId', 'ada');
      return new Response('in');
    });
    const visit = withSession(storage, (request, { session }) => {
      session.set('visits', (session.get('visits') ?? 0) + 1);
      return new Response(String(session.get('userId')));
    });
    const revokeOthers = withSession(storage, async (request, { session }) =>
      Response.json({ ended: await storage.revokeUserSessions('ada', { except: session }) }),
    );
    const laptop = cookiesOf(await signIn(get()));
    const phone = cookiesOf(await signIn(get()));

    held.holding = true;
    const phoneRead = storage.getSession(phone); // its lookup reads "no mark", and answers late
    await held.entered;
    held.holding = false;
    const revoked = await revokeOthers(get(laptop));
    assert.deepEqual(await revoked.json(), { ended: 1 });
    const kept = cookiesOf(revoked);
    held.release();
    assert.equal((await phoneRead).get('userId'), undefined, 'the phone is signed out');

    const tab = await visit(get(laptop)); // another tab of the laptop, its request left before the kept cookie came
    assert.equal(await tab.clone().text(), 'undefined', 'the old cookie is void');
    assert.deepEqual(tab.headers.getSetCookie(), [], 'its anonymous cookie would replace the kept one');
    assert.equal((await storage.getSession(kept)).get('userId'), 'ada');
  });
});
