// The cookie storage's Remix v3 save() of a logout (userKey, revocation) resolves once the sign-out is recorded in
// the revocation store, as destroySession does (README, Signing out everywhere: one write per sign-in and per
// sign-out): a Worker's request may end with its response, and a write left running then with it, so the user's
// signed-out device would stay counted by the next revocation. Mutation pass (s47): save() without awaiting
// onDestroy went unnoticed (an in-memory store's delete lands at once).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { slowWritesKV } from './map-kv.js';

it("save() of a logout resolves with the sign-out in the revocation store, as destroySession's does", async () => {
  for (const end of ['save', 'destroySession']) {
    const kv = slowWritesKV(5); // a timer later, as a network write lands
    const storage = createCookieSessionStorage({ cookie: { secrets: ['s3cr3t-of-thirty-two-characters!!!'] }, userKey: 'userId', revocation: { kv } });
    const signIn = await storage.read(null);
    signIn.set('userId', 'ada');
    const value = await storage.save(signIn);
    const before = (await kv.list()).keys.length;
    assert.ok(before > 0, `${end}: the sign-in recorded`);
    const session = await storage.read(value);
    assert.equal(session.get('userId'), 'ada');
    if (end === 'save') {
      session.destroy();
      assert.equal(await storage.save(session), '');
    } else {
      await storage.destroySession(session);
    }
    assert.equal(kv.deleted, 1, `${end}: the sign-out recorded`);
    assert.equal((await kv.list()).keys.length, before - 1, `${end}: the sign-in no longer counted`);
  }
});
