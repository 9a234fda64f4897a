// README (Files): a request under way when the user logs out cannot write the session back ("files replace only a
// record that is still there"); the write it had prepared, a temporary file, goes with the refusal, as a failed
// index write's does (writeFileSynced): it is not left in `dir` for the 10-minute sweep. Mutation pass (s46): replace
// keeping its temporary file once the logout had deleted the record went unnoticed; each such request left one.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { createFileSessionStorage } from '../../js/index.node.js';
import { tempDir } from '../helpers/temp-dir.js';

it("a write refused because a logout deleted the record leaves no temporary file", async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-01T00:00:00Z') });
  const dir = tempDir('es-refused-write-temp-');
  const storage = createFileSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'], maxAge: 3600 }, dir });
  const signIn = async (user) => {
    const session = await storage.getSession(null);
    session.set('user', user);
    return (await storage.commitSession(session)).split(';')[0];
  };
  const ann = await signIn('ann');
  const bob = await signIn('bob');
  const slow = await storage.getSession(ann); // ann's long request
  await storage.destroySession(await storage.getSession(ann)); // ann logs out in another tab
  t.mock.timers.tick(61_000);
  await storage.destroySession(await storage.getSession(bob)); // the logouts' notes older than a minute go: the file decides
  slow.set('seen', true);
  await storage.commitSession(slow);
  assert.equal((await storage.getSession(ann)).get('user'), undefined, 'the old cookie opens nothing');
  assert.deepEqual((await readdir(dir)).filter((name) => name.endsWith('.tmp')), [], 'the refused write\'s temporary file');
});
