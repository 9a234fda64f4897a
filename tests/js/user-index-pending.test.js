// A user's index keeps the sessions a revocation or an eviction took off it as still to be ended until the store
// says they are (js/user-index.js `pending`): a revoke() of a Durable Object, or a file delete, that failed is made
// by the user's next revocation or sign-in. Durable Objects in workerd: tests/workerd/durable-object-faults.test.js.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { createSessionStorage } from 'edge-session';
import { createFileSessionStorage } from '../../js/index.node.js';
import { LATE_COMMIT_GRACE_MS } from '../../js/lifetime.js';
import { emptyUserIndex, indexedUserStore, listIndex, registerInIndex, revokeInIndex, settleEnded, sweepIndex, unregisterFromIndex } from '../../js/user-index.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { cookiePair } from './support.js';
import { tempDir } from '../helpers/temp-dir.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const id = (n) => n.toString(16).padStart(32, '0');
const signIn = (index, n) => registerInIndex(index, id(n), { signedIn: NOW + n, signingIn: true, expiresAt: null, now: NOW + n });

/** Makes fs/promises' unlink fail with EIO for the file of the ID set as `.failing` on what it returns, until the test ends. */
function failingUnlink(t) {
  const { unlink } = fsp;
  const control = { failing: undefined };
  fsp.unlink = async (path, ...rest) => {
    if (control.failing && String(path).endsWith(`${control.failing}.json`)) throw Object.assign(new Error('EIO: i/o error, unlink'), { code: 'EIO' });
    return unlink(path, ...rest);
  };
  syncBuiltinESMExports();
  t.after(() => {
    fsp.unlink = unlink;
    syncBuiltinESMExports();
  });
  return control;
}

it('hands the sessions a revocation ended back with the next revocation and sign-in until they are settled', () => {
  const index = emptyUserIndex();
  signIn(index, 1);
  signIn(index, 2);
  assert.deepEqual(revokeInIndex(index, undefined, NOW + 10, NOW + 10).ended.sort(), [id(1), id(2)]);
  // The store ended only the first (the second's failed): the next sign-in and revocation hand the second back.
  settleEnded(index, [id(1)]);
  assert.deepEqual(signIn(index, 20).evicted, [id(2)]);
  assert.deepEqual(revokeInIndex(index, id(20), NOW + 30, NOW + 30), { ended: [id(2)], count: 0 });
  assert.equal(sweepIndex(index, NOW + 30), false);
  settleEnded(index, [id(2)]);
  assert.equal(index.pending, undefined);
});

it('a store whose ending fails once ends those sessions at the next revocation; regression (review): they were forgotten, alive', async () => {
  const indexes = new Map();
  const alive = new Set();
  let failNext = true;
  const users = indexedUserStore(
    async (userId, change) => {
      const index = indexes.get(userId) ?? emptyUserIndex();
      const result = change(index);
      indexes.set(userId, index);
      return result;
    },
    async (ids) => {
      if (failNext) {
        failNext = false;
        throw new Error('EIO');
      }
      for (const ended of ids) alive.delete(ended);
    },
  );
  for (const n of [1, 2]) {
    alive.add(id(n));
    assert.notEqual(await users.register('ada', id(n), { signedIn: NOW + n, signingIn: true, expiresAt: null, now: NOW + n }), false);
  }
  await assert.rejects(users.revoke('ada', undefined, NOW + 10), /EIO/);
  assert.equal(await users.revoke('ada', undefined, NOW + 20), 0, 'nothing listed is left to count');
  assert.deepEqual([...alive], [], 'both ended');
  assert.equal(indexes.get('ada').pending, undefined);
});

it('an ID left pending that a sign-in after the revocation lists again is no longer handed back to be ended; regression (review): it stayed pending, and the next sign-in elsewhere ended it', () => {
  const index = emptyUserIndex();
  signIn(index, 1);
  revokeInIndex(index, undefined, NOW + 10, NOW + 10); // and its end fails: pending
  const late = { signedIn: NOW + 1, signingIn: false, expiresAt: null, now: NOW + 11 };
  assert.deepEqual(registerInIndex(index, id(1), late), { ok: false, evicted: [id(1)] }, 'its own late commit: refused, still to be ended');
  // A sign-in under that ID after the revocation (its session signed out, then in again):
  assert.ok(registerInIndex(index, id(1), { signedIn: NOW + 20, signingIn: true, expiresAt: null, now: NOW + 20 }).ok);
  assert.equal(index.pending, undefined);
  assert.deepEqual(signIn(index, 30).evicted, [], 'handed back to be ended');
  assert.deepEqual(listIndex(index, NOW + 30).map((entry) => entry.id).sort(), [id(1), id(30)]);
});

it('file: a device signed in again under its ID after a revocation whose end of it failed is not signed out by another device\'s sign-in; regression (review)', async (t) => {
  const storage = createFileSessionStorage({ cookie: { secrets: ['s3cr3t'] }, dir: tempDir('es-pending-'), userKey: 'userId' });
  const unlinks = failingUnlink(t);
  const first = await storage.getSession(null);
  first.set('userId', 'ada');
  const cookie = cookiePair(await storage.commitSession(first));
  unlinks.failing = first.id;
  await assert.rejects(storage.revokeUserSessions('ada'), /EIO/); // its session left pending
  // The device signs out, then in again under the same ID (the app does not regenerate it).
  const out = await storage.getSession(cookie);
  out.unset('userId');
  await storage.commitSession(out);
  const again = await storage.getSession(cookie);
  again.set('userId', 'ada');
  await storage.commitSession(again);
  unlinks.failing = undefined;
  assert.equal(again.id, first.id);
  const other = await storage.getSession(null);
  other.set('userId', 'ada');
  await storage.commitSession(other);
  assert.equal((await storage.getSession(cookie)).get('userId'), 'ada', 'signed out');
  assert.deepEqual((await storage.listUserSessions('ada')).map((entry) => entry.id).sort(), [first.id, other.id].sort());
});

