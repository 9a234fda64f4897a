// createFileSessionStorage when the filesystem fails under it: its directory removed while the process runs (an
// operator, a tmp cleaner, a remount), and a full disk (a 64 KiB tmpfs, mounted when the test runs as root with
// the right to mount; skipped otherwise). The regressions are named after the defect they pin (audit of storage
// failures).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createFileSessionStorage, withSession } from 'edge-session';
import { COOKIE_NAME, cookiePair, mountTmpfs, quietly, SECRET } from './support.js';

const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };
const scratch = await mkdtemp(join(tmpdir(), 'edge-session-file-faults-'));
after(() => rm(scratch, { recursive: true, force: true }));

/** A withSession fetch over `storage`: `?user=` signs in, `/logout` destroys, anything else counts. */
function app(storage) {
  return withSession(storage, async (request, { session }) => {
    const url = new URL(request.url);
    if (url.pathname === '/logout') session.destroy();
    else if (url.searchParams.has('user')) session.set('user', url.searchParams.get('user'));
    else session.set('n', (session.get('n') ?? 0) + 1);
    return new Response('ok');
  });
}

describe('createFileSessionStorage whose directory was removed', () => {
  it('commits again at once; regression: every later commit failed (a 500) until the process restarted', async () => {
    const dir = join(scratch, 'removed-commit');
    const fetch = app(createFileSessionStorage({ cookie, dir }));
    assert.equal((await fetch(new Request('https://example.com/'))).status, 200);
    rmSync(dir, { recursive: true });
    const response = await quietly(() => fetch(new Request('https://example.com/')));
    assert.equal(response.status, 200);
    assert.ok(response.headers.getSetCookie().length === 1, 'the new session is sent');
  });

  it('a logout completes and expires the cookie', async () => {
    const dir = join(scratch, 'removed-logout');
    const fetch = app(createFileSessionStorage({ cookie, dir }));
    const cookieHeader = cookiePair((await fetch(new Request('https://example.com/?user=ann'))).headers.getSetCookie()[0]);
    rmSync(dir, { recursive: true });
    const logout = await quietly(() => fetch(new Request('https://example.com/logout', { headers: { Cookie: cookieHeader } })));
    assert.equal(logout.status, 200);
    assert.match(logout.headers.getSetCookie().join('\n'), /Max-Age=0/);
  });
});

const mountPoint = join(scratch, 'full-disk');

describe('createFileSessionStorage on a full disk', () => {
  it('a failed index write leaves no temporary file; regression: each failed sign-in left one in dir/users/', async (t) => {
    if (!mountTmpfs(mountPoint, 'size=64k')) return t.skip('cannot mount a tmpfs here (needs root and the right to mount)');
    t.after(() => execFileSync('umount', ['-l', mountPoint]));
    const dir = join(mountPoint, 'sessions');
    const fetch = app(createFileSessionStorage({ cookie, dir, userKey: 'user' }));
    assert.equal((await fetch(new Request('https://example.com/?user=first'))).status, 200);
    // Fill the disk, then give back one page: room for a session file, none for the index written after it.
    let files = 0;
    try {
      for (;;) writeFileSync(join(mountPoint, `filler${files++}`), Buffer.alloc(4096));
    } catch (error) {
      assert.equal(error.code, 'ENOSPC');
    }
    rmSync(join(mountPoint, `filler${files - 2}`));
    const statuses = await quietly(async () => {
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push((await fetch(new Request(`https://example.com/?user=u${i}`))).status);
      return answers;
    });
    assert.deepEqual(statuses, [500, 500, 500], 'the disk is full: the sign-ins fail with a clear 500');
    const temps = readdirSync(join(dir, 'users')).filter((name) => name.endsWith('.tmp'));
    assert.deepEqual(temps, [], `left behind: ${temps.join(', ')}`);
  });
});
