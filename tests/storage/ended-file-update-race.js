// The race the file storage's deletes of ended files must lose: a session file ended over LATE_COMMIT_GRACE_MS ago
// is read (getSession), and while one of the read's opens of the file holds its old text, an update
// (createSession(data, id) committed) renames a new record in under the file's lock. What the read then deletes
// must not be that record (file-read-delete-race, file-storage-sweep-rereads-under-lock).
import assert from 'node:assert/strict';
import fsp, { access, readFile, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { createFileSessionStorage, createSession } from 'edge-session';
import { issueSessionId } from '../../js/internal.js';
import { LATE_COMMIT_GRACE_MS } from '../../js/lifetime.js';
import { COOKIE_NAME, SECRET, signedCookie, sleep } from './support.js';

/**
 * Runs the race in `dir`, the read held at its `heldOpen`-th open of the ended file (1: its first look; 2: the
 * delete's look before it takes the lock), the file named by an ID of `fill` characters; true when the record the
 * update wrote is still there afterwards.
 */
export async function updateKeptThroughEndedFileRead(dir, { heldOpen, fill }) {
  const storage = createFileSessionStorage({ cookie: { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 }, dir });
  const first = await storage.getSession(null);
  first.set('x', 1);
  await storage.commitSession(first); // makes dir
  const id = issueSessionId(COOKIE_NAME, fill.repeat(24)); // of this cookie: its cookie reaches the store
  const path = join(dir, `${id}.json`);
  await writeFile(path, JSON.stringify({ data: { user: 'gone' }, expires: Date.now() - LATE_COMMIT_GRACE_MS - 60_000 }));

  // The held open's read returns the old text, then waits (as a busy event loop or slow disk would) for the write.
  const original = fsp.open;
  let release;
  const gate = new Promise((resolve) => (release = resolve));
  let opens = 0;
  let held = false;
  fsp.open = async function (...args) {
    const handle = await original.apply(this, args);
    if (String(args[0]) === path && ++opens === heldOpen) {
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
    await storage.commitSession(await createSession({ user: 'new' }, id)); // update: takes the lock, renames it in
    assert.match(await readFile(path, 'utf8'), /"user":"new"/);
    release();
    (await reading).dispose();
  } finally {
    fsp.open = original;
    syncBuiltinESMExports();
  }
  return access(path).then(() => true, () => false);
}
