// README (Files): "Writes go to `.<id>.<random>.tmp` in the same directory, are fsynced, then renamed over the
// session file, so a crash leaves the old session or the new one, never a partial file". The test watches the calls
// (a power loss cannot be staged in a test): every temporary file a session's create (link), its update (rename) or a
// user's index change (rename) puts under its name was fsynced first; a name pointing at data still in the page
// cache is what a power loss turns into an empty or partial file. Mutation pass (s46): writeFileSynced without its
// fsync went unnoticed; the SIGKILL test cannot see it (the kernel keeps the data of a killed process).
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { it } from 'node:test';
import { createFileSessionStorage } from 'edge-session';
import { tempDir } from '../helpers/temp-dir.js';
import { COOKIE_NAME, SECRET } from './support.js';

it('a session file or an index takes a temporary file\'s name only once that file was fsynced', async (t) => {
  const synced = new Set();
  const named = []; // [temporary file, whether it was fsynced when a name was put on it]
  const real = { link: fsp.link, rename: fsp.rename, open: fsp.open };
  fsp.link = async (from, to) => {
    named.push([String(from), synced.has(String(from))]);
    return real.link(from, to);
  };
  fsp.rename = async (from, to) => {
    named.push([String(from), synced.has(String(from))]);
    return real.rename(from, to);
  };
  fsp.open = async (path, ...rest) => {
    const handle = await real.open(path, ...rest);
    const sync = handle.sync.bind(handle);
    handle.sync = async () => {
      await sync();
      synced.add(String(path));
    };
    return handle;
  };
  syncBuiltinESMExports();
  t.after(() => {
    Object.assign(fsp, real);
    syncBuiltinESMExports();
  });
  const storage = createFileSessionStorage({ cookie: { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 }, dir: tempDir('edge-session-temp-synced-'), userKey: 'userId' });
  const session = await storage.getSession();
  session.set('userId', 'ada'); // a create, and the index's first write
  const cookie = (await storage.commitSession(session)).split(';')[0];
  const again = await storage.getSession(cookie);
  again.set('cart', [1]); // an update (replace)
  await storage.commitSession(again);
  const moved = await storage.getSession(cookie);
  moved.regenerateId(true); // a new ID: its record, and the index's change
  await storage.commitSession(moved);
  assert.ok(named.some(([from]) => from.includes('/users/')), 'an index was written');
  assert.ok(named.length >= 4, `${named.length} names put on temporary files`);
  assert.deepEqual(named.filter(([, wasSynced]) => !wasSynced), [], 'named before their fsync');
});
