// Workers KV as deployed: two locations, each reading the namespace through its own cache (values and misses kept
// up to KV_STALE_MS, 60 s deployed; 3 s here), one write per key per second (tests/workerd/kv-locations-worker).
// README (Signing out everywhere, Workers KV): a revocation reaches other locations "within about 60 s", and a
// session a racing write puts back "reads as a fresh session" once the mark is seen: nothing revoked stays alive
// past that bound.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startWorker } from '../helpers/start-worker.js';

const STALE_MS = 3000;
/** Location C's: longer than the isolate's 5 s cache of revocations, as deployed KV's 60 s is. */
const STALE_MS_C = 12_000;
/** Past every cache: the location's KV cache, then the isolate's 5 s cache of the user's revocation mark. */
const PAST_THE_BOUND_MS = STALE_MS + 5000 + 1000;

let worker;
before(async () => {
  worker = await startWorker({
    config: fileURLToPath(new URL('./kv-locations-worker/wrangler.toml', import.meta.url)),
    vars: { KV_STALE_MS: String(STALE_MS), KV_STALE_MS_C: String(STALE_MS_C) },
  });
}, { timeout: 60_000 });
after(() => worker?.dispose());

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function at(location, action, cookie, params = {}) {
  // workerd's own socket: wrangler's dev proxy fails a POST now and then under load with its own 503 (workers-sdk#14641).
  const url = new URL(`/${location}/${action}`, worker.directUrl);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const res = await fetch(url, { method: 'POST', headers: cookie ? { Cookie: cookie } : {} });
  assert.equal(res.status, 200, `${location}/${action}: ${res.status} ${await res.clone().text()}`);
  return res.json();
}

it('KV: "sign out of my other devices" + regenerateId(true) at A; a stolen copy of the old cookie writing at B within the window is ended once the mark is seen', { timeout: 60_000 }, async () => {
  const user = `u-${crypto.randomUUID()}`;
  const { cookie: device } = await at('A', 'sign-in', null, { user });
  // The thief uses the copy at B: B's cache now holds the record, and no mark for the user.
  assert.equal((await at('B', 'touch', device)).user, user);
  await sleep(1100);
  // The owner changes the password at A (the example's flow): others revoked, this device gets a new ID.
  const rotated = await at('A', 'sign-out-others', device);
  assert.equal(rotated.user, user);
  await sleep(1100);
  // Within KV's propagation B still serves the old record: the thief's page view writes it back (documented).
  await at('B', 'touch', device);
  await sleep(PAST_THE_BOUND_MS);
  // Past the bound, the copy must read as a fresh session everywhere; the owner's device stays signed in.
  assert.equal((await at('A', 'whoami', rotated.cookie)).user, user, 'the owner\'s rotated device is signed in');
  const listed = (await at('A', 'list', rotated.cookie, { user })).sessions;
  const copyAlive = (await at('B', 'whoami', device)).user !== null;
  // A session alive is one the owner can see (README: listUserSessions), to sign it out.
  assert.ok(!copyAlive || listed.length === 2, `the copy is alive but listUserSessions shows ${JSON.stringify(listed)}`);
  assert.equal((await at('B', 'whoami', device)).user, null, 'the stolen copy at B');
  assert.equal((await at('A', 'whoami', device)).user, null, 'the stolen copy at A');
});

