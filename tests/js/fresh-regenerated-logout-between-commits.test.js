// A fresh session's first commit creates its record (create-if-absent) and knows it as stored, so that a logout
// another request makes before the request's second commit is not written back (commit 7bd4713). The same fresh
// session given a new ID by regenerateId() before that first commit (README: "use it on login") went to the store's
// unconditional update under that made-up ID, stored nothing as "read", and its second commit wrote the logged-out
// session back: the old cookie (a stolen copy) signed in again.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createFileSessionStorage, createMemorySessionStorage, createWorkersKVSessionStorage } from '../../js/index.node.js';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'], maxAge: 3600 };
const pair = (header) => header.split(';')[0];

const storages = {
  memory: async () => createMemorySessionStorage({ cookie }),
  kv: async () => createWorkersKVSessionStorage({ cookie, kv: mapKV() }),
  file: async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'es-fresh-regen-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    return createFileSessionStorage({ cookie, dir });
  },
};

describe('a fresh session given a new ID before its first commit: a logout between two commits stands', () => {
  for (const [name, make] of Object.entries(storages)) {
    for (const regenerate of [false, true]) {
      it(`${name}${regenerate ? ', regenerateId()' : ''}`, async (t) => {
        const storage = await make(t);
        const session = await storage.getSession(null);
        session.set('user', 'ada');
        if (regenerate) session.regenerateId();
        const first = pair(await storage.commitSession(session));
        const other = await storage.getSession(first); // another request of that cookie logs out
        await storage.destroySession(other);
        session.set('n', 2);
        await storage.commitSession(session);
        const again = await storage.getSession(first);
        assert.equal(again.get('user'), undefined, 'the logged-out session is not written back');
      });
    }
  }
});
