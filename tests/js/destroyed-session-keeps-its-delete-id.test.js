// deleteId names the original ID regenerateId(true) leaves for the store to delete; destroy() ends the session but
// not that duty (a logout right after a sign-in's regenerateId(true) must delete both records), so a destroyed
// session still answers it, without asking the core (session.js keeps what destroy() found), for the
// logout's store to delete. Mutation pass: a destroyed session answering undefined passed the Node suites.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySessionStorage, createSession } from 'edge-session';
import { cookiePair } from './support.js';

it('createSession: regenerateId(true), then destroy(): deleteId is still the original ID', async () => {
  const session = await createSession({ userId: 'ada' }, 'original');
  session.regenerateId(true);
  session.destroy();
  assert.equal(session.destroyed, true);
  assert.equal(session.deleteId, 'original');
});

it('createSession: regenerateId() without deletion, then destroy(): deleteId is undefined', async () => {
  const session = await createSession({ userId: 'ada' }, 'original');
  session.regenerateId();
  session.destroy();
  assert.equal(session.deleteId, undefined);
});

it('memory storage: a read session regenerated with deletion and destroyed names its read ID, which destroySession deletes', async () => {
  const storage = createMemorySessionStorage({ cookie: { secrets: ['destroyed-delete-id'.padEnd(32, '!')] } });
  const seed = await storage.getSession(null);
  seed.set('userId', 'ada');
  const cookie = cookiePair(await storage.commitSession(seed));
  const session = await storage.getSession(cookie);
  const readId = session.id;
  session.regenerateId(true);
  session.destroy();
  assert.equal(session.deleteId, readId);
  assert.match(await storage.destroySession(session), /Max-Age=0/);
  assert.equal((await storage.getSession(cookie)).get('userId'), undefined, 'the original record was deleted');
});
