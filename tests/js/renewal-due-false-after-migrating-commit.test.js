// README (Session lifetime: "by hand, commit when session.dirty || session.renewalDue"; the JSDoc: renewalDue is
// true when the session must be written although unchanged): a session read from a migrateFrom cookie is due to be
// rewritten in the new format until a commit writes it, and no more after: a hand commit guarded by that check
// writes it once, as dirty is false after a commit until the next change.
// Mutation pass (s49): renewalDue without its settled check went unnoticed; it stayed true after the commit (the
// migration's rewrite flag outlives the commit), and such a guard committed the session again.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage as theirCookieSessionStorage } from 'react-router';
import { createCookieSessionStorage } from 'edge-session';
import { cookiePair } from './support.js';

const secrets = ['renewal-due-after-migrating-commit'];

it('a session read from the migrateFrom cookie: renewalDue before its hand commit, not after it', async () => {
  const theirs = theirCookieSessionStorage({ cookie: { name: '__old', secrets } });
  const old = await theirs.getSession(null);
  old.set('userId', 'ada');
  const oldCookie = cookiePair(await theirs.commitSession(old));
  const storage = createCookieSessionStorage({
    cookie: { name: '__session', secrets },
    format: 'remix-v3',
    migrateFrom: { cookie: { name: '__old', secrets }, format: 'react-router' },
  });
  const session = await storage.getSession(oldCookie);
  assert.equal(session.get('userId'), 'ada');
  assert.equal(session.dirty, false);
  assert.equal(session.renewalDue, true, 'read from the old cookie: to be rewritten in the new format');
  const header = await storage.commitSession(session);
  assert.match(header, /^__session=/);
  assert.equal(session.dirty, false);
  assert.equal(session.renewalDue, false, 'written: nothing more is due');
});
