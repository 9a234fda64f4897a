// Server-side storages (Workers KV, createSessionStorage's callbacks) with userKey. A request reads alice's
// session, switches it to bob, the commit is refused (a store write that throws once) after bob's sign-in was
// stamped into the session's own sign-in time, and the handler sets alice back and commits. Regression (review):
// the user being the one read, that stamp was kept, and the record written as alice signed in at bob's (newer)
// stamp: (1) a revocation of alice made in another isolate after the read, before that stamp, whose record this
// commit writes back, did not void it (README: a written-back record's sign-in is older than the mark, so it reads
// as fresh), and it was listed; (2) on KV her listing's createdAt was bob's stamp, not her sign-in. The cookie
// version: refused-switch-then-back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mapKV } from './map-kv.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { handClock } from '../helpers/hand-clock.js';
import { isolatesForTests } from '../helpers/isolate-copies.js';
import { pairOf, signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const clock = handClock();
const copies = isolatesForTests(2);

/** Makes the next call of `obj[method]` throw (a store's write failing once: a network error). */
function failOnce(obj, method) {
  const real = obj[method];
  obj[method] = async function () {
    obj[method] = real;
    throw new Error(`${method} failed once`);
  };
}

const KINDS = {
  'Workers KV': {
    make: () => {
      const kv = mapKV();
      const storages = copies.isolates.map(({ createWorkersKVSessionStorage }) => createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' }));
      return { storages, failNextWrite: () => failOnce(kv, 'put') };
    },
  },
  'createSessionStorage callbacks': {
    make: () => {
      const callbacks = callbacksOf(mapBackend());
      let fail = false; // the next createData or updateData throws
      const failing = (write) => async (...args) => {
        if (!fail) return write(...args);
        fail = false;
        throw new Error('write failed once');
      };
      const writes = { createData: failing(callbacks.createData), updateData: failing(callbacks.updateData) };
      const storages = copies.isolates.map(({ createSessionStorage }) => createSessionStorage({ cookie, ...callbacks, ...writes, userKey: 'userId' }));
      return { storages, failNextWrite: () => (fail = true) };
    },
  },
};

/**
 * Alice signs in through A; 1 s later A reads her session; `between` runs (B's revocation); A switches it to bob, and
 * that commit fails; A sets alice back and commits: the cookie that commit sets.
 */
async function refusedSwitchThenBack({ storages: [A], failNextWrite }, between, refuse = true, to = 'bob') {
  const laptop = await signIn(A, 'alice');
  clock.now += 1_000;
  const session = await A.getSession(laptop);
  await between();
  clock.now += 1;
  if (to === undefined) session.unset('userId');
  else session.set('userId', to);
  if (refuse) {
    failNextWrite();
    await assert.rejects(A.commitSession(session));
  }
  session.set('userId', 'alice');
  return pairOf(await A.commitSession(session));
}

describe('server-side: a switch of user refused (a write failed), then the user read set back', () => {
  for (const [name, kind] of Object.entries(KINDS)) {
    for (const refuse of [true, false]) {
      const label = refuse ? '' : ' (control: no refused commit)';
      it(`${name}: a revocation of alice in another isolate after the read voids the record written back${label}`, async () => {
        clock.newDay();
        const pair = kind.make();
        const [A, B] = pair.storages;
        const written = await refusedSwitchThenBack(pair, async () => {
          clock.now += 1;
          await B.revokeUserSessions('alice'); // "sign out everywhere", from the other isolate
        }, refuse);
        assert.equal((await B.getSession(written)).get('userId'), undefined, 'the revoked session is signed in (isolate B)');
        clock.now += 6_000; // past A's 5 s cache
        assert.equal((await A.getSession(written)).get('userId'), undefined, 'the revoked session is signed in (isolate A)');
        assert.deepEqual(await B.listUserSessions('alice'), [], 'the revoked session is listed');
      });
    }
  }

  for (const [name, kind] of Object.entries(KINDS)) {
    it(`${name}: the same after a refused sign-out (unset), then alice set back`, async () => {
      clock.newDay();
      const pair = kind.make();
      const [A, B] = pair.storages;
      const written = await refusedSwitchThenBack(pair, async () => {
        clock.now += 1;
        await B.revokeUserSessions('alice');
      }, true, undefined);
      assert.equal((await B.getSession(written)).get('userId'), undefined, 'the revoked session is signed in (isolate B)');
      clock.now += 6_000;
      assert.equal((await A.getSession(written)).get('userId'), undefined, 'the revoked session is signed in (isolate A)');
    });
  }

  for (const refuse of [true, false]) {
    const label = refuse ? '' : ' (control: no refused commit)';
    it(`Workers KV: listUserSessions' createdAt stays alice's sign-in${label}`, async () => {
      clock.newDay();
      const pair = KINDS['Workers KV'].make();
      const signedInAt = clock.now;
      await refusedSwitchThenBack(pair, async () => {}, refuse);
      const listed = await pair.storages[0].listUserSessions('alice');
      assert.equal(listed.length, 1);
      assert.equal(listed[0].createdAt, signedInAt, 'createdAt is not her sign-in');
    });
  }

  // The fix's care: a sign-in time a revocation's `except` gave the session after its read is kept, not put back.
  for (const [name, kind] of Object.entries(KINDS)) {
    for (const to of ['bob', undefined, null]) {
      const what = to === null ? 'no refused commit (control)' : `a refused ${to ? 'switch' : 'sign-out'} and back`;
      it(`${name}: kept by "sign out of my other devices", then ${what}: still signed in, as signed in then`, async () => {
        clock.newDay();
        const pair = kind.make();
        const [A, B] = pair.storages;
        const phone = await signIn(A, 'alice');
        clock.now += 1_000;
        const kept = await A.getSession(phone);
        clock.now += 1;
        const revokedAt = clock.now;
        await A.revokeUserSessions('alice', { except: kept }); // kept: signed in anew at revokedAt
        clock.now += 1;
        if (to !== null) {
          if (to === undefined) kept.unset('userId');
          else kept.set('userId', to);
          pair.failNextWrite();
          await assert.rejects(A.commitSession(kept));
          kept.set('userId', 'alice');
        }
        const keptCookie = pairOf(await A.commitSession(kept));
        assert.equal((await A.getSession(keptCookie)).get('userId'), 'alice', 'the kept device is signed out');
        assert.equal((await B.getSession(keptCookie)).get('userId'), 'alice', 'the kept device is signed out (isolate B)');
        const listed = await A.listUserSessions('alice');
        assert.equal(listed.length, 1);
        // KV lists a session as signed in when its record says (the kept one: at the revocation); the callbacks'
        // index keeps the first sign-in.
        assert.equal(listed[0].createdAt, name === 'Workers KV' ? revokedAt : revokedAt - 1_001, 'createdAt');
      });
    }
  }
});
