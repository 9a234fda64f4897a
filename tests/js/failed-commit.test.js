// What a commit that fails part-way leaves (js/id-storage.js `unmake`): no session listed that no record holds or
// no cookie names, and no record signed in that its user's revocation cannot reach.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { sep } from 'node:path';
import { createSessionStorage } from 'edge-session';
import { createFileSessionStorage } from '../../js/index.node.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { cookiePair, isIndexFile } from './support.js';
import { tempDir } from '../helpers/temp-dir.js';

const secrets = ['s3cr3t'];

/** A callback storage whose writes and deletes of the IDs in `failing` throw. */
function failingStorage(backend, failing) {
  const callbacks = callbacksOf(backend);
  const refuse = (id, what) => {
    if (failing.has(id)) throw new Error(`database down for this ${what}`);
  };
  return createSessionStorage({
    cookie: { secrets },
    ...callbacks,
    userKey: 'userId',
    updateData: async (id, ...rest) => (refuse(id, 'write'), callbacks.updateData(id, ...rest)),
    deleteData: async (id) => (refuse(id, 'delete'), callbacks.deleteData(id)),
  });
}

async function anonymous(storage) {
  const session = await storage.getSession(null);
  session.set('cart', [1]);
  return cookiePair(await storage.commitSession(session));
}

it('a callback store\'s sign-in on the session\'s own ID whose write fails lists no device, and the anonymous session survives a revocation; regression (review): the ID stayed listed, and "sign out everywhere" deleted the cart', async () => {
  const failing = new Set();
  const storage = failingStorage(mapBackend(), failing);
  const cookie = await anonymous(storage);
  const session = await storage.getSession(cookie);
  session.set('userId', 'ada');
  failing.add(session.id);
  await assert.rejects(storage.commitSession(session));
  failing.clear();
  assert.deepEqual(await storage.listUserSessions('ada'), []);
  assert.equal(await storage.revokeUserSessions('ada'), 0);
  assert.deepEqual((await storage.getSession(cookie)).get('cart'), [1]);
});

it('a callback store\'s sign-in whose eviction of an old session fails still signs in, and lists no session without a record; regression (review): the commit failed, and its new ID stayed listed', async () => {
  const backend = mapBackend();
  const failing = new Set();
  const storage = failingStorage(backend, failing);
  const ids = [];
  for (let i = 0; i < 100; i++) {
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    await storage.commitSession(session);
    ids.push(session.id);
  }
  failing.add(ids[0]); // the one the next sign-in evicts
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  await storage.commitSession(session);
  failing.clear();
  const listed = (await storage.listUserSessions('ada')).map((entry) => entry.id);
  assert.ok(listed.includes(session.id));
  assert.deepEqual(listed.filter((id) => !backend.records.has(id)), []);
});

it('a file storage sign-in that fails after its record was written keeps it listed, so a revocation ends it; regression (review): it was unlisted and stayed signed in past "sign out everywhere"', async () => {
  const storage = createFileSessionStorage({ cookie: { secrets }, dir: tempDir('edge-session-failed-'), userKey: 'userId' });
  const cookie = await anonymous(storage);
  const session = await storage.getSession(cookie);
  session.set('userId', 'ada');
  const { rename, open } = fsp;
  let written = false;
  // The record's write lands; the index read after it (is it still listed?) fails.
  fsp.rename = async (from, to) => {
    await rename(from, to);
    if (!String(to).includes(`${sep}users${sep}`) && String(to).includes(session.id)) written = true;
  };
  fsp.open = async (path, ...rest) => {
    if (written && isIndexFile(String(path))) {
      written = false;
      throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
    }
    return open(path, ...rest);
  };
  syncBuiltinESMExports();
  try {
    await assert.rejects(storage.commitSession(session));
  } finally {
    Object.assign(fsp, { rename, open });
    syncBuiltinESMExports();
  }
  await storage.revokeUserSessions('ada');
  assert.equal((await storage.getSession(cookie)).get('userId'), undefined, '"sign out everywhere" ends it');
});
