// revokeUserSessions(userId, session.id) and listUserSessions(userId, session.id): a session ID in the place of the
// options is refused, not read as no options. Regression (review): the revocation ended the device it was meant to
// keep, silently.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 };

it('revokeUserSessions(userId, "<id>") is a TypeError, and this device stays signed in', async () => {
  const storage = createMemorySessionStorage({ cookie, userKey: 'userId' });
  const session = await storage.getSession(null);
  session.set('userId', 'ann');
  const header = (await storage.commitSession(session)).split(';')[0];
  const mine = await storage.getSession(header);
  await assert.rejects(() => storage.revokeUserSessions('ann', mine.id), { name: 'TypeError', message: /options must be \{ except \}/ });
  await assert.rejects(() => storage.listUserSessions('ann', mine.id), { name: 'TypeError', message: /options must be \{ current \}/ });
  assert.equal((await storage.getSession(header)).get('userId'), 'ann', 'this device is still signed in');
  assert.equal(await storage.revokeUserSessions('ann', { except: mine.id }), 0, 'the object form still works');
});

it('the cookie storage with revocation refuses the same', async () => {
  const storage = createCookieSessionStorage({ cookie, userKey: 'userId' });
  await assert.rejects(() => storage.revokeUserSessions('ann', 42), { name: 'TypeError', message: /options must be/ });
});