// Regression (s44 user-sessions pass): a copy read after the kept session's own commit is signed in at the mark's
// time, which `signedIn < at` never voids; once the device left that ID, the mark names it and voids that copy too.
it('KV: a stolen copy of the kept cookie read at B after "sign out of my other devices", written back after the device\'s later regenerateId(true) at A, is ended past the bound', { timeout: 60_000 }, async () => {
  const user = `u-${crypto.randomUUID()}`;
  const { cookie: device } = await at('A', 'sign-in', null, { user });
  await sleep(1100);
  const kept = await at('A', 'sign-out-others', device, { rotate: 'no' }); // the kept record: signed in at the mark's time
  assert.equal(kept.user, user);
  await sleep(1100);
  assert.equal((await at('B', 'touch', device)).user, user); // the thief at B: a copy of that record, the exception cached
  await sleep(1100);
  const rotated = await at('A', 'rotate', device); // the device's next request moves it: the exception ends
  assert.equal(rotated.user, user);
  await sleep(1100);
  await at('B', 'touch', device); // within B's caches: the old record written back
  await sleep(PAST_THE_BOUND_MS);
  assert.equal((await at('B', 'whoami', device)).user, null, 'the stolen copy at B');
  assert.equal((await at('A', 'whoami', device)).user, null, 'the stolen copy at A');
  assert.equal((await at('A', 'whoami', rotated.cookie)).user, user, 'the owner\'s rotated device is signed in');
  assert.equal((await at('A', 'list', rotated.cookie, { user })).sessions.length, 1);
});

// Regression (s46): a copy of the kept cookie read at B after the kept commit, while B's isolate still knew of no
// revocation, that moved its own ID (regenerateId(true)) after the device had moved at A: its new ID, signed in at
// the mark's time and neither the ID excepted nor the one left, stayed signed in for good. A second move from the
// kept ID ends every session signed in at the mark's time, the device's new ID too (README, Choices).
it('KV: a copy of the kept cookie that moves its own ID at B after the device moved at A is ended past the bound, failing closed', { timeout: 60_000 }, async () => {
  const user = `u-${crypto.randomUUID()}`;
  const { cookie: device } = await at('A', 'sign-in', null, { user });
  await sleep(1100);
  assert.equal((await at('B', 'whoami', device)).user, user); // B's isolate caches "no mark" for 5 s, its location the record for 3 s
  assert.equal((await at('A', 'sign-out-others', device, { rotate: 'no' })).user, user); // the kept record: signed in at the mark's time
  await sleep(STALE_MS + 200); // B's location's copy of the record lapsed; B's isolate still knows of no revocation
  assert.equal((await at('B', 'whoami', device)).user, user); // the thief reads the kept record there
  const rotated = await at('A', 'rotate', device); // the device moves: the exception ends
  assert.equal(rotated.user, user);
  const stolen = await at('B', 'rotate', device); // within B's 5 s the copy is signed in, and moves
  await sleep(PAST_THE_BOUND_MS);
  assert.equal((await at('B', 'whoami', stolen.cookie)).user, null, "the copy's new ID at B");
  assert.equal((await at('A', 'whoami', stolen.cookie)).user, null, "the copy's new ID at A");
  // Only when the copy's move was made signed in (a loaded machine can take B past its 5 s first, where the copy
  // already reads as signed out and nothing moves) was the kept ID left twice, which ends the device's new ID too.
  if (stolen.user === user) {
    assert.equal((await at('A', 'whoami', rotated.cookie)).user, null, "the device's new ID, failing closed");
    assert.deepEqual((await at('A', 'list', rotated.cookie, { user })).sessions, []);
  }
});

it('KV: a revoked device whose stale record is written back at B within the window reads as fresh past the bound (README holds)', { timeout: 60_000 }, async () => {
  const user = `u-${crypto.randomUUID()}`;
  const { cookie: owner } = await at('A', 'sign-in', null, { user });
  const { cookie: other } = await at('B', 'sign-in', null, { user });
  assert.equal((await at('B', 'touch', other)).user, user);
  await sleep(1100);
  const { ended } = await at('A', 'sign-out-others', owner, { rotate: 'no' });
  assert.ok(ended <= 1);
  await sleep(1100);
  await at('B', 'touch', other); // stale at B: written back
  await sleep(PAST_THE_BOUND_MS);
  assert.equal((await at('B', 'whoami', other)).user, null);
  assert.equal((await at('A', 'whoami', other)).user, null);
  assert.equal((await at('A', 'whoami', owner)).user, user);
  assert.deepEqual((await at('A', 'list', owner, { user })).sessions.map((s) => s.current ?? false), [true]);
});


