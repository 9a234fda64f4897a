// A read of a session file ended over a minute ago deleted it without the file's lock: a write renamed over it in
// between (update: createSession(data, id); replace: a late renewal) is deleted with it. The sweep was fixed for
// exactly this (2f75cf6); read() was not. Regression (review): the record update had just written was deleted.
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { mkdtemp, readFile, rm, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { createFileSessionStorage, createSession } from 'edge-session';
import { issueSessionId } from '../../js/internal.js';
import { LATE_COMMIT_GRACE_MS } from '../../js/lifetime.js';
import { COOKIE_NAME, SECRET, signedCookie, sleep } from './support.js';

const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };
const scratch = await mkdtemp(join(tmpdir(), 'edge-session-read-race-'));
after(() => rm(scratch, { recursive: true, force: true }));

it('a read deleting an ended file does not delete the record an update renamed over it meanwhile', async () => {
  const dir = join(scratch, 'a');
  const storage = createFileSessionStorage({ cookie, dir });
  const first = await storage.getSession(null);
  first.set('x', 1);
  await storage.commitSession(first); // makes dir
  const id = issueSessionId(COOKIE_NAME, 'c'.repeat(24)); // of this cookie: its cookie reaches the store
  const path = join(dir, `${id}.json`);
  await writeFile(path, JSON.stringify({ data: { user: 'gone' }, expires: Date.now() - LATE_COMMIT_GRACE_MS - 60_000 }));

  // The read of the file returns the old text, then waits (as a busy event loop or slow disk would) for the write.
  const original = fsp.open;
  let release;
  const gate = new Promise((resolve) => (release = resolve));
  let held = false;
  fsp.open = async function (...args) {
    const handle = await original.apply(this, args);
    if (String(args[0]) === path && !held) {
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
    const session = await createSession({ user: 'new' }, id);
    await storage.commitSession(session); // update: takes the lock, renames the new record in
    assert.match(await readFile(path, 'utf8'), /"user":"new"/);
    release();
    (await reading).dispose();
  } finally {
    fsp.open = original;
    syncBuiltinESMExports();
  }
  const exists = await access(path).then(() => true, () => false);
  assert.ok(exists, 'the record just written by update was deleted by the concurrent read');
});
