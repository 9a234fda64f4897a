// createFileSessionStorage on a filesystem out of inodes (a directory of many small session files fills a disk's
// inode table before its blocks; a tmpfs with nr_inodes, mounted when the test runs as root with the right to
// mount; skipped otherwise). Nothing can be created there, but files can still be deleted: a logout deletes, and
// must not need a new file to do so, or no user can sign out until an operator frees space. Room comes back at any
// moment (another process's delete), so a write racing such a logout must not put the session back; a read of a
// session long expired must not fail on its housekeeping delete; a revocation, which must change the user's index,
// throws STORAGE_FAILED there and ends nothing (README, Files).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs, { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createFileSessionStorage, withSession } from 'edge-session';
import { commitNew, COOKIE_NAME, cookiePair, idOf, mountTmpfs, quietly, readSession, SECRET } from './support.js';

const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };
const scratch = await mkdtemp(join(tmpdir(), 'edge-session-file-inodes-'));
after(() => rm(scratch, { recursive: true, force: true }));

/** A withSession fetch over `storage`: `?user=` signs in, `/logout` destroys, anything else only reads. */
function app(storage) {
  return withSession(storage, async (request, { session }) => {
    const url = new URL(request.url);
    if (url.pathname === '/logout') session.destroy();
    else if (url.searchParams.has('user')) session.set('user', url.searchParams.get('user'));
    return Response.json({ user: session.destroyed ? null : (session.get('user') ?? null) });
  });
}

/** Mounts a tmpfs of few inodes at a new directory of `scratch`: its path, or null when this process cannot mount. */
function mountFewInodes(name) {
  const mountPoint = join(scratch, name);
  return mountTmpfs(mountPoint, 'size=1m,nr_inodes=64') ? mountPoint : null;
}

/** Creates empty files in `dir` until no inode is left: their paths. */
function useUpInodes(dir) {
  const made = [];
  for (let i = 0; ; i++) {
    try {
      writeFileSync(join(dir, `filler${i}`), '');
      made.push(join(dir, `filler${i}`));
    } catch (error) {
      assert.equal(error.code, 'ENOSPC');
      return made;
    }
  }
}

for (const userKey of [undefined, 'user']) {
  describe(`createFileSessionStorage out of inodes${userKey ? ' (userKey)' : ''}`, () => {
    it('a logout still deletes the session and expires the cookie', async (t) => {
      const mountPoint = mountFewInodes(`logout-${userKey ?? 'plain'}`);
      if (mountPoint === null) return t.skip('cannot mount a tmpfs here (needs root and the right to mount)');
      t.after(() => execFileSync('umount', ['-l', mountPoint]));
      const dir = join(mountPoint, 'sessions');
      const fetch = app(createFileSessionStorage({ cookie, dir, userKey }));
      const login = await fetch(new Request('https://example.com/?user=ann'));
      assert.equal(login.status, 200);
      const setCookie = login.headers.getSetCookie()[0];
      const file = join(dir, `${idOf(setCookie)}.json`);
      assert.ok(existsSync(file));
      useUpInodes(mountPoint);

      const logout = await quietly(() => fetch(new Request('https://example.com/logout', { headers: { Cookie: cookiePair(setCookie) } })));
      assert.equal(logout.status, 200, `the logout failed: ${await logout.clone().text()}`);
      assert.match(logout.headers.getSetCookie().join('\n'), /Max-Age=0/);
      assert.ok(!existsSync(file), 'the session file is still there: the old cookie still signs in');
      const again = await fetch(new Request('https://example.com/me', { headers: { Cookie: cookiePair(setCookie) } }));
      assert.equal((await again.json()).user, null, 'the old cookie still opens the session');
      assert.deepEqual(readdirSync(dir).filter((name) => !name.endsWith('.json') && name !== 'users'), [], 'left behind');
    });
  });
}

function gate() {
  let open;
  const opened = new Promise((resolve) => (open = resolve));
  return { opened, open };
}
const within = (promise, ms) => Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms))]);


it('a write racing a logout out of inodes does not put the logged-out session back', async (t) => {
  const mountPoint = mountFewInodes('race');
  if (mountPoint === null) return t.skip('cannot mount a tmpfs here (needs root and the right to mount)');
  t.after(() => execFileSync('umount', ['-l', mountPoint]));
  const dir = join(mountPoint, 'sessions');
  const storage = createFileSessionStorage({ cookie, dir });
  const setCookie = await commitNew(storage, { user: 'ann' });
  const id = idOf(setCookie);
  const file = join(dir, `${id}.json`);
  const lock = `${file}.lock`;

  const real = { open: fs.promises.open, unlink: fs.promises.unlink, rename: fs.promises.rename };
  const writerAtLock = gate();
  const writerMayLock = gate();
  const writerAtRename = gate();
  const writerMayRename = gate();
  let fillers = [];
  let lockOpens = 0;
  let unlinked = false;
  fs.promises.open = async (path, flags, ...rest) => {
    if (path === lock && flags === 'wx' && ++lockOpens === 1) {
      writerAtLock.open(); // the write: its temporary file made, about to take the lock
      await writerMayLock.opened;
    }
    return real.open(path, flags, ...rest);
  };
  fs.promises.unlink = async (path) => {
    if (path === file && !unlinked) {
      unlinked = true;
      // The logout, past its failed lock (ENOSPC): one inode comes free (another process's logout), the write takes
      // the lock and finds the file still there.
      unlinkSync(fillers.pop());
      writerMayLock.open();
      await within(writerAtRename.opened, 1000); // under a lock the write waits for the logout: no deadlock
    }
    try {
      return await real.unlink(path);
    } finally {
      if (path === file) writerMayRename.open();
    }
  };
  fs.promises.rename = async (from, to) => {
    if (to === file) {
      writerAtRename.open();
      await writerMayRename.opened;
    }
    return real.rename(from, to);
  };
  syncBuiltinESMExports();
  t.after(() => {
    Object.assign(fs.promises, real);
    syncBuiltinESMExports();
  });

  const writer = await storage.getSession(cookiePair(setCookie));
  const loggedOut = await storage.getSession(cookiePair(setCookie));
  writer.set('visits', 2);
  const write = storage.commitSession(writer);
  await writerAtLock.opened;
  fillers = useUpInodes(mountPoint);
  const logout = await storage.destroySession(loggedOut);
  assert.match(logout, /Max-Age=0/);
  await write.catch(() => {});

  assert.ok(!existsSync(file), 'the logged-out session\'s file is back');
  assert.deepEqual((await readSession(storage, cookiePair(setCookie))).data, {}, 'the old cookie is signed in again');
});

