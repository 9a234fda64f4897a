// README, Limits: with createSessionStorage, "one mark read per user per 5 s", and Storage calls per request: the
// user's mark is read again by a move to a new ID (regenerateId, a switch of user), not by a commit that keeps the
// ID. A change of a signed-in session (a cart), on the device a revocation kept or on one never revoked, reads the mark
// once, at its read. Mutation pass (s51): id-storage.js's `moving` without `atRead.id !== session.id` went unnoticed:
// every commit of a signed-in session read the mark again, past the cache (a second backend read per request).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { REVOCATION_CACHE_MS } from '../../js/user-sessions.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { handClock } from '../helpers/hand-clock.js';
import { keptDevice, pairOf, signIn } from '../helpers/sign-in.js';

const clock = handClock();

for (const [name, device] of [
  ['never revoked', (storage) => signIn(storage, 'ada')],
  ['the device a revocation kept', (storage) => keptDevice(storage, clock, 'ada')],
]) {
  it(`a change of a signed-in session keeping its ID reads the mark once (${name})`, async () => {
    clock.newDay();
    const backend = mapBackend();
    const storage = createSessionStorage({ cookie: { secrets: ['s3cr3t'] }, ...callbacksOf(backend), userKey: 'userId' });
    const markReads = () => backend.reads.filter((id) => id.startsWith('es:revoked:') && !id.endsWith(':left')).length;
    const cookie = await device(storage);
    clock.now += REVOCATION_CACHE_MS;
    const before = markReads();
    const session = await storage.getSession(cookie);
    assert.equal(session.get('userId'), 'ada');
    session.set('cart', ['tea']);
    assert.equal(pairOf(await storage.commitSession(session)), cookie, 'same ID');
    assert.equal(markReads() - before, 1, 'the mark read once');
    assert.deepEqual((await storage.getSession(cookie)).get('cart'), ['tea']);
  });
}
