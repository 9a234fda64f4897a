// createFileSessionStorage made per request (a storage factory given a new env each request, as @hono/node-server
// gives; a React Router middleware function that builds one). Regression (black-box pass over memory): the sweep's
// place in the directory was the storage object's, so a storage used once looked at the first two files of a new
// listing, mostly live ones: 1,492 session files and 1,476 users' index files stayed after 1,500 new visitors (one
// per visitor, for good), where one shared storage held ~475. The place is now the directory's, in the process.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createFileSessionStorage, withSession } from 'edge-session';
import { issueSessionId } from '../../js/internal.js';
import { LATE_COMMIT_GRACE_MS } from '../../js/lifetime.js';
import { commitNew, COOKIE_NAME, SECRET } from './support.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const scratch = await mkdtemp(join(tmpdir(), 'edge-session-per-request-'));
after(() => rm(scratch, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(scratch, `sessions-${++dirs}`);
const jsonFiles = async (dir) => (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.json'));

/** `visitors` new visitors, 5 a second (each session lives 10 s, kept a minute more), through withSession. */
async function visits(t, { perRequest, visitors }) {
  const dir = freshDir();
  t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-05T00:00:00Z') });
  const options = { dir, cookie: { name: COOKIE_NAME, secrets: [SECRET], maxAge: 10 }, userKey: 'userId' };
  const shared = createFileSessionStorage(options);
  let user = 0;
  const fetch = withSession(
    () => (perRequest ? createFileSessionStorage(options) : shared),
    async (request, { session }) => {
      session.set('userId', `user-${user++}`);
      return new Response('ok');
    },
  );
  for (let i = 0; i < visitors; i++) {
    t.mock.timers.tick(200);
    await fetch(new Request('http://localhost/'), {}); // a new env object per request
  }
  return { sessions: (await jsonFiles(dir)).length, indexes: (await jsonFiles(join(dir, 'users'))).length };
}

describe('createFileSessionStorage made per request', () => {
  it('sweeps expired session files and users\' indexes as one shared storage does', { timeout: 120_000 }, async (t) => {
    const shared = await visits(t, { perRequest: false, visitors: 1200 });
    t.mock.timers.reset();
    const perRequest = await visits(t, { perRequest: true, visitors: 1200 });
    t.diagnostic(`after 1200 visitors: shared ${JSON.stringify(shared)}, per request ${JSON.stringify(perRequest)}`);
    // ~50 sessions alive, ~300 more within the minute's grace: the directory follows them, not the visitors.
    assert.ok(shared.sessions < 600 && shared.indexes < 600, JSON.stringify(shared));
    assert.ok(perRequest.sessions < 600, `${perRequest.sessions} session files`);
    assert.ok(perRequest.indexes < 600, `${perRequest.indexes} users' index files`);
  });

  it('storages over more directories than are kept: each goes on sweeping, without a directory-handle warning', { timeout: 60_000 }, async () => {
    const warnings = [];
    const onWarning = (warning) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };
      const first = freshDir();
      let firstStorage = createFileSessionStorage({ cookie, dir: first });
      await commitNew(firstStorage); // its listing is open, at the directory's start
      for (let i = 0; i < 70; i++) await commitNew(createFileSessionStorage({ cookie, dir: freshDir() }));
      // The first directory's place was dropped past the 64 kept: its storage sweeps with a listing of its own.
      await mkdir(first, { recursive: true });
      const expired = [];
      for (let i = 0; i < 6; i++) {
        const name = `${issueSessionId(COOKIE_NAME, i.toString(16).padStart(24, 'c'))}.json`;
        await writeFile(join(first, name), JSON.stringify({ data: { user: 'gone' }, expires: Date.now() - LATE_COMMIT_GRACE_MS - 60_000 }));
        expired.push(name);
      }
      for (let i = 0; i < 8; i++) await commitNew(firstStorage);
      const left = await jsonFiles(first);
      assert.deepEqual(expired.filter((name) => left.includes(name)), [], 'expired files left');
      // Its listing is the directory's again (asked for at each use): dropped, nothing is left for Node to close.
      // Regression (adversarial pass): the storage kept the evicted directory's sweeps, opened a listing there that
      // nothing closed, and Node closed it at GC with its warning.
      for (let i = 0; i < 70; i++) await commitNew(createFileSessionStorage({ cookie, dir: freshDir() }));
      await commitNew(firstStorage);
      firstStorage = null;
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.deepEqual(warnings.filter((message) => /directory handle/i.test(message)), []);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
