// listUserSessions and revokeUserSessions take null for their options as none (user-sessions.js checkOptionsObject:
// "neither absent, a Session nor an object" is the TypeError), as JavaScript callers write a choice
// (`revokeUserSessions(userId, keep ? session : null)`): "sign out of all devices", this one too (README, Signing
// out everywhere). Mutation pass (s48): refuseUnknownKeys reading the names of null went unnoticed; both calls threw
// a bare TypeError ("Cannot convert undefined or null to object").
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { signIn } from '../helpers/sign-in.js';

it('null options: every session listed, none current; every session revoked, this one too', async () => {
  const storage = createMemorySessionStorage({ cookie: { secrets: ['user-sessions-null-options-secret-0'] }, userKey: 'userId' });
  const laptop = await signIn(storage, 'ada');
  await signIn(storage, 'ada');
  const listed = await storage.listUserSessions('ada', null);
  assert.equal(listed.length, 2);
  assert.ok(listed.every((session) => !session.current));
  assert.equal(await storage.revokeUserSessions('ada', null), 2);
  assert.equal((await storage.getSession(laptop)).get('userId'), undefined);
  assert.deepEqual(await storage.listUserSessions('ada'), []);
});

// `{ except: null }` is none too, on every storage, as a choice is written (`{ except: keep ? session : null }`).
// Regression (s48 types pass): the server-side storages took it as none and the cookie storage threw a TypeError
// ("except must be a Session").
it('{ except: null }: every session revoked, this one too, on the memory and the cookie storage', async () => {
  const cookie = { secrets: ['user-sessions-null-options-secret-0'] };
  for (const storage of [
    createMemorySessionStorage({ cookie, userKey: 'userId' }),
    createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } }),
  ]) {
    const laptop = await signIn(storage, 'ada');
    await storage.revokeUserSessions('ada', { except: null });
    assert.equal((await storage.getSession(laptop)).get('userId'), undefined, 'this one too');
  }
});
