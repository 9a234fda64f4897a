// A commit that fails part-way after (or during) its record's write, on the callback and file storages: the old ID's
// delete is the commit's point of no return; a write that may have landed under the ID the session arrived with (read
// under, or given to createSession) keeps its record, and its listing where only the index reaches a session (files);
// one under an ID the commit made up goes with its listing; a failed sign-in never unlists the session another request
// signed in.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join, sep } from 'node:path';
import { createSession, createSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { createFileSessionStorage } from '../../js/index.node.js';
import { callbacksOf, mapBackend } from './map-backend.js';
import { mapKV } from './map-kv.js';
import { cookiePair, isIndexFile } from './support.js';
import { tempDir } from '../helpers/temp-dir.js';

const secrets = ['s3cr3t'];

/**
 * Runs `commit()`, which must reject with ENOSPC, while node:fs/promises' rename refuses the renames `fails(to)`
 * picks (a full disk as a record is moved into place); `landed`: the rename is made before it throws.
 */
async function whileRenameFails(fails, commit, landed = false) {
  const { rename } = fsp;
  fsp.rename = async (from, to, ...rest) => {
    if (!fails(String(to))) return rename(from, to, ...rest);
    if (landed) await rename(from, to, ...rest);
    throw Object.assign(new Error('ENOSPC: no space left on device, rename'), { code: 'ENOSPC' });
  };
  syncBuiltinESMExports();
  try {
    await assert.rejects(commit(), /ENOSPC/);
  } finally {
    fsp.rename = rename;
    syncBuiltinESMExports();
  }
}

function failingStorage(backend, fail) {
  const callbacks = callbacksOf(backend);
  return createSessionStorage({
    cookie: { secrets },
    ...callbacks,
    userKey: 'userId',
    updateData: async (id, ...rest) => {
      if (fail.update?.(id)) throw new Error(`database down for this write of ${id}`);
      return callbacks.updateData(id, ...rest);
    },
    deleteData: async (id) => {
      if (fail.delete?.(id)) throw new Error(`database down for this delete of ${id}`);
      return callbacks.deleteData(id);
    },
  });
}

/** A session of ada's, read again and given a new ID (regenerateId(deleteOld)), its old ID still the store's. */
async function regenerating(storage, deleteOld = true) {
  const first = await storage.getSession(null);
  first.set('userId', 'ada');
  const cookie = cookiePair(await storage.commitSession(first));
  const session = await storage.getSession(cookie);
  const oldId = session.id;
  session.regenerateId(deleteOld);
  return { cookie, session, oldId };
}

it('callbacks: a regenerateId(true) whose old ID was deleted, then whose index update failed, leaves no listing without a record and the device signed in; regression (review)', async () => {
  const backend = mapBackend();
  const fail = {};
  const storage = failingStorage(backend, fail);
  const { cookie, session, oldId } = await regenerating(storage);
  let deleted = false;
  let failedOnce = false;
  fail.delete = (id) => { if (id === oldId) deleted = true; return false; };
  // The index write after the old ID's delete (unregister of the old ID) fails, once.
  fail.update = (id) => id.startsWith('es:user:') && deleted && !failedOnce && (failedOnce = true);
  let now = cookie;
  try {
    now = cookiePair(await storage.commitSession(session));
  } catch {}
  delete fail.update;
  delete fail.delete;
  const listed = (await storage.listUserSessions('ada')).map((entry) => entry.id);
  const user = (await storage.getSession(now)).get('userId');
  assert.deepEqual({ phantoms: listed.filter((id) => !backend.records.has(id)), user }, { phantoms: [], user: 'ada' },
    'no listed device without a record; the cookie the browser holds still opens the session');
});

it('file: a sign-in whose record write landed but then threw keeps the listing, so "sign out everywhere" ends it; regression (review)', async () => {
  const dir = tempDir('edge-session-failed-after-');
  const storage = createFileSessionStorage({ cookie: { secrets }, dir, userKey: 'userId' });
  const anon = await storage.getSession(null);
  anon.set('cart', [1]);
  const cookie = cookiePair(await storage.commitSession(anon));
  const session = await storage.getSession(cookie);
  session.set('userId', 'ada');
  const { rename, unlink } = fsp;
  let landed = false;
  fsp.rename = async (from, to) => {
    await rename(from, to);
    if (!String(to).includes(`${sep}users${sep}`) && String(to).endsWith(`${session.id}.json`)) landed = true;
  };
  // The record's rename landed; cleaning up after it (its temp file) fails with EIO, so update/replace throws.
  fsp.unlink = async (path, ...rest) => {
    if (landed && String(path).endsWith('.tmp')) {
      landed = false;
      throw Object.assign(new Error('EIO: i/o error, unlink'), { code: 'EIO' });
    }
    return unlink(path, ...rest);
  };
  syncBuiltinESMExports();
  try {
    await assert.rejects(storage.commitSession(session));
  } finally {
    Object.assign(fsp, { rename, unlink });
    syncBuiltinESMExports();
  }
  const signedIn = (await storage.getSession(cookie)).get('userId');
  await storage.revokeUserSessions('ada');
  assert.equal((await storage.getSession(cookie)).get('userId'), undefined, `"sign out everywhere" ends it (before: ${signedIn})`);
});

/**
 * Two tabs of one anonymous session submit the login form at once: A's sign-in is committed, then B's, whose
 * write `failWritesOf(b.id)` makes fail (it returns what stops the failures). Resolves to the cookie and A's
 * session, checked signed in.
 */
async function twoTabsSignIn(storage, failWritesOf) {
  const anon = await storage.getSession(null);
  anon.set('cart', [1]);
  const cookie = cookiePair(await storage.commitSession(anon));
  const a = await storage.getSession(cookie);
  const b = await storage.getSession(cookie);
  a.set('userId', 'ada');
  await storage.commitSession(a);
  b.set('userId', 'ada');
  const stopFailing = failWritesOf(b.id);
  await assert.rejects(storage.commitSession(b));
  stopFailing();
  assert.equal((await storage.getSession(cookie)).get('userId'), 'ada', 'signed in (request A)');
  return { cookie, a };
}

it('callbacks: a second request\'s sign-in of the same anonymous session, whose write fails, leaves the first request\'s signed-in session listed; regression (review)', async () => {
  const backend = mapBackend();
  const fail = {};
  const storage = failingStorage(backend, fail);
  const { a } = await twoTabsSignIn(storage, (id) => {
    fail.update = (updated) => updated === id;
    return () => delete fail.update;
  });
  assert.deepEqual((await storage.listUserSessions('ada')).map((e) => e.id), [a.id], 'the signed-in device is listed');
});

it('KV: a second request\'s sign-in of the same anonymous session, whose write fails, leaves the first request\'s signed-in session listed; regression (review): the failed sign-in always unlisted it', async () => {
  const kv = mapKV();
  const { get, put } = kv;
  let failPutOf;
  let indexLookups = 0;
  kv.put = async function (key, ...rest) {
    if (key === failPutOf) throw new Error('KV put failed: 500 Internal Server Error');
    return put.call(this, key, ...rest);
  };
  kv.get = async function (key, ...rest) {
    if (key.startsWith('session:user:')) indexLookups++;
    return get.call(this, key, ...rest);
  };
  const storage = createWorkersKVSessionStorage({ cookie: { secrets }, kv, userKey: 'userId' });
  const { cookie, a } = await twoTabsSignIn(storage, (id) => {
    failPutOf = `session:${id}`;
    return () => (failPutOf = undefined);
  });
  assert.deepEqual((await storage.listUserSessions('ada')).map((e) => e.id), [a.id], 'the signed-in device is listed');
  assert.equal(indexLookups, 2, 'one per sign-in');
  const later = await storage.getSession(cookie);
  later.set('cart', [2]);
  await storage.commitSession(later);
  assert.equal(indexLookups, 2, 'a commit of a signed-in session looks nothing more up');
});

it('file: a regenerateId(true) whose old ID was deleted, then whose index update failed, leaves no listing without a record and the device signed in; regression (review)', async () => {
  const dir = tempDir('edge-session-failed-after-');
  const storage = createFileSessionStorage({ cookie: { secrets }, dir, userKey: 'userId' });
  const { cookie, session, oldId } = await regenerating(storage);
  const { unlink, open } = fsp;
  let deleted = false;
  let failed = false;
  fsp.unlink = async (path, ...rest) => {
    const result = await unlink(path, ...rest);
    if (String(path).endsWith(`${oldId}.json`)) deleted = true;
    return result;
  };
  fsp.open = async (path, ...rest) => {
    if (deleted && isIndexFile(String(path))) {
      [deleted, failed] = [false, true];
      throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
    }
    return open(path, ...rest);
  };
  syncBuiltinESMExports();
  let now = cookie;
  try {
    now = cookiePair(await storage.commitSession(session));
  } catch {} finally {
    Object.assign(fsp, { unlink, open });
    syncBuiltinESMExports();
  }
  assert.ok(failed, "the index's read failed");
  const listed = (await storage.listUserSessions('ada')).map((entry) => entry.id);
  const user = (await storage.getSession(now)).get('userId');
  assert.deepEqual({ phantoms: listed.filter((id) => !existsSync(join(dir, `${id}.json`))), user }, { phantoms: [], user: 'ada' },
    'no listed device without a record; the cookie the browser holds still opens the session');
});

for (const landed of [false, true]) {
  it(`file: a regenerateId(true) whose write of the new ID ${landed ? 'landed but threw' : 'failed'} leaves the device listed under its live ID only, and that ID's record gone; regression (review): the new ID stayed listed, hiding the device's session, and counted as another device`, async () => {
    const dir = tempDir('edge-session-failed-after-');
    const storage = createFileSessionStorage({ cookie: { secrets }, dir, userKey: 'userId' });
    const { cookie, session, oldId } = await regenerating(storage);
    await whileRenameFails((to) => to.endsWith(`${session.id}.json`), () => storage.commitSession(session), landed);
    assert.equal(existsSync(join(dir, `${session.id}.json`)), false, 'a record no cookie names');
    const current = await storage.getSession(cookie);
    assert.equal(current.get('userId'), 'ada');
    assert.deepEqual((await storage.listUserSessions('ada')).map((entry) => entry.id), [oldId]);
    assert.equal(await storage.revokeUserSessions('ada', { except: current }), 0, 'another device counted');
  });
}

/** A session of ada's in `storage`, its cookie and ID, and the same data to write again under that ID. */
async function storedUnderId(storage) {
  const first = await storage.getSession(null);
  first.set('userId', 'ada');
  const cookie = cookiePair(await storage.commitSession(first));
  const id = (await storage.getSession(cookie)).id;
  // The app writes new data under that ID, as React Router's createSession(data, id) then commitSession does.
  return { cookie, id, replacement: await createSession({ userId: 'ada', theme: 'dark' }, id) };
}

it('callbacks: a failed write of createSession(data, id) under an ID the store holds leaves that session alive; regression (review): its record was deleted, the user signed out', async () => {
  const backend = mapBackend();
  const fail = {};
  const storage = failingStorage(backend, fail);
  const { cookie, id, replacement } = await storedUnderId(storage);
  fail.update = (written) => written === id;
  await assert.rejects(storage.commitSession(replacement), /database down/);
  delete fail.update;
  assert.equal(backend.records.has(id), true, 'the record the failed write would have replaced is gone');
  assert.equal((await storage.getSession(cookie)).get('userId'), 'ada');
  assert.deepEqual((await storage.listUserSessions('ada')).map((entry) => entry.id), [id]);
});

it('callbacks: a failed write of createSession(data, id) given a new ID (regenerateId()) keeps the given ID\'s record; the new one is createData\'s', async () => {
  const backend = mapBackend();
  const fail = {};
  const storage = failingStorage(backend, fail);
  const { cookie, id, replacement } = await storedUnderId(storage);
  replacement.regenerateId();
  const madeUp = replacement.id;
  // The new record's listing fails after createData made it.
  fail.update = (written) => written.startsWith('es:');
  await assert.rejects(storage.commitSession(replacement), /database down/);
  delete fail.update;
  assert.deepEqual({ given: backend.records.has(id), madeUp: backend.records.has(madeUp) }, { given: true, madeUp: false });
  assert.deepEqual([...backend.records.keys()].filter((key) => !key.startsWith('es:')), [id], 'the record createData made is deleted');
  assert.equal((await storage.getSession(cookie)).get('userId'), 'ada');
});

it('file: a failed write of createSession(data, id) under an ID the store holds leaves that session file alive; regression (review): the file was deleted, the user signed out', async () => {
  const dir = tempDir('edge-session-failed-after-');
  const storage = createFileSessionStorage({ cookie: { secrets }, dir, userKey: 'userId' });
  const { cookie, id, replacement } = await storedUnderId(storage);
  await whileRenameFails((to) => to === join(dir, `${id}.json`), () => storage.commitSession(replacement));
  assert.equal(existsSync(join(dir, `${id}.json`)), true, 'the session file the failed write would have replaced is gone');
  assert.equal((await storage.getSession(cookie)).get('userId'), 'ada');
  assert.deepEqual((await storage.listUserSessions('ada')).map((entry) => entry.id), [id]);
});

/**
 * Makes `fsp[name]` throw EIO once, for the first path `matches` accepts once `armed()` says so; returns what undoes
 * it. A record written (renamed into place) under `landedAs`, if given, arms it.
 */
function failOnce(name, matches, landedAs) {
  const { rename } = fsp;
  const original = fsp[name];
  let armed = landedAs === undefined;
  let failed = false;
  fsp.rename = async (from, to, ...rest) => {
    await rename(from, to, ...rest);
    if (String(to).endsWith(`${sep}${landedAs}.json`) && !String(to).includes(`${sep}users${sep}`)) armed = true;
  };
  fsp[name] = async (path, ...rest) => {
    if (armed && !failed && matches(String(path))) {
      failed = true;
      throw Object.assign(new Error(`EIO: i/o error, ${name}`), { code: 'EIO' });
    }
    return original(path, ...rest);
  };
  syncBuiltinESMExports();
  return () => {
    Object.assign(fsp, { rename, [name]: original });
    syncBuiltinESMExports();
  };
}

// The record a failed commit undid is no longer the session's: its next commit (a retry, a second loader's queued
// behind it, withSession's at the end of the request after the handler caught the error) writes the session again.
for (const [what, userKey, regenerate, failing] of [
  ['a regenerateId(true) whose old ID\'s delete failed', undefined, true, (dir, oldId) => ['unlink', (path) => path === join(dir, `${oldId}.json`)]],
  ['a regenerateId(true) whose old ID\'s delete failed', 'userId', true, (dir, oldId) => ['unlink', (path) => path === join(dir, `${oldId}.json`)]],
  ['a regenerateId() whose index check after the write failed', 'userId', false, (dir, oldId, newId) => ['open', isIndexFile, newId]],
]) {
  it(`file${userKey ? ' with userKey' : ''}: a commit retried after ${what} keeps the user signed in; regression (review): the failed commit left the session stored under the new ID it undid, and the retry took that for a logout, deleted the old record and expired the cookie`, async () => {
    const dir = tempDir('edge-session-failed-after-');
    const storage = createFileSessionStorage({ cookie: { secrets }, dir, userKey });
    const { cookie, session, oldId } = await regenerating(storage, regenerate);
    const undo = failOnce(...failing(dir, oldId, session.id));
    try {
      await assert.rejects(storage.commitSession(session), /EIO/);
    } finally {
      undo();
    }
    assert.equal((await storage.getSession(cookie)).get('userId'), 'ada', 'the failed commit alone signed the user out');
    const setCookie = await storage.commitSession(session);
    const now = await storage.getSession(cookiePair(setCookie));
    assert.deepEqual(
      { user: now.get('userId'), id: now.id, oldRecord: existsSync(join(dir, `${oldId}.json`)) },
      { user: 'ada', id: session.id, oldRecord: !regenerate },
      `the retry answered ${JSON.stringify(setCookie)}`,
    );
    if (userKey) assert.deepEqual((await storage.listUserSessions('ada')).map((entry) => entry.id).sort(), [session.id, ...(regenerate ? [] : [oldId])].sort());
  });
}

it('file: two loaders commit one session given a new ID (regenerateId(true)), the first fails at the old ID\'s delete: the second, queued behind it, keeps the user signed in; regression (review): it signed the user out', async () => {
  const dir = tempDir('edge-session-failed-after-');
  const storage = createFileSessionStorage({ cookie: { secrets }, dir, userKey: 'userId' });
  const { session, oldId } = await regenerating(storage);
  const undo = failOnce('unlink', (path) => path === join(dir, `${oldId}.json`));
  let results;
  try {
    results = await Promise.allSettled([storage.commitSession(session), storage.commitSession(session)]);
  } finally {
    undo();
  }
  assert.deepEqual(results.map((result) => result.status), ['rejected', 'fulfilled']);
  assert.equal((await storage.getSession(cookiePair(results[1].value))).get('userId'), 'ada', `the second commit answered ${JSON.stringify(results[1].value)}`);
  assert.equal(existsSync(join(dir, `${oldId}.json`)), false, 'the second commit finished the regenerateId(true)');
});

// React Router's createSession(data, id), or createSession(data), given a new ID by regenerateId() and committed once
// (its Set-Cookie names the new ID), then committed again in the request: that write lands, then throws.
for (const [store, given] of [['callbacks', true], ['callbacks', false], ['file', true], ['file', false]]) {
  it(`${store}: createSession(data${given ? ', id' : ''}) and regenerateId(), committed, then a second commit whose write lands and throws: the record the first commit's cookie names stays; regression (review): the session still arrived as ${given ? 'the given ID' : 'no ID'}, and the failed commit deleted that record and left it listed`, async () => {
    const backend = mapBackend();
    const fail = {};
    const dir = tempDir('edge-session-failed-after-');
    const storage = store === 'file' ? createFileSessionStorage({ cookie: { secrets }, dir, userKey: 'userId' }) : failingStorage(backend, fail);
    const hasRecord = (id) => (store === 'file' ? existsSync(join(dir, `${id}.json`)) : backend.records.has(id));
    const { id, replacement } = await storedUnderId(storage);
    const session = given ? replacement : await createSession({ userId: 'ada', theme: 'dark' });
    session.regenerateId();
    const setCookie = cookiePair(await storage.commitSession(session));
    const newId = session.id;
    assert.notEqual(newId, id);
    session.set('theme', 'light');
    const { rename } = fsp;
    if (store === 'file') {
      fsp.rename = async (from, to, ...rest) => {
        await rename(from, to, ...rest);
        if (String(to) === join(dir, `${newId}.json`)) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
      };
      syncBuiltinESMExports();
    }
    fail.update = (written) => written === newId && backend.records.set(written, { data: { userId: 'ada' } }) !== undefined;
    try {
      await assert.rejects(storage.commitSession(session), /EIO|database down/);
    } finally {
      fsp.rename = rename;
      syncBuiltinESMExports();
      delete fail.update;
    }
    const listed = (await storage.listUserSessions('ada')).map((entry) => entry.id);
    assert.deepEqual(
      { record: hasRecord(newId), user: (await storage.getSession(setCookie)).get('userId'), phantoms: listed.filter((listedId) => !hasRecord(listedId)) },
      { record: true, user: 'ada', phantoms: [] },
      'the first commit\'s cookie no longer opens the session',
    );
  });
}

// A regenerateId(true) commit that stands has deleted the ID it left: the session names it no more, and a later
// commit in the request deletes it no more. Regression (review): each later commit deleted it again (and took it
// off the index again): a failure of that needless delete failed the commit, and on KV a second delete of the key
// within a second was refused (429) and retried a second later.
it('callbacks: a second commit after a regenerateId(true) that stood neither names nor deletes the old ID again; regression (review): a failure of that delete failed the commit', async () => {
  const backend = mapBackend();
  const callbacks = callbacksOf(backend);
  const deletes = [];
  let failDeleteOf;
  const storage = createSessionStorage({
    cookie: { secrets },
    ...callbacks,
    userKey: 'userId',
    deleteData: async (id) => {
      deletes.push(id);
      if (id === failDeleteOf) throw new Error(`database down for this delete of ${id}`);
      return callbacks.deleteData(id);
    },
  });
  const first = await storage.getSession(null);
  first.set('userId', 'ada');
  const session = await storage.getSession(cookiePair(await storage.commitSession(first)));
  const oldId = session.id;
  session.regenerateId(true);
  await storage.commitSession(session);
  assert.equal(backend.records.has(oldId), false, 'the commit deleted the old ID');
  assert.equal(session.deleteId, undefined, 'and the session names it no more');
  session.set('theme', 'dark');
  failDeleteOf = oldId;
  const setCookie = await storage.commitSession(session);
  assert.equal((await storage.getSession(cookiePair(setCookie))).get('theme'), 'dark');
  assert.deepEqual(deletes, [oldId], 'deleted once');
});

it('KV: a second commit after a regenerateId(true) that stood deletes neither the old key nor its index key again; regression (review)', async () => {
  const kv = mapKV();
  const { delete: remove } = kv;
  const deleted = [];
  kv.delete = async function (key) {
    deleted.push(key);
    return remove.call(this, key);
  };
  const storage = createWorkersKVSessionStorage({ cookie: { secrets }, kv, userKey: 'userId' });
  const first = await storage.getSession(null);
  first.set('userId', 'ada');
  const session = await storage.getSession(cookiePair(await storage.commitSession(first)));
  const oldId = session.id;
  session.regenerateId(true);
  await storage.commitSession(session);
  const afterFirst = deleted.filter((key) => key.endsWith(oldId)).length;
  session.set('theme', 'dark');
  await storage.commitSession(session);
  assert.ok(afterFirst > 0, 'the first commit deleted the old ID');
  assert.equal(deleted.filter((key) => key.endsWith(oldId)).length, afterFirst, 'the second deleted nothing of it again');
});
