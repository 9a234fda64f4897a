// createFileSessionStorage on a filesystem out of inodes (a directory of many small session files fills a disk's
// inode table before its blocks; a tmpfs with nr_inodes, mounted when the test runs as root with the right to
// mount; skipped otherwise). Nothing can be created there, but files can still be deleted: a logout deletes, and
// must not need a new file to do so, or no user can sign out until an operator frees space, and the sweep of expired
// sessions, the one thing that would free inodes, cannot delete either.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createFileSessionStorage, withSession } from 'edge-session';
import { COOKIE_NAME, cookiePair, idOf, SECRET } from './support.js';

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

async function quietly(work) {
  const error = console.error;
  console.error = () => {};
  try {
    return await work();
  } finally {
    console.error = error;
  }
}

/** Mounts a tmpfs of few inodes at a new directory of `scratch`: its path, or null when this process cannot mount. */
function mountFewInodes(name) {
  const mountPoint = join(scratch, name);
  mkdirSync(mountPoint, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,nr_inodes=64', 'tmpfs', mountPoint], { stdio: 'ignore' });
    return mountPoint;
  } catch {
    return null;
  }
}

/** Creates empty files in `dir` until the filesystem has no inode left. */
function useUpInodes(dir) {
  for (let i = 0; ; i++) {
    try {
      writeFileSync(join(dir, `filler${i}`), '');
    } catch (error) {
      assert.equal(error.code, 'ENOSPC');
      return;
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