it('a logout carrying a cookie of a session expired long ago answers 200, not 500', async (t) => {
  const mountPoint = mountFewInodes('expired');
  if (mountPoint === null) return t.skip('cannot mount a tmpfs here (needs root and the right to mount)');
  t.after(() => execFileSync('umount', ['-l', mountPoint]));
  const dir = join(mountPoint, 'sessions');
  const storage = createFileSessionStorage({ cookie, dir });
  const setCookie = await commitNew(storage, { user: 'ann' });
  const file = join(dir, `${idOf(setCookie)}.json`);
  // Ten minutes past its expiry (as a file left by a visitor who comes back after it), rewritten in place.
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), expires: Date.now() - 10 * 60_000 }));
  useUpInodes(mountPoint);

  const fetch = withSession(storage, (request, { session }) => {
    if (new URL(request.url).pathname === '/logout') session.destroy();
    return new Response('ok');
  });
  const errors = [];
  const realError = console.error;
  console.error = (...args) => errors.push(args.map(String).join(' '));
  let response;
  try {
    response = await fetch(new Request('https://example.com/logout', { headers: { Cookie: cookiePair(setCookie) } }));
  } finally {
    console.error = realError;
  }
  assert.equal(response.status, 200, `${await response.text()} ${errors.join('\n')}`);
});

it('revokeUserSessions out of inodes throws STORAGE_FAILED and ends nothing, as README says (regression: README said it deleted the files)', async (t) => {
  const mountPoint = mountFewInodes('revoke');
  if (mountPoint === null) return t.skip('cannot mount a tmpfs here (needs root and the right to mount)');
  t.after(() => execFileSync('umount', ['-l', mountPoint]));
  const dir = join(mountPoint, 'sessions');
  const storage = createFileSessionStorage({ cookie, dir, userKey: 'user' });
  const phone = await commitNew(storage, { user: 'ann' });
  const laptop = await commitNew(storage, { user: 'ann' });
  useUpInodes(mountPoint);

  await assert.rejects(storage.revokeUserSessions('ann'), { name: 'SessionStorageError', code: 'STORAGE_FAILED' });
  for (const setCookie of [phone, laptop]) {
    assert.ok(existsSync(join(dir, `${idOf(setCookie)}.json`)), 'a revocation that threw ended a session all the same');
    assert.equal((await readSession(storage, cookiePair(setCookie))).data.user, 'ann');
  }
});

// README (Files): out of inodes "a logout still deletes the session's file". Its delete frees the file's inode for its
// lock, but another process may take that inode first: the lock stays impossible, and the logout, its file gone,
// gives up waiting for room after a few tries and answers. Mutation pass (s46): removeSessionFile rethrowing then
// went unnoticed; that logout answered 500 though its file was deleted, and the browser kept its cookie.
it('a logout out of inodes whose freed inode another process takes at once still answers and expires the cookie', async (t) => {
  const mountPoint = mountFewInodes('taken');
  if (mountPoint === null) return t.skip('cannot mount a tmpfs here (needs root and the right to mount)');
  t.after(() => execFileSync('umount', ['-l', mountPoint]));
  const dir = join(mountPoint, 'sessions');
  const fetch = app(createFileSessionStorage({ cookie, dir }));
  const setCookie = (await fetch(new Request('https://example.com/?user=ann'))).headers.getSetCookie()[0];
  const file = join(dir, `${idOf(setCookie)}.json`);
  useUpInodes(mountPoint);
  const realUnlink = fs.promises.unlink;
  let taken = 0;
  fs.promises.unlink = async (path, ...rest) => {
    await realUnlink(path, ...rest);
    writeFileSync(join(mountPoint, `taken${++taken}`), ''); // another process's new file, in the inode just freed
  };
  syncBuiltinESMExports();
  let logout;
  try {
    logout = await quietly(() => fetch(new Request('https://example.com/logout', { headers: { Cookie: cookiePair(setCookie) } })));
  } finally {
    fs.promises.unlink = realUnlink;
    syncBuiltinESMExports();
  }
  assert.equal(logout.status, 200, `the logout failed: ${await logout.clone().text()}`);
  assert.match(logout.headers.getSetCookie().join('\n'), /Max-Age=0/);
  assert.ok(!existsSync(file), 'the session file is still there');
});
