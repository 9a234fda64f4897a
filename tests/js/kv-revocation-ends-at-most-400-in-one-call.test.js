// README (Signing out everywhere, Workers KV): a revocation deletes the user's sessions "at most 400 in one call,
// within KV's operations per invocation"; the rest are left to its mark, which voids them where read. Mutation pass
// (s50): the cap raised to 450 went unnoticed (450 sessions, 900 deletes, still under the 1,000 operations the
// neighbouring test counts, with no room left for the request's own), and so did ending the sessions the mark does not
// void (one signed in at a server whose clock runs ahead) on top of 400 it does.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage } from 'edge-session';
import { issueSessionId } from '../../js/internal.js';
import { userDigest } from '../../js/user-sessions.js';
import { mapKV } from './map-kv.js';
import { signedCookie } from '../storage/support.js';

const cookie = { name: '__session', secrets: ['kv-cap-400-secret-5e1d2c3b4a69'], maxAge: 3600 };
const LISTED = 600; // sign-ins within kv.list's lag pass the 100 kept

it(`a revocation of a user whose index lists ${LISTED} sessions deletes at most 400 of them; the others read as signed out`, async () => {
  const kv = mapKV();
  const storage = createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' });
  const index = `session:user:${await userDigest('ada')}:`;
  const signedIn = Date.now() - 60_000;
  const ids = [];
  for (let i = 0; i < LISTED; i++) {
    const id = issueSessionId('__session', i.toString(16).padStart(32, '0'));
    ids.push(id);
    const at = i === 0 ? Date.now() + 60_000 : signedIn; // the first at a server whose clock runs a minute ahead
    await kv.put(`session:${id}`, JSON.stringify({ userId: 'ada', __es__: [signedIn, signedIn, signedIn + 3_600_000, at] }));
    await kv.put(index + id, '', { metadata: { createdAt: at, lastSeenAt: at } });
  }
  const deleted = [];
  const remove = kv.delete;
  kv.delete = function (key) {
    if (/^session:[0-9a-f]{40}$/.test(key)) deleted.push(key);
    return remove.call(this, key);
  };

  await storage.revokeUserSessions('ada');
  assert.ok(deleted.length > 0 && deleted.length <= 400, `${deleted.length} records deleted`);
  assert.ok(deleted.includes(`session:${ids[0]}`), 'the session the mark does not void is among them');
  const kept = ids.find((id) => !deleted.includes(`session:${id}`));
  const session = await storage.getSession(signedCookie(kept, { secret: cookie.secrets[0] }));
  assert.equal(session.get('userId'), undefined, 'a session left to the mark reads as signed out');
});

