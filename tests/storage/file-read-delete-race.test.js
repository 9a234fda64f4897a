// A read of a session file ended over a minute ago deleted it without the file's lock: a write renamed over it in
// between (update: createSession(data, id); replace: a late renewal) is deleted with it. The sweep was fixed for
// exactly this (2f75cf6); read() was not. Regression (review): the record update had just written was deleted.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { updateKeptThroughEndedFileRead } from './ended-file-update-race.js';

const scratch = await mkdtemp(join(tmpdir(), 'edge-session-read-race-'));
after(() => rm(scratch, { recursive: true, force: true }));

it('a read deleting an ended file does not delete the record an update renamed over it meanwhile', async () => {
  // The read's first look at the file returns the old text, then waits for the write.
  const kept = await updateKeptThroughEndedFileRead(join(scratch, 'a'), { heldOpen: 1, fill: 'c' });
  assert.ok(kept, 'the record just written by update was deleted by the concurrent read');
});
