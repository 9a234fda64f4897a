// A request that read a stored session alive, just before its idle timeout, and commits a few seconds after it
// (lifetime.js LATE_COMMIT_GRACE_MS): it renews the session, as it would its cookie, with or without userKey.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage } from 'edge-session';
import { createFileSessionStorage } from '../../js/index.node.js';
import { cookiePair } from './support.js';
import { tempDir } from '../helpers/temp-dir.js';

for (const [kind, make] of [
  ['memory', (options) => createMemorySessionStorage(options)],
  ['file', (options) => createFileSessionStorage({ ...options, dir: tempDir('edge-session-late-') })],
]) {
  for (const userKey of [undefined, 'userId']) {
    it(`${kind}${userKey ? ' with userKey' : ''}: a request that read the session just before its idle timeout renews it; regression (review): with userKey its index entry went at the expiry, and the commit was answered with a logout`, async (t) => {
      t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-01T00:00:00Z') });
      const storage = make({ cookie: { secrets: ['s3cr3t'] }, idleTimeout: 60, userKey });
      const first = await storage.getSession(null);
      first.set('userId', 'ada');
      first.set('cart', [1]);
      const cookie = cookiePair(await storage.commitSession(first));
      t.mock.timers.tick(59_000); // back just before the idle timeout
      const inFlight = await storage.getSession(cookie);
      assert.equal(inFlight.get('userId'), 'ada');
      t.mock.timers.tick(3_000); // the request takes a few seconds
      inFlight.set('cart', [1, 2]);
      const header = await storage.commitSession(inFlight);
      assert.doesNotMatch(header, /Max-Age=0/);
      assert.deepEqual((await storage.getSession(cookiePair(header))).get('cart'), [1, 2]);
      if (userKey) assert.equal((await storage.listUserSessions('ada')).length, 1);
    });

    it(`${kind}${userKey ? ' with userKey' : ''}: a late commit renews the session though the browser's other request read it after the expiry; regression (review): the file storage deleted the file at that read, and the commit was answered with a logout`, async (t) => {
      t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-01T00:00:00Z') });
      const storage = make({ cookie: { secrets: ['s3cr3t'] }, idleTimeout: 60, userKey });
      const first = await storage.getSession(null);
      first.set('userId', 'ada');
      const cookie = cookiePair(await storage.commitSession(first));
      t.mock.timers.tick(59_000);
      const inFlight = await storage.getSession(cookie);
      t.mock.timers.tick(3_000);
      const other = await storage.getSession(cookie);
      assert.equal(other.get('userId'), undefined, 'an expired session served');
      other.dispose();
      inFlight.set('cart', [1]);
      const header = await storage.commitSession(inFlight);
      assert.doesNotMatch(header, /Max-Age=0/);
      assert.equal((await storage.getSession(cookiePair(header))).get('userId'), 'ada');
    });
  }

  it(`${kind} with userKey: a session read alive and committed past the grace is not renewed`, async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-01T00:00:00Z') });
    const storage = make({ cookie: { secrets: ['s3cr3t'] }, idleTimeout: 60, userKey: 'userId' });
    const first = await storage.getSession(null);
    first.set('userId', 'ada');
    const cookie = cookiePair(await storage.commitSession(first));
    t.mock.timers.tick(59_000);
    const inFlight = await storage.getSession(cookie);
    t.mock.timers.tick(120_000); // a request far longer than any should take
    inFlight.set('cart', [1]);
    assert.match(await storage.commitSession(inFlight), /Max-Age=0/);
  });
}

// Whatever else prunes the user's index meanwhile (the memory storage's sweep on any write, the user's other
// device's commit, a listing), the late commit's entry is still there. Regression (review): only the committing
// call spared it, and any of these made the late commit a logout again.
const MEANWHILE = {
  'another visitor writes': async (storage) => {
    const other = await storage.getSession(null);
    other.set('x', 1);
    await storage.commitSession(other);
  },
  "the user's other device commits": async (storage, otherCookie) => {
    const other = await storage.getSession(otherCookie);
    other.set('n', 2);
    await storage.commitSession(other);
  },
  'the sessions are listed': async (storage) => {
    assert.equal((await storage.listUserSessions('ada')).length, 1, 'the expired session is not listed');
  },
};
for (const [kind, make] of [
  ['memory', (options) => createMemorySessionStorage(options)],
  ['file', (options) => createFileSessionStorage({ ...options, dir: tempDir('edge-session-late-') })],
]) {
  for (const [what, meanwhile] of Object.entries(MEANWHILE)) {
    it(`${kind}: a late commit within the grace renews the session when ${what} meanwhile`, async (t) => {
      t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-01T00:00:00Z') });
      const storage = make({ cookie: { secrets: ['s3cr3t'] }, idleTimeout: 60, userKey: 'userId' });
      const first = await storage.getSession(null);
      first.set('userId', 'ada');
      const cookie = cookiePair(await storage.commitSession(first));
      t.mock.timers.tick(30_000);
      const phone = await storage.getSession(null); // the user's other device, kept alive
      phone.set('userId', 'ada');
      const phoneCookie = cookiePair(await storage.commitSession(phone));
      t.mock.timers.tick(29_000); // back just before the idle timeout
      const inFlight = await storage.getSession(cookie);
      t.mock.timers.tick(2_000); // past the expiry, within the grace
      await meanwhile(storage, phoneCookie);
      t.mock.timers.tick(1_000);
      inFlight.set('cart', [1, 2]);
      assert.doesNotMatch(await storage.commitSession(inFlight), /Max-Age=0/);
    });
  }
}

