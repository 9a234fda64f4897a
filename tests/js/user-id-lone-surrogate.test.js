// User IDs that differ only by a lone surrogate ("alice\ud800", "alice\ufffd") are different users on every
// storage, as the memory storage's Map keeps them. Regression (audit): the storages that index users by SHA-256
// of the ID (file, createSessionStorage, Workers KV, cookies with revocation, Durable Objects) hashed its UTF-8 from
// TextEncoder, which turns every lone surrogate into U+FFFD: such users shared one index, listUserSessions of one
// listed the other's sessions and revokeUserSessions of one signed the other out.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createFileSessionStorage, createMemorySessionStorage, createSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };
let dir;
before(async () => { dir = await mkdtemp(join(tmpdir(), 'es-surrogate-users-')); });
after(() => rm(dir, { recursive: true, force: true }));

const STORES = {
  'memory (control)': () => createMemorySessionStorage({ cookie, userKey: 'userId' }),
  file: () => createFileSessionStorage({ dir, cookie, userKey: 'userId' }),
  createSessionStorage: () => createSessionStorage({ cookie, userKey: 'userId', ...callbacksOf(mapBackend()) }),
  'Workers KV': () => createWorkersKVSessionStorage({ cookie, userKey: 'userId', kv: mapKV() }),
  'cookie with revocation': () => createCookieSessionStorage({ cookie, userKey: 'userId', revocation: { kv: mapKV() } }),
};

const victim = 'alice\ufffd';
const other = 'alice\ud800'; // a different string: !== victim

for (const [name, make] of Object.entries(STORES)) {
  describe(`${name}: users whose IDs differ only by a lone surrogate`, () => {
    it('revoking one user does not sign out another, nor list its sessions', async () => {
      assert.notEqual(victim, other);
      const storage = make();
      const mine = await storage.getSession(null);
      mine.set('userId', victim);
      const victimCookie = (await storage.commitSession(mine)).split(';')[0];
      const theirs = await storage.getSession(null);
      theirs.set('userId', other);
      await storage.commitSession(theirs);

      if (!name.startsWith('cookie')) {
        const listed = (await storage.listUserSessions(other)).map((entry) => entry.id);
        assert.ok(!listed.includes(mine.id), `${other}'s listing holds ${victim}'s session ${mine.id}`);
      }
      await storage.revokeUserSessions(other);
      const again = await storage.getSession(victimCookie);
      assert.equal(again.get('userId'), victim, `revoking ${JSON.stringify(other)} signed ${JSON.stringify(victim)} out`);
    });
  });
}
