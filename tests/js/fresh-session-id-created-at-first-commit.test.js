// Issue 3, Security: "A cookie naming an ID that the store does not have gives a fresh session with a new ID: a
// client-chosen ID is never adopted (session fixation)", and its Choices (issues 2 and 3): "server-side storages
// never adopt unknown IDs (fresh session, ID created at first commit)". getSession's fresh session has id '' (as
// React Router's has with no cookie) until its first commit creates the record under a new ID; Remix v3's read()
// gives it a new random one at once (Remix's Session always has an ID; tests/js/remix-read-fresh-id).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createFileSessionStorage, createMemorySessionStorage, createWorkersKVSessionStorage, withSession } from '../../js/index.node.js';
import { issueSessionId } from '../../js/internal.js';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t'], maxAge: 3600 };
const FORGED = issueSessionId(cookie.name, '0123456789abcdef0123456789abcdef'); // of this cookie: the store is asked for it

const storages = {
  memory: async () => createMemorySessionStorage({ cookie }),
  kv: async () => createWorkersKVSessionStorage({ cookie, kv: mapKV() }),
  file: async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'es-fresh-id-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    return createFileSessionStorage({ cookie, dir });
  },
};

describe('a fresh session of a server-side storage: no ID until its first commit creates a new one (issues 2, 3)', () => {
  for (const [name, make] of Object.entries(storages)) {
    it(`${name}: a forged ID and no cookie each give a fresh session, and each commit a new ID of its own`, async (t) => {
      const storage = await make(t);
      const forged = (await createCookie(cookie.name, { secrets: cookie.secrets }).serialize(FORGED)).split(';')[0];
      const a = await storage.getSession(forged);
      const b = await storage.getSession(null);
      assert.deepEqual(a.data, {});
      assert.equal(a.id, '', 'the client-chosen ID is never adopted: no ID until the first commit');
      assert.equal(b.id, '');
      a.set('n', 1);
      b.set('n', 2);
      const setCookieA = await storage.commitSession(a);
      const setCookieB = await storage.commitSession(b);
      assert.match(a.id, /^[0-9a-f]{40}$/, 'a new ID, created at the first commit');
      assert.notEqual(a.id, FORGED);
      assert.notEqual(a.id, b.id, 'two visitors, two IDs');
      const again = await storage.getSession(setCookieA.split(';')[0]);
      assert.equal(again.id, a.id, 'the cookie names the ID the commit created');
      assert.equal(again.get('n'), 1);
      assert.equal((await storage.getSession(setCookieB.split(';')[0])).get('n'), 2);
      again.dispose();
    });
  }

  it('through withSession, the handler of a forged cookie sees no ID, and the response names a new one', async () => {
    const storage = createMemorySessionStorage({ cookie });
    const forged = (await createCookie(cookie.name, { secrets: cookie.secrets }).serialize(FORGED)).split(';')[0];
    const fetch = withSession(storage, async (request, { session }) => {
      session.set('n', 1);
      return new Response(session.id);
    });
    const response = await fetch(new Request('http://x/', { headers: { cookie: forged } }), {}, undefined);
    assert.equal(await response.text(), '');
    const again = await storage.getSession(response.headers.getSetCookie()[0].split(';')[0]);
    assert.match(again.id, /^[0-9a-f]{40}$/);
    assert.notEqual(again.id, FORGED);
    assert.equal(again.get('n'), 1);
  });

  // Regression (contract pass): a session no store held, given its ID before its first commit (regenerateId()),
  // went to the store's update (a made-up ID's unconditional write), not its create: a record already under that ID
  // (a collision, another writer's) was overwritten, where create-if-absent leaves it and gives another ID.
  it('file: the first commit of a regenerated fresh session never overwrites a record already under its ID', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'es-fresh-id-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const storage = createFileSessionStorage({ cookie, dir });
    const fresh = await storage.getSession(null);
    fresh.regenerateId();
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

  // A revocation that keeps a fresh session (in no store yet) keeps nothing by ID; the session, stored after it, is
  // signed in.
  it('kv: a revocation that keeps a fresh session ends the others, and the fresh one is signed in once stored', async () => {
    const kv = mapKV();
    const storage = createWorkersKVSessionStorage({ cookie, kv, userKey: 'userId' });
    const other = await storage.getSession(null);
    other.set('userId', 'ada');
    const otherCookie = (await storage.commitSession(other)).split(';')[0];
    const fresh = await storage.getSession(null);
    fresh.set('userId', 'ada');
    assert.equal(await storage.revokeUserSessions('ada', { except: fresh }), 1);
    const listed = await storage.listUserSessions('ada', { current: fresh });
    assert.deepEqual(listed.filter((entry) => entry.current), [], 'no listing is current for a session in no store');
    const setCookie = await storage.commitSession(fresh);
    assert.equal((await storage.getSession(otherCookie)).get('userId'), undefined, 'the other device is signed out');
    assert.equal((await storage.getSession(setCookie.split(';')[0])).get('userId'), 'ada', 'the kept one is signed in');
  });
});
