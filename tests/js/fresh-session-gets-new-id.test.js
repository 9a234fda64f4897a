// Issue 3, Security: "A cookie naming an ID that the store does not have gives a fresh session with a new ID: a
// client-chosen ID is never adopted (session fixation)." getSession's fresh session on a server-side storage had
// id '' until its first commit (README listed it under "Choices where the issues were silent"); Remix v3's read()
// already gave it a new random one. Every new visitor's session then had the same ID, '', in the handler.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

  // Regression (contract pass): with the ID given at read, the first commit went to the store's update (a made-up
  // ID's unconditional write), not its create: a record already under that ID (a collision, another writer's) was
  // overwritten, where create-if-absent leaves it and gives the session another ID.
  it('file: the first commit never overwrites a record already under its new ID', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'es-fresh-id-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const storage = createFileSessionStorage({ cookie, dir });
    const fresh = await storage.getSession(null);
    const planted = JSON.stringify({ data: { owner: 'someone else' }, expires: null });
    await writeFile(join(dir, `${fresh.id}.json`), planted);
    const taken = fresh.id;
    fresh.set('n', 1);
    const setCookie = await storage.commitSession(fresh);
    assert.equal(await readFile(join(dir, `${taken}.json`), 'utf8'), planted, 'the record under that ID is untouched');
    assert.notEqual(fresh.id, taken, 'the session is stored under another new ID');
    const again = await storage.getSession(setCookie.split(';')[0]);
    assert.equal(again.id, fresh.id);
    assert.equal(again.get('n'), 1);
  });

  // Regression (contract pass): revokeUserSessions(user, { except: freshSession }) wrote a mark excepting its
  // provisional ID, which no store held (and createData's replaces); it keeps nothing by ID, as when it had none.
  it('kv: a revocation that keeps a fresh session names no provisional ID in its mark, and the session stays signed in', async () => {
    const kv = mapKV();
    const storage = createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' });
    const other = await storage.getSession(null);
    other.set('userId', 'ada');
    const otherCookie = (await storage.commitSession(other)).split(';')[0];
    const fresh = await storage.getSession(null);
    fresh.set('userId', 'ada');
    const provisional = fresh.id;
    assert.equal(await storage.revokeUserSessions('ada', { except: fresh }), 1);
    for (const { name } of (await kv.list()).keys) assert.ok(!(await kv.get(name)).includes(provisional), `${name} names no provisional ID`);
    const listed = await storage.listUserSessions('ada', { current: fresh });
    assert.deepEqual(listed.filter((entry) => entry.current), [], 'no listing is current for a session in no store');
    const setCookie = await storage.commitSession(fresh);
    assert.equal((await storage.getSession(otherCookie)).get('userId'), undefined, 'the other device is signed out');
    assert.equal((await storage.getSession(setCookie.split(';')[0])).get('userId'), 'ada', 'the kept one is signed in');
  });
});
