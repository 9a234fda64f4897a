// A cookie whose start (`created`) is far ahead of the clock (forged on an unsigned cookie, which the library allows
// with a warning, or written by an isolate whose clock ran ahead) does not move this isolate's sign-in and revocation
// stamps. Regression (review): its recorded sign-in raised them to 2^53, where lastStamp + 1 === lastStamp in
// doubles: every later sign-in and revocation got the same stamp, and "sign out everywhere" (signedIn < at) ended
// none of the sessions signed in since.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { base64 } from './support.js';

it('after one forged cookie, "sign out everywhere" still ends the sessions signed in before it', async () => {
  const kv = mapKV();
  const storage = createCookieSessionStorage({ cookie: { name: '__session' }, userKey: 'userId', revocation: { kv } });
  const t = 2 ** 53;
  const forged = `__session=${encodeURIComponent(base64(JSON.stringify({ userId: 'mallory', __es__: [t, t, 0] })))}`;
  const m = await storage.getSession(forged);
  assert.equal(m.get('userId'), 'mallory');
  m.set('x', 1);
  await storage.commitSession(m); // recordedSignInBy: lastStamp = 2^53

  const ada = await storage.getSession(null);
  ada.set('userId', 'ada');
  const header = (await storage.commitSession(ada)).split(';')[0]; // e.g. the thief's copy
  await storage.revokeUserSessions('ada');
  assert.equal((await storage.getSession(header)).get('userId'), undefined, 'ada\'s session outlived "sign out everywhere"');
});
