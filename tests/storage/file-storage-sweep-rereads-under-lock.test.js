// README (Files): "a file whose lock is held is left for its holder", and every write renames its record in under the
// file's lock, so the delete of a file ended for good reads it again once it holds that lock: a record written after
// its first look (before the lock was taken) is kept. Mutation pass (s46): the delete under the lock without that
// second read went unnoticed; file-read-delete-race held the read before the sweep's own first look, which then saw
// the new record, so a write landing between that look and the lock lost the record it had just written.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { tempDir } from '../helpers/temp-dir.js';
import { updateKeptThroughEndedFileRead } from './ended-file-update-race.js';

it('a record written between the delete\'s look at an ended file and its lock is kept', async () => {
  // The read's own look passes; the delete's look (the file's second open) returns the old text, then waits.
  const kept = await updateKeptThroughEndedFileRead(tempDir('edge-session-sweep-reread-'), { heldOpen: 2, fill: 'd' });
  assert.ok(kept, 'the record update had just written was deleted');
});
