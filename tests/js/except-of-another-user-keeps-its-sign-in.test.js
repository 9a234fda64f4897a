// Mutation pass (s44): revokeUserSessions(userId, { except }) signs the kept Session in anew at the revocation's
// stamp only when it is that user's (user-sessions.js keepSignedIn). Signing in anew a Session of another user went
// unnoticed: an admin's session passed as `except` while revoking someone else's (revokeUserSessions(target, session))
// was written as signed in at that revocation's stamp, so "sign out everywhere" the admin made in another isolate
// before it no longer voided that session.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { handClock } from '../helpers/hand-clock.js';
import { pairOf, signIn } from '../helpers/sign-in.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
const CACHE_LAPSED_MS = 5_001; // past the isolate's revocation cache (README: Revocation)
const clock = handClock();

// Cookie sessions: the mark alone decides (the Workers KV storage's revocation also deletes the admin's record there).
const make = (kv) => createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv } });

describe('revokeUserSessions(ada, { except: a session of the admin }) (cookie sessions, revocation: { kv })', () => {
  it('leaves the admin\'s session signed in when it was, so a revocation of the admin made before still voids it', async () => {
    const start = clock.newDay();
    const kv = mapKV();
    const here = make(kv);
    const there = make(Object.create(kv)); // another isolate: its own binding object, its own cache
    await signIn(here, 'ada');
    const admin = await signIn(here, 'admin');
    clock.now = start + 1;
    assert.equal((await here.getSession(admin)).get('userId'), 'admin', 'looked up here: not revoked yet');
    clock.now = start + 10;
    await there.revokeUserSessions('admin'); // "sign out everywhere" of the admin, elsewhere
    clock.now = start + 20;
    const session = await here.getSession(admin); // still cached here as not revoked (at most 5 s)
    assert.equal(session.get('userId'), 'admin');
    await here.revokeUserSessions('ada', { except: session });
    const written = pairOf(await here.commitSession(session));
    clock.now = start + 20 + CACHE_LAPSED_MS;
    assert.equal((await here.getSession(written)).get('userId'), undefined, 'the admin, revoked elsewhere, is signed in again');
  });
});
