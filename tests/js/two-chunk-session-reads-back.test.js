// README, Sessions beyond one cookie: `chunks: N` lets a session span up to N cookies; `chunks: 2` is named as the
// most that fits behind nginx's default 8 KB buffer. A session cut over its two cookies reads back whole, signed and
// sealed, and a chunk left out gives a fresh session. Mutation pass (s49): getSession joining chunks only for
// `chunks` past 2 went unnoticed; with `chunks: 2`, every session of two cookies read as fresh (signed out).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { cookiePair } from './support.js';

for (const encrypt of [false, true]) {
  it(`chunks: 2, ${encrypt ? 'sealed' : 'signed'}: a session in two cookies reads back whole, and as fresh without its second`, async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, chunks: 2, encrypt });
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    session.set('notes', 'n'.repeat(5000));
    const pairs = (await storage.commitSessionHeaders(session)).map(cookiePair);
    assert.equal(pairs.length, 2);
    assert.ok(pairs[0].startsWith('__session=2~') && pairs[1].startsWith('__session.1='), pairs.map((p) => p.slice(0, 14)).join(', '));
    const read = await storage.getSession(pairs.join('; '));
    assert.equal(read.get('userId'), 'ada');
    assert.equal(read.get('notes'), 'n'.repeat(5000));
    assert.equal((await storage.getSession(pairs[0])).get('userId'), undefined);
  });
}
