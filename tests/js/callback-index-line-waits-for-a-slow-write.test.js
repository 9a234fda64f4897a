// README (Your own backend): "an isolate's own changes of a user's index go one at a time, each waiting at most 5 s for
// the one before". A write of the index that takes a second and a half (a slow database, not a hung one) still holds
// the next change until it lands, so neither sign-in loses its entry. Mutation pass (s50): the wait cut to 500 ms
// (INDEX_LINE_WAIT_MS) went unnoticed; the second sign-in read the index before the first's write landed, and one
// of the two was left unlisted, uncounted by revokeUserSessions.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { userDigest } from '../../js/user-sessions.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { cookiePair } from './support.js';

const SLOW_WRITE_MS = 1500;

it(`a write of a user's index that takes ${SLOW_WRITE_MS} ms holds the next sign-in's change until it lands`, async () => {
  const backend = mapBackend();
  const storage = createSessionStorage({ cookie: { secrets: ['index-line-slow-write-3e9d'] }, ...callbacksOf(backend), userKey: 'userId' });
  const signIn = async () => {
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    return cookiePair(await storage.commitSession(session));
  };
  const slow = backend.holdNextWrite(`es:user:${await userDigest('ada')}`);
  const first = signIn();
  await slow.reached;
  const second = signIn();
  setTimeout(slow.release, SLOW_WRITE_MS);
  await Promise.all([first, second]);
  assert.equal((await storage.listUserSessions('ada')).length, 2, 'both sign-ins listed');
  assert.equal(await storage.revokeUserSessions('ada'), 2);
});