// Regression (review): README said "within the 5 s cache" (Security model) and "≤ 5 s per isolate" (Limits) for
// every cookie storage with revocation; with { kv } a location serves the cookie as long as KV's cache keeps the
// user's old mark (or its absence), then the isolate's 5 s.
it('cookie sessions with revocation: { kv }: a revoked cookie is served past 5 s where KV\'s cache is older, and void past that cache and the isolate\'s', { timeout: 60_000 }, async () => {
  const user = `u-${crypto.randomUUID()}`;
  const { cookie: device } = await at('A', 'sign-in', null, { user, store: 'cookie' });
  assert.equal((await at('C', 'whoami', device, { store: 'cookie' })).user, user); // C looks the user's mark up: none
  await sleep(1100);
  await at('A', 'sign-out-all', null, { user, store: 'cookie' });
  await sleep(5000 + 1000);
  const servedAfter6s = (await at('C', 'whoami', device, { store: 'cookie' })).user;
  await sleep(STALE_MS_C);
  assert.equal((await at('C', 'whoami', device, { store: 'cookie' })).user, null, 'past KV\'s cache and the isolate\'s: void');
  assert.equal(servedAfter6s, user, 'served past the 5 s cache while KV\'s cache at C holds no mark (README: ~65 s with { kv })');
});

// Regression (adversarial pass): the kept session's exception followed it by a read-modify-write of the user's mark.
// At a location whose cache still serves an older revocation's mark (C here), that older `at` written back replaced
// a "sign out of all devices" made meanwhile at another location, globally. The exception now ends through a key of
// its own (`revoked:<hash>:left`), and the mark is never written back.
it('KV: "sign out of all devices" at B is not undone by the kept device\'s regenerateId(true) at a stale location', { timeout: 90_000 }, async () => {
  const user = `u-${crypto.randomUUID()}`;
  const { cookie: device } = await at('C', 'sign-in', null, { user });
  // "Sign out of my other devices" at C, this device kept (the mark: { at: T1, exceptId: <device's ID> }).
  await at('C', 'sign-out-others', device, { rotate: 'no' });
  await sleep(1100);
  // Later, from another device at B: "sign out of all devices" (the mark: { at: T2 }), the device's record deleted.
  await at('B', 'sign-out-all', null, { user });
  await sleep(1100);
  // Within KV's propagation, C still serves the old record and the old mark: the device's page view rotates its ID
  // (a racing write, as documented). Its new record is signed in at T1, before T2.
  const rotated = await at('C', 'rotate', device);
  assert.equal(rotated.user, user, 'served from C\'s stale cache (documented)');
  await sleep(STALE_MS_C + 5000 + 1000);
  assert.equal((await at('B', 'whoami', rotated.cookie)).user, null, 'past the bound at B: "sign out of all devices" ended it');
  assert.equal((await at('C', 'whoami', rotated.cookie)).user, null, 'past the bound at C');
  assert.equal((await at('A', 'whoami', rotated.cookie)).user, null, 'past the bound at A, which saw neither revocation before');
});

// A new session's record is written without a look first: the look would cache a miss at the very location that
// reads the session next, and KV serves a cached miss over the location's own write until it lapses (60 s
// deployed). Regression (KV docs, "How KV works"): create looked before it wrote, for an ID of 128 random bits.
it('KV: a sign-in at A is seen by A\'s next request, and by the one after', { timeout: 30_000 }, async () => {
  const { cookie } = await at('A', 'sign-in', null, { user: 'grace' });
  assert.equal((await at('A', 'whoami', cookie)).user, 'grace', 'signed in at once where the sign-in was made');
  const touched = await at('A', 'touch', cookie);
  assert.equal(touched.user, 'grace');
  assert.equal((await at('A', 'whoami', touched.cookie || cookie)).n, 1);
});
