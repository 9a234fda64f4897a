// README (Files): a request under way when the user logs out cannot write the session back ("files replace only a
// record that is still there"); the write it had prepared, a temporary file, goes with the refusal, as a failed
// index write's does (writeFileSynced): it is not left in `dir` for the 10-minute sweep. Mutation pass (s46): replace
// keeping its temporary file once the logout had deleted the record went unnoticed; each such request left one.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { createFileSessionStorage } from '../../js/index.node.js';
import { tempDir } from '../helpers/temp-dir.js';
import { userAfterLogoutPastAMinute } from '../helpers/logout-past-a-minute.js';

it("a write refused because a logout deleted the record leaves no temporary file", async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-01T00:00:00Z') });
  const dir = tempDir('es-refused-write-temp-');
  const storage = createFileSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 }, dir });
  assert.equal(await userAfterLogoutPastAMinute(storage, t), undefined, 'the old cookie opens nothing');
  assert.deepEqual((await readdir(dir)).filter((name) => name.endsWith('.tmp')), [], 'the refused write\'s temporary file');
});
