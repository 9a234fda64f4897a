// createFileSessionStorage: the stale temporary files' sweep runs at most once per 10 minutes per directory in a
// process, timed by the monotonic clock. Regression (adversarial pass): it was timed by Date.now(), so a clock set
// back (a host's, or a test's mocked Date at 0) stopped every later sweep for as long as it stayed behind.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { createFileSessionStorage } from 'edge-session';
import { commitNew, COOKIE_NAME, SECRET } from './support.js';

const dir = await mkdtemp(join(tmpdir(), 'edge-session-temp-clock-'));
after(() => rm(dir, { recursive: true, force: true }));
const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };
const temps = async () => (await readdir(dir)).filter((name) => name.endsWith('.tmp'));

it('a storage made 10 minutes after the last sweep sweeps, with Date set back to 0', async (t) => {
  await commitNew(createFileSessionStorage({ cookie, dir })); // sweeps, in real time
  const temp = join(dir, `.${'a'.repeat(32)}.${'b'.repeat(16)}.tmp`);
  await writeFile(temp, 'left by a crashed writer');
  const hoursAgo = new Date(Date.now() - 3 * 3600_000);
  await utimes(temp, hoursAgo, hoursAgo); // 3 hours stale by the filesystem's clock
  await commitNew(createFileSessionStorage({ cookie, dir }));
  assert.equal((await temps()).length, 1, 'within 10 minutes of the last sweep: not swept again');
  const monotonic = performance.now.bind(performance);
  t.mock.method(performance, 'now', () => monotonic() + 11 * 60_000);
  t.mock.timers.enable({ apis: ['Date'], now: 0 });
  await commitNew(createFileSessionStorage({ cookie, dir }));
  t.mock.timers.reset();
  assert.deepEqual(await temps(), [], 'swept 11 minutes later');
});
