// A request that read a session alive just before its idle timeout commits within the grace (late-commit.test.js)
// only while no revocation ended it: "sign out everywhere" made between its expiry and that commit takes the expired
// entry off the index too, and the commit is refused. Mutation pass (s44): a revocation taking off live entries only
// went unnoticed; the late commit then renewed the session past the user's "sign out everywhere".
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage } from 'edge-session';
import { createFileSessionStorage } from '../../js/index.node.js';
import { cookiePair } from './support.js';
import { tempDir } from '../helpers/temp-dir.js';

for (const [kind, make] of [
  ['memory', (options) => createMemorySessionStorage(options)],
  ['file', (options) => createFileSessionStorage({ ...options, dir: tempDir('edge-session-late-revoked-') })],
]) {
  it(`${kind}: a late commit of a session a revocation ended after its expiry is refused`, async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-01T00:00:00Z') });
    const storage = make({ cookie: { secrets: ['s3cr3t'] }, idleTimeout: 60, userKey: 'userId' });
    const first = await storage.getSession(null);
    first.set('userId', 'ada');
    const cookie = cookiePair(await storage.commitSession(first));
    t.mock.timers.tick(59_000); // back just before the idle timeout
    const inFlight = await storage.getSession(cookie);
    assert.equal(inFlight.get('userId'), 'ada');
    t.mock.timers.tick(2_000); // expired, within the grace
    assert.equal(await storage.revokeUserSessions('ada'), 0, 'an expired session is not counted');
    t.mock.timers.tick(1_000);
    inFlight.set('cart', [1]);
    assert.match(await storage.commitSession(inFlight), /Max-Age=0/, 'the late commit is refused');
    assert.deepEqual(await storage.listUserSessions('ada'), []);
    assert.equal((await storage.getSession(cookie)).get('userId'), undefined);
  });
}
