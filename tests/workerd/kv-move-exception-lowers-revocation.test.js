// Workers KV as deployed (two locations, each reading through its own cache; tests/workerd/kv-locations-worker).
// The kept session's exception follows it when it leaves its ID (moveException, 3e6260f/913f274): a read-modify-write
// of the user's revocation mark. At location A, the mark it reads (and the one its isolate knows) may still be an
// older revocation's for up to KV's cache time; written back with that older `at`, it replaces a "sign out of all
// devices" made meanwhile at location B, globally. README (Signing out everywhere, Workers KV): a session a racing
// write puts back reads as a fresh session once the mark is seen; nothing revoked stays alive past that bound.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startWorker } from '../helpers/start-worker.js';

const STALE_MS = 8000; // deployed KV: 60 s
const PAST_THE_BOUND_MS = STALE_MS + 5000 + 1000;

let worker;
before(async () => {
  worker = await startWorker({
    config: fileURLToPath(new URL('./kv-locations-worker/wrangler.toml', import.meta.url)),
    vars: { KV_STALE_MS: String(STALE_MS), KV_STALE_MS_C: String(STALE_MS) },
  });
}, { timeout: 60_000 });
after(() => worker?.dispose());

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function at(location, action, cookie, params = {}) {
  const url = new URL(`/${location}/${action}`, worker.url);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const res = await fetch(url, { method: 'POST', headers: cookie ? { Cookie: cookie } : {} });
  assert.equal(res.status, 200, `${location}/${action}: ${res.status} ${await res.clone().text()}`);
  return res.json();
}

it('KV: "sign out of all devices" at B is not undone by the kept device\'s regenerateId(true) at A within the window', { timeout: 60_000 }, async () => {
  const user = `u-${crypto.randomUUID()}`;
  const { cookie: device } = await at('A', 'sign-in', null, { user });
  // "Sign out of my other devices" at A, this device kept (the mark: { at: T1, exceptId: <device's ID> }).
  await at('A', 'sign-out-others', device, { rotate: 'no' });
  await sleep(1100);
  // Later, from another device at B: "sign out of all devices" (the mark: { at: T2 }), the device's record deleted.
  await at('B', 'sign-out-all', null, { user });
  await sleep(1100);
  // Within KV's propagation, A still serves the old record and the old mark: the device's page view rotates its ID
  // (a racing write, as documented). Its new record is signed in at T1, before T2.
  const rotated = await at('A', 'rotate', device);
  assert.equal(rotated.user, user, 'served from A\'s stale cache (documented)');
  await sleep(PAST_THE_BOUND_MS);
  assert.equal((await at('B', 'whoami', rotated.cookie)).user, null, 'past the bound at B: "sign out of all devices" ended it');
  assert.equal((await at('A', 'whoami', rotated.cookie)).user, null, 'past the bound at A');
  assert.equal((await at('C', 'whoami', rotated.cookie)).user, null, 'past the bound at C, which saw neither revocation before');
});
