// Mutation pass (s44): an isolate's cache of revocation marks (user-sessions.js createRevocationCache) remembers
// at most 10,000 users, the oldest looked up forgotten first, so an isolate serving many users holds a bounded map.
// No test held the bound: dropping the eviction (the cache grew with every user an isolate ever served) or keeping
// one user more went unnoticed. A forgotten user's mark is looked up again (one more read of the store).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createRevocationCache, NOT_REVOKED } from '../../js/user-sessions.js';

const USERS_REMEMBERED = 10_000; // user-sessions.js REVOCATION_CACHE_SIZE

it('an isolate remembers the revocation marks of 10,000 users, the one looked up first forgotten at the next', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1_700_000_000_000 }); // no entry expires meanwhile
  const lookedUp = [];
  const cache = createRevocationCache(async (userId) => {
    lookedUp.push(userId);
    return NOT_REVOKED;
  });
  for (let i = 0; i < USERS_REMEMBERED; i++) await cache.revocationOf(`user${i}`);
  assert.equal(lookedUp.length, USERS_REMEMBERED);

  await cache.revocationOf('user0');
  assert.equal(lookedUp.length, USERS_REMEMBERED, 'the first user is still remembered beside 9,999 others');

  await cache.revocationOf(`user${USERS_REMEMBERED}`); // one user more
  await cache.revocationOf('user1');
  assert.equal(lookedUp.length, USERS_REMEMBERED + 1, 'the second user is still remembered');
  await cache.revocationOf('user0');
  assert.deepEqual(lookedUp.slice(USERS_REMEMBERED), [`user${USERS_REMEMBERED}`, 'user0'], 'the user looked up first was forgotten, and is looked up again');
});