it('keeps pending every session whose end never succeeded, however many, and drops those expired; regression (review): pending was cut to its newest 200, and sessions still alive were forgotten', () => {
  const index = emptyUserIndex();
  let now = NOW;
  const first = [];
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 100; i++) {
      const n = round * 100 + i + 1;
      if (round === 0) first.push(id(n));
      registerInIndex(index, id(n), { signedIn: ++now, signingIn: true, expiresAt: now + 3_600_000, now });
    }
    now += 10;
    revokeInIndex(index, undefined, now, now); // and every end fails: nothing settled
  }
  assert.deepEqual(first.filter((pending) => !index.pending.includes(pending)), []);
  assert.equal(index.pending.length, 300);
  revokeInIndex(index, undefined, now + 3_600_000 + LATE_COMMIT_GRACE_MS + 1000, now + 3_600_000 + LATE_COMMIT_GRACE_MS + 1000);
  assert.equal(index.pending, undefined, 'expired sessions need no end');
});

for (const [what, second] of [
  ['in the same millisecond', (index) => registerInIndex(index, id(9), { signedIn: NOW - 1, signingIn: true, expiresAt: null, now: NOW })],
  ['later, with the first sign-in stamped ahead of the clock', (index) => registerInIndex(index, id(9), { signedIn: NOW + 40, signingIn: true, expiresAt: null, now: NOW + 40 })],
]) {
  it(`a failed commit's undo leaves the listing another commit made ${what}; regression (review): compared by lastSeenAt, it took it off`, () => {
    const index = emptyUserIndex();
    const first = registerInIndex(index, id(9), { signedIn: NOW + 100, signingIn: true, expiresAt: null, now: NOW });
    assert.ok(first.added);
    assert.equal(second(index).added, undefined, 'the second commit found it listed');
    unregisterFromIndex(index, id(9), first.added); // the first commit failed, and undoes its listing
    assert.deepEqual(listIndex(index, NOW + 40).map((entry) => entry.id), [id(9)]);
  });
}

it('a callback store\'s regenerateId(true) commit that fails part-way leaves no phantom listed; regression (review): its new ID stayed listed, the device\'s own session hidden', async () => {
  const backend = mapBackend();
  const callbacks = callbacksOf(backend);
  let failDeleteOf;
  const storage = createSessionStorage({
    cookie: { secrets: ['s3cr3t'] },
    ...callbacks,
    async deleteData(deleted) {
      if (deleted === failDeleteOf) throw new Error('backend down');
      return callbacks.deleteData(deleted);
    },
    userKey: 'userId',
  });
  const first = await storage.getSession(null);
  first.set('userId', 'ada');
  const cookie = (await storage.commitSession(first)).split(';')[0];
  const oldId = first.id;
  const session = await storage.getSession(cookie);
  session.regenerateId(true);
  failDeleteOf = oldId;
  await assert.rejects(storage.commitSession(session), /backend down/);
  failDeleteOf = undefined;
  assert.deepEqual([...backend.records.keys()].filter((key) => !key.startsWith('es:')), [oldId], 'only the old record');
  assert.deepEqual((await storage.listUserSessions('ada')).map((entry) => entry.id), [oldId], 'listed: the live session');
});

it('file: a sign-in past the 100 stands though the evicted session\'s file cannot be removed, and that session, still to end after every other device signed out, ends at the next revocation; regression (mutation pass): unpinned, the failed end could fail the sign-in, and an index holding only pending IDs could be removed with them', async (t) => {
  const storage = createFileSessionStorage({ cookie: { secrets: ['s3cr3t'] }, dir: tempDir('es-pending-'), userKey: 'userId' });
  const unlinks = failingUnlink(t);
  const { error } = console;
  t.after(() => {
    console.error = error;
  });
  const signIn = async () => {
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    return cookiePair(await storage.commitSession(session));
  };
  const userOf = async (cookie) => (await storage.getSession(cookie)).get('userId');
  const oldest = await signIn();
  const others = [];
  for (let i = 0; i < 99; i++) others.push(await signIn());
  unlinks.failing = (await storage.getSession(oldest)).id;
  console.error = () => {}; // the failed end is logged
  others.push(await signIn()); // the 101st evicts the least recently seen, whose file stays
  console.error = error;
  assert.equal(await userOf(others.at(-1)), 'ada', 'the sign-in stands');
  assert.equal((await storage.listUserSessions('ada')).length, 100);
  for (const cookie of others) await storage.destroySession(await storage.getSession(cookie));
  assert.deepEqual(await storage.listUserSessions('ada'), []);
  unlinks.failing = undefined;
  await storage.revokeUserSessions('ada');
  assert.equal(await userOf(oldest), undefined, 'the evicted device is signed out');
});
