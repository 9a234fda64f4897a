// Issue 3, Security: "A cookie naming an ID that the store does not have gives a fresh session with a new ID: a
// client-chosen ID is never adopted (session fixation)." getSession's fresh session on a server-side storage had
// id '' until its first commit (README listed it under "Choices where the issues were silent"); Remix v3's read()
// already gave it a new random one. Every new visitor's session then had the same ID, '', in the handler.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createFileSessionStorage, createMemorySessionStorage, createWorkersKVSessionStorage, withSession } from '../../js/index.node.js';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t'], maxAge: 3600 };
const FORGED = '0123456789abcdef0123456789abcdef01234567';

const storages = {
  memory: async () => createMemorySessionStorage({ cookie }),
  kv: async () => createWorkersKVSessionStorage({ cookie, kv: mapKV() }),
  file: async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'es-fresh-id-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    return createFileSessionStorage({ cookie, dir });
  },
};

describe('a fresh session of a server-side storage has a new ID (issue 3)', () => {
  for (const [name, make] of Object.entries(storages)) {
    it(`${name}: a forged ID and no cookie each give a fresh session with a new ID, kept by its commit`, async (t) => {
      const storage = await make(t);
      const forged = (await createCookie(cookie.name, { secrets: cookie.secrets }).serialize(FORGED)).split(';')[0];
      const a = await storage.getSession(forged);
      const b = await storage.getSession(null);
      assert.deepEqual(a.data, {});
      assert.notEqual(a.id, FORGED, 'the client-chosen ID is never adopted');
      assert.match(a.id, /^[0-9a-f]{32,}$/, 'a fresh session with a new ID');
      assert.match(b.id, /^[0-9a-f]{32,}$/);
      assert.notEqual(a.id, b.id, 'two visitors, two IDs');
      a.set('n', 1);
      const setCookie = await storage.commitSession(a);
      const again = await storage.getSession(setCookie.split(';')[0]);
      assert.equal(again.id, a.id, 'the commit stores it under the ID the handler saw');
      assert.equal(again.get('n'), 1);
      b.dispose();
      again.dispose();
    });
  }

  it('through withSession, the handler sees the new ID of a forged cookie', async () => {
    const storage = createMemorySessionStorage({ cookie });
    const forged = (await createCookie(cookie.name, { secrets: cookie.secrets }).serialize(FORGED)).split(';')[0];
    const fetch = withSession(storage, async (request, { session }) => new Response(session.id));
    const response = await fetch(new Request('http://x/', { headers: { cookie: forged } }), {}, undefined);
    const id = await response.text();
    assert.match(id, /^[0-9a-f]{32,}$/);
    assert.notEqual(id, FORGED);
  });
});
