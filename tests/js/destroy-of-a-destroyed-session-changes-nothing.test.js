// destroy() of a session already ended changes nothing (session.js destroy): after destroySession, a "make sure"
// destroy() leaves it clean, so code that commits when `session.dirty` sends no second logout, and withSession does
// not take it for a change made after its commit. Mutation pass: counting it as a change passed the Node suites.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';
import { cookiePair } from './support.js';

for (const make of [createCookieSessionStorage, createMemorySessionStorage]) {
  it(`${make.name}: destroySession, then destroy(): the session stays destroyed and clean`, async () => {
    const storage = make({ cookie: { secrets: ['destroy-twice'.padEnd(32, '!')] } });
    const seed = await storage.getSession(null);
    seed.set('userId', 'ada');
    const session = await storage.getSession(cookiePair(await storage.commitSession(seed)));
    assert.match(await storage.destroySession(session), /Max-Age=0/);
    assert.equal(session.dirty, false, 'clean after its logout');
    session.destroy();
    assert.equal(session.destroyed, true);
    assert.equal(session.dirty, false, 'a second destroy() made it dirty');
  });
}
