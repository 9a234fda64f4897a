// README (Files): "a file whose lock is held is left for its holder", and every write renames its record in under the
// file's lock, so the delete of a file ended for good reads it again once it holds that lock: a record written after
// its first look (before the lock was taken) is kept. Mutation pass (s46): the delete under the lock without that
// second read went unnoticed; file-read-delete-race held the read before the sweep's own first look, which then saw
// the new record, so a write landing between that look and the lock lost the record it had just written.
import assert from 'node:assert/strict';
import fsp, { access, readFile, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { it } from 'node:test';
import { createFileSessionStorage, createSession } from 'edge-session';
import { issueSessionId } from '../../js/internal.js';
import { LATE_COMMIT_GRACE_MS } from '../../js/lifetime.js';
import { tempDir } from '../helpers/temp-dir.js';
import { COOKIE_NAME, SECRET, signedCookie, sleep } from './support.js';

it('a record written between the delete\'s look at an ended file and its lock is kept', async () => {
  const dir = tempDir('edge-session-sweep-reread-');
  const storage = createFileSessionStorage({ cookie: { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 }, dir });
  const first = await storage.getSession(null);
  first.set('x', 1);
  await storage.commitSession(first); // makes dir
  const id = issueSessionId(COOKIE_NAME, 'd'.repeat(24));
  const path = join(dir, `${id}.json`);
  await writeFile(path, JSON.stringify({ data: { user: 'gone' }, expires: Date.now() - LATE_COMMIT_GRACE_MS - 60_000 }));

  // The read's own look passes; the delete's look (the file's second open) returns the old text, then waits.
  const original = fsp.open;
  let release;
  const gate = new Promise((resolve) => (release = resolve));
  let opens = 0;
  let held = false;
  fsp.open = async function (...args) {
    const handle = await original.apply(this, args);
    if (String(args[0]) === path && ++opens === 2) {
      const readText = handle.readFile.bind(handle);
      handle.readFile = async (...options) => {
        const text = await readText(...options);
        held = true;
        await gate;
        return text;
      };
    }
    return handle;
  };
  syncBuiltinESMExports();
  try {
    const reading = storage.getSession(signedCookie(id));
    while (!held) await sleep(1);
    await storage.commitSession(await createSession({ user: 'new' }, id)); // update: renames the new record in
    assert.match(await readFile(path, 'utf8'), /"user":"new"/);
    release();
    (await reading).dispose();
  } finally {
    fsp.open = original;
    syncBuiltinESMExports();
  }
  assert.ok(await access(path).then(() => true, () => false), 'the record update had just written was deleted');
});
