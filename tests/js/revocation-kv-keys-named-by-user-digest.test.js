// README (Signing out everywhere, cookie sessions): with `{ kv }` "the revocation time `<keyPrefix>revoked:<SHA-256 of
// the ID>`" and the sign-ins `<keyPrefix>sign-in:<SHA-256 of the ID>:<ms>`; README tells a change of prefix to copy
// each `<old prefix>revoked:<SHA-256>` key. Named by the digest, a key stays within KV's 512 bytes for a user ID of up
// to 1024 characters, and holds no user ID in clear. Mutation pass (s50): the mark named by the user ID itself went
// unnoticed; a long user ID's revocation could not be written, and the keys named users in clear.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createCookieSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';
import { signIn } from '../helpers/sign-in.js';

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

it('revocation: { kv } names a user\'s mark and sign-ins by the SHA-256 of the user ID, under keyPrefix', async () => {
  for (const [keyPrefix, prefix] of [[undefined, 'edge-session:'], ['shop:', 'shop:']]) {
    const kv = mapKV();
    const storage = createCookieSessionStorage({ cookie: { secrets: ['revocation-kv-key-names-0123456789'] }, userKey: 'userId', revocation: { kv, keyPrefix } });
    const userId = 'ada'.repeat(300); // 900 characters: only its digest fits in a KV key
    const device = await signIn(storage, userId);
    const { keys: signIns } = await kv.list({ prefix: `${prefix}sign-in:${sha256(userId)}:` });
    assert.equal(signIns.length, 1, 'the sign-in');
    await storage.revokeUserSessions(userId);
    assert.notEqual(await kv.get(`${prefix}revoked:${sha256(userId)}`), null, 'the mark');
    const { keys } = await kv.list();
    for (const { name } of keys) assert.ok(name.length <= 512 && !name.includes('ada'), name);
    assert.equal((await storage.getSession(device)).get('userId'), undefined);
  }
});
