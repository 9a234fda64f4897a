// A Node script (a migration, a CLI, a test) that commits sessions exits when its work is done. The waits of two
// Session objects of one cookie for each other (js/twin-sessions.js, bounded by TWIN_WAIT_MS, 10 s) must clear
// their timers once the awaited commit settles: a timer left behind keeps Node's event loop alive. Mutation pass
// (s48): waitAtMost (js/bounded-wait.js) not clearing its timer went unnoticed: such a script hung 10 s at its end.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TWIN_WAIT_MS } from '../../js/twin-sessions.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

const script = `
  import { createSessionStorage } from 'edge-session';
  import { callbacksOf, mapBackend } from './tests/js/map-backend.js';
  const storage = createSessionStorage({
    cookie: { name: '__session', secrets: ['${'s'.repeat(32)}'], maxAge: 3600 },
    userKey: 'userId',
    ...callbacksOf(mapBackend()),
  });
  const signIn = await storage.getSession(null);
  signIn.set('userId', 'ann');
  const pair = (await storage.commitSession(signIn)).split(';')[0];
  const [one, two] = [await storage.getSession(pair), await storage.getSession(pair)];
  one.set('theme', 'dark');
  two.set('cart', 3);
  await Promise.all([storage.commitSession(one), storage.commitSession(two)]); // the second waits for the first
  console.log('done');
`;

it('a script committing two Session objects of one cookie exits at once, not after TWIN_WAIT_MS', async () => {
  // Killed (an error here) if still running at half the bound: it takes well under a second.
  const run = promisify(execFile)(process.execPath, ['--input-type=module', '--eval', script], { cwd: root, timeout: TWIN_WAIT_MS / 2 });
  const { stdout } = await run.catch((error) => assert.fail(`the script did not exit within ${TWIN_WAIT_MS / 2} ms (${error.signal ?? error.message})`));
  assert.equal(stdout.trim(), 'done');
});
