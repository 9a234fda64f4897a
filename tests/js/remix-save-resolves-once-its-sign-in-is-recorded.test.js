// The cookie storage's Remix v3 save() of a sign-in (userKey, revocation) resolves once the sign-in is recorded in
// the revocation store, as commitSession does: a Worker's request may end with its response, and a write left
// running then with it, so a revocation would not count the device, nor listUserSessions show it. Mutation pass
// (s42): save() without awaiting the record passed every test (an in-memory store's write lands at once).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { slowPutsKV } from './map-kv.js';

it("save() of a sign-in resolves with the sign-in in the revocation store, as commitSession's does", async () => {
  for (const save of ['save', 'commitSession']) {
    const kv = slowPutsKV(5); // a timer later, as a network write lands
    const storage = createCookieSessionStorage({ cookie: { secrets: ['s3cr3t-of-thirty-two-characters!!!'] }, userKey: 'userId', revocation: { kv } });
    const session = save === 'save' ? await storage.read(null) : await storage.getSession(null);
    session.set('userId', 'ada');
    await storage[save](session);
    assert.equal(kv.landed, 1, `${save}: the sign-in recorded`);
  }
});
