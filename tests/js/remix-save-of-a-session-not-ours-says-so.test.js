// STYLE (errors): a programming mistake throws, saying what it is. save() takes the Session our read() gave; handed
// another (Remix's own Session, from a session() middleware given Remix's storage, or a plain object) it throws a
// TypeError naming it, before touching it. Mutation pass (s47): the check dropped went unnoticed; save() then failed
// deep inside ("session[releaseSession] is not a function") after reading the session's fields.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Session as RemixSession } from '@remix-run/session';
import { createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';

it('save() of a session that is not edge-session\'s throws a TypeError that says so', async () => {
  for (const storage of [
    createCookieSessionStorage({ cookie: { secrets: ['not-ours-secret-of-32-characters!!!'] } }),
    createMemorySessionStorage({ cookie: { secrets: ['not-ours-secret-of-32-characters!!!'] } }),
  ]) {
    const theirs = new RemixSession();
    theirs.set('user', 'ann');
    for (const session of [theirs, {}, null]) {
      await assert.rejects(storage.save(session), { name: 'TypeError', message: /expected a Session from edge-session/i });
    }
  }
});
