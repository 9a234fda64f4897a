// The memory storage serves long-running single-process servers: sessions whose browsers never come back (bots,
// closed tabs) must not hold memory once expired, nor their users' indexes; a request under way still renews the
// session it read. Heap sizes are compared in a fresh node with --expose-gc.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createMemorySessionStorage } from 'edge-session';
import { LATE_COMMIT_GRACE_MS } from '../../js/lifetime.js';
import { emptyUserIndex, registerInIndex, revokeInIndex, sweepIndex } from '../../js/user-index.js';
import { cookiePair } from './support.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** What `body` prints, run as a module in a fresh node with --expose-gc, a movable clock and `heap()`. */
async function measured(body) {
  const source = `
    import { createMemorySessionStorage } from 'edge-session';
    const realNow = Date.now;
    let offset = 0;
    Date.now = () => realNow() + offset;
    const later = (ms) => void (offset += ms);
    const heap = () => (globalThis.gc(), globalThis.gc(), process.memoryUsage().heapUsed);
    async function visit(storage, values) {
      const session = await storage.getSession(null);
      for (const [key, value] of Object.entries(values)) session.set(key, value);
      return storage.commitSession(session);
    }
    ${body}
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--input-type=module', '--eval', source], { cwd: root });
  return JSON.parse(stdout);
}

it('frees expired records nobody reads again as other sessions are written; regression (review): they were dropped only when read, so 400 expired 50 KB sessions held 20 MB for good', async () => {
  const { grew, left, listed } = await measured(`
    const storage = createMemorySessionStorage({ cookie: { secrets: ['s3cr3t'], maxAge: 60 }, userKey: 'userId' });
    await visit(storage, { n: 0 });
    const before = heap();
    const blob = 'x'.repeat(50_000);
    for (let i = 0; i < 400; i++) await visit(storage, { blob: blob + i, userId: 'user' + i });
    const full = heap();
    later(3_600_000); // an hour on, every one has expired, and no browser comes back
    for (let i = 0; i < 400; i++) await visit(storage, { n: i }); // while traffic goes on
    console.log(JSON.stringify({ grew: full - before, left: heap() - before, listed: (await storage.listUserSessions('user1')).length }));
  `);
  assert.ok(grew > 15_000_000, `the 400 sessions took ${grew} bytes`); // the measure sees them
  assert.ok(left < 5_000_000, `expired sessions still hold ${(left / 1e6).toFixed(1)} MB`);
  assert.equal(listed, 0);
});

it('frees the indexes of users who signed in once and wrote nothing more; regression (review): swept one per write, the new users\' indexes kept the sweep from reaching the old ones', async () => {
  const { grew } = await measured(`
    const storage = createMemorySessionStorage({ cookie: { secrets: ['s3cr3t'], maxAge: 1 }, userKey: 'userId' });
    const round = async (tag) => {
      for (let i = 0; i < 15_000; i++) await visit(storage, { userId: tag + '-' + i + '-' + 'x'.repeat(200) });
      offset += 120_000; // every one expires, and its grace passes
    };
    await round('warm');
    await round('w2');
    const before = heap();
    for (let k = 0; k < 3; k++) await round('r' + k);
    console.log(JSON.stringify({ grew: heap() - before }));
  `);
  assert.ok(grew < 8_000_000, `45,000 expired users grew the heap by ${(grew / 1e6).toFixed(1)} MB`);
});

// An index is kept while it holds something (js/memory-storage.js; README: users who sign in and out leave none), so
// listing a user it knows nothing of (an admin's page, a typo) holds no memory. Mutation pass (s46): the storage
// keeping every index it was asked about, empty or not, went unnoticed; only a write's sweep (two indexes per write)
// dropped them, and listings write nothing: 20,000 of them held 9 MB.
it('listing users it knows nothing of leaves no index behind: an index is kept while it holds something', async () => {
  const { grew, listed } = await measured(`
    const storage = createMemorySessionStorage({ cookie: { secrets: ['s3cr3t'], maxAge: 60 }, userKey: 'userId' });
    await visit(storage, { userId: 'ada' });
    const before = heap();
    for (let i = 0; i < 20_000; i++) await storage.listUserSessions('nobody-' + i + '-' + 'x'.repeat(200));
    console.log(JSON.stringify({ grew: heap() - before, listed: (await storage.listUserSessions('ada')).length }));
  `);
  assert.equal(listed, 1);
  assert.ok(grew < 1_000_000, `20,000 listings of unknown users grew the heap by ${(grew / 1e6).toFixed(1)} MB`);
});

it('sweeps a user\'s index once its sessions expired, but not while it holds a revocation mark; regression (review): the memory storage kept an index for every user ever seen', () => {
  const now = Date.parse('2026-12-01T00:00:00Z');
  const index = emptyUserIndex();
  registerInIndex(index, 'a'.repeat(32), { signedIn: now, signingIn: true, expiresAt: now + 60_000, now });
  assert.equal(sweepIndex(index, now + 30_000), false, 'a live session');
  assert.equal(sweepIndex(index, now + 60_000), false, 'just expired: a request that read it alive may still commit it');
  assert.equal(sweepIndex(index, now + 60_000 + LATE_COMMIT_GRACE_MS), true, 'nothing left');
  const revoked = emptyUserIndex();
  revokeInIndex(revoked, undefined, now, now);
  assert.equal(sweepIndex(revoked, now + 3_600_000), false, 'its mark still refuses sessions signed in before it');
});

it('renews a session a request read just before it expired, whatever other visitors write meanwhile; regression (review): the sweep dropped its record at the expiry, and the request was answered with a logout', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-01T00:00:00Z') });
  const storage = createMemorySessionStorage({ cookie: { secrets: ['s3cr3t'] }, idleTimeout: 60 });
  const first = await storage.getSession(null);
  first.set('cart', [1]);
  const cookie = cookiePair(await storage.commitSession(first));
  t.mock.timers.tick(59_000); // back just before the idle timeout
  const inFlight = await storage.getSession(cookie);
  t.mock.timers.tick(3_000); // the request takes a few seconds: the record expires meanwhile
  for (let i = 0; i < 10; i++) {
    const other = await storage.getSession(null); // other visitors' writes sweep
    other.set('x', i);
    await storage.commitSession(other);
  }
  assert.equal((await storage.getSession(cookie)).get('cart'), undefined, 'an expired record is never served');
  inFlight.set('cart', [1, 2]);
  const renewed = cookiePair(await storage.commitSession(inFlight));
  assert.deepEqual((await storage.getSession(renewed)).get('cart'), [1, 2]);
});
