// createFileSessionStorage: what a logout or a revocation removes or renames is on disk when it returns. Regression
// (s44): only writes fsynced their directory; a logout's unlink, revokeUserSessions' deletes and every rename or
// removal of a user's index were not, so a power loss in the seconds after one returned (the journal's commit
// interval) could bring back a session the user had ended, or the index whose mark voids a revoked one. The test
// watches the calls (a power loss cannot be staged in a test): each such change is followed by an fsync of the
// directory that holds it before the call resolves.
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, it } from 'node:test';
import { createFileSessionStorage } from 'edge-session';
import { COOKIE_NAME, SECRET } from './support.js';

const events = []; // 'unlink <path>', 'rename <to>', 'sync <path>' in the order they completed
const real = { unlink: fsp.unlink, rename: fsp.rename, open: fsp.open };
fsp.unlink = async (path, ...rest) => {
  await real.unlink(path, ...rest);
  events.push(`unlink ${path}`);
};
fsp.rename = async (from, to) => {
  await real.rename(from, to);
  events.push(`rename ${to}`);
};
fsp.open = async (path, ...rest) => {
  const handle = await real.open(path, ...rest);
  const sync = handle.sync.bind(handle);
  handle.sync = async () => {
    await sync();
    events.push(`sync ${path}`);
  };
  return handle;
};
syncBuiltinESMExports();
after(() => {
  Object.assign(fsp, real);
  syncBuiltinESMExports();
});

const scratch = await mkdtemp(join(tmpdir(), 'edge-session-dir-sync-'));
after(() => rm(scratch, { recursive: true, force: true }));
let dirs = 0;

function storageIn() {
  const dir = join(scratch, `sessions-${++dirs}`);
  const storage = createFileSessionStorage({ cookie: { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 }, dir, userKey: 'userId' });
  return { dir, storage };
}

async function signIn(storage, userId) {
  const session = await storage.getSession();
  session.set('userId', userId);
  const cookie = (await storage.commitSession(session)).split(';')[0];
  return { cookie, id: session.id };
}

/** The changes of files in `events` since `from` that no later fsync of their directory made durable. */
function unsynced(from) {
  const open = new Map();
  for (const event of events.slice(from)) {
    const [kind, path] = [event.slice(0, event.indexOf(' ')), event.slice(event.indexOf(' ') + 1)];
    if (kind === 'sync') open.delete(path);
    else if (!/\.(lock|tmp)$/.test(path)) open.set(dirname(path), event);
  }
  return [...open.values()];
}

it("a logout's unlink of the session file is synced before destroySession resolves", async () => {
  const { dir, storage } = storageIn();
  const { cookie, id } = await signIn(storage, 'ada');
  const from = events.length;
  await storage.destroySession(await storage.getSession(cookie));
  assert.ok(events.slice(from).includes(`unlink ${join(dir, `${id}.json`)}`), 'the file was removed');
  assert.deepEqual(unsynced(from), []);
});

it("revokeUserSessions' deletes and the index's mark are synced before it resolves", async () => {
  const { dir, storage } = storageIn();
  const here = await signIn(storage, 'ada');
  const other = await signIn(storage, 'ada');
  const from = events.length;
  assert.equal(await storage.revokeUserSessions('ada', { except: here.id }), 1);
  const changed = events.slice(from);
  assert.ok(changed.includes(`unlink ${join(dir, `${other.id}.json`)}`), 'the other session was removed');
  assert.ok(changed.some((event) => event.startsWith(`rename ${join(dir, 'users')}/`)), 'the index was rewritten');
  assert.deepEqual(unsynced(from), []);
});

it("a sign-in's index and a last logout's removal of the index are synced", async () => {
  const { dir, storage } = storageIn();
  let from = events.length;
  const { cookie } = await signIn(storage, 'grace');
  assert.ok(events.slice(from).some((event) => event.startsWith(`rename ${join(dir, 'users')}/`)), 'the index was written');
  assert.deepEqual(unsynced(from), []);
  from = events.length;
  await storage.destroySession(await storage.getSession(cookie));
  assert.deepEqual(unsynced(from), []);
});

// README (Files): "the directory is fsynced after each rename". Mutation pass (s46): replace (a change of a stored
// session, or its renewal) returning without syncing its directory went unnoticed; only sign-ins (create's link) and
// the index's renames were watched.
it("a change's rename of the session file is synced before commitSession resolves", async () => {
  const { dir, storage } = storageIn();
  const { cookie, id } = await signIn(storage, 'ada');
  const session = await storage.getSession(cookie);
  session.set('cart', [1]);
  const from = events.length;
  await storage.commitSession(session);
  assert.ok(events.slice(from).includes(`rename ${join(dir, `${id}.json`)}`), 'the file was renamed over');
  assert.deepEqual(unsynced(from), []);
});
