// A user's index object of the Durable Object storage (and of cookie sessions' `revocation: { namespace }`) holds
// nothing once the user holds nothing: no session, none still to end, no revocation mark. Issue 14: "expired and
// revoked sessions leave the index; an index never grows without bound". Regression (long-lived isolate pass): each
// user who ever signed in left `{ revokedAt: 0, sessions: {} }` stored in their object for good once signed out, and a
// user who never came back left every expired session's entry there, with no alarm to end them, as the file and
// memory storages' indexes no longer do.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import { LATE_COMMIT_GRACE_MS } from '../../js/lifetime.js';
import { CookieJar } from '../helpers/cookie-jar.js';
import { jsonOrText } from '../helpers/json-or-text.js';
import { startWorker } from '../helpers/start-worker.js';

let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./do-lifecycle-worker/wrangler.toml', import.meta.url)), logLevel: 'none' });
}, { timeout: 60_000 });
after(() => worker?.dispose());

let users = 0;
const newUser = (label) => `${label}-${process.pid}-${++users}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function ok(jar, store, action, query = {}, method = 'POST') {
  const url = new URL(`/${store}/${action}`, worker.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const { response } = await jar.fetch(url, { method });
  const body = await jsonOrText(response);
  assert.equal(response.status, 200, `${store}/${action}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}
/** What the user's index object stores: its keys, its alarm, and the index itself. */
async function userObject(user) {
  const id = `user:${createHash('sha256').update(user).digest('hex')}`;
  const stored = await ok(new CookieJar(), 'do', 'stored', { id }, 'GET');
  const index = await ok(new CookieJar(), 'do', 'index', { user }, 'GET');
  return { keys: stored.keys, alarm: stored.alarm, index };
}

it('a user who signed in and out leaves nothing stored in their index object (Durable Object sessions, and cookie sessions revocable through it)', { timeout: 60_000 }, async () => {
  for (const store of ['do', 'cookie']) {
    const user = newUser(`in-and-out-${store}`);
    const devices = [new CookieJar(), new CookieJar()];
    for (const jar of devices) assert.equal((await ok(jar, store, 'login', { user })).user, user);
    assert.equal((await userObject(user)).keys, 1, `${store}: listed while signed in`);
    for (const jar of devices) assert.equal((await ok(jar, store, 'logout')).user, null);
    assert.deepEqual(await userObject(user), { keys: 0, alarm: null, index: null }, `${store}: the object holds nothing`);
  }
});

it("the index object of a user who never returns is emptied once their sessions expired; a revocation mark alone stays", { timeout: 120_000 }, async () => {
  const gone = newUser('gone');
  const marked = newUser('marked');
  for (let i = 0; i < 3; i++) await ok(new CookieJar(), 'short', 'login', { user: gone }); // maxAge: 2 s, never seen again
  await ok(new CookieJar(), 'short', 'login', { user: marked });
  await ok(new CookieJar(), 'short', 'revoke', { user: marked });
  await ok(new CookieJar(), 'short', 'login', { user: marked });

  const before = await userObject(gone);
  const ends = Object.values(before.index.sessions).map((entry) => entry.expiresAt);
  assert.equal(ends.length, 3);
  // Set at the first sign-in's end; that sweep sets the next, for the entries still there.
  assert.equal(before.alarm, Math.min(...ends) + LATE_COMMIT_GRACE_MS, 'an alarm set for when the entries may go');

  await sleep(Math.max(...ends) + LATE_COMMIT_GRACE_MS + 3000 - Date.now());
  assert.deepEqual(await userObject(gone), { keys: 0, alarm: null, index: null }, 'nothing left of the user who never returned');
  const kept = await userObject(marked);
  assert.equal(kept.keys, 1);
  assert.equal(kept.alarm, null);
  assert.ok(kept.index.revokedAt > 0, 'the mark is kept for good: it voids sessions no index lists');
  assert.deepEqual(kept.index.sessions, {}, 'its expired sessions left');
});
