// A file storage over a directory every local user may write in (o+w, as /tmp) warns once: any of them can plant
// a session's lock file, which a sticky directory keeps from the server's delete (that user can never log out
// again: each logout waits 10 s, then answers 500), or, without the sticky bit, replace a session's file by one of
// their own. Regression (Node-in-production pass): it was used silently.
import assert from 'node:assert/strict';
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';
import { createFileSessionStorage } from 'edge-session';
import { capturedWarnings } from '../helpers/captured-warnings.js';
import { tempDir } from '../helpers/temp-dir.js';
import { commitNew, COOKIE_NAME, SECRET } from './support.js';

const warnings = capturedWarnings();
const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };
const aboutDir = (dir) => warnings().filter((text) => text.includes(`"${dir}"`));

for (const [what, mode] of [['sticky, as /tmp', 0o1777], ['without the sticky bit', 0o777]]) {
  it(`a directory writable by every local user (${what}) is warned of once, naming it`, async () => {
    const dir = join(tempDir('edge-session-shared-'), 'sessions');
    await mkdir(dir);
    await chmod(dir, mode);
    await commitNew(createFileSessionStorage({ cookie, dir }));
    await commitNew(createFileSessionStorage({ cookie, dir }));
    const warned = aboutDir(dir);
    assert.equal(warned.length, 1, `one warning: ${JSON.stringify(warnings())}`);
    assert.match(warned[0], /writable by every local user.*chmod 700/);
  });
}

it('the directories it makes (0700), and one shared with a group (0770), are not warned of', async () => {
  const made = join(tempDir('edge-session-own-'), 'sessions');
  await commitNew(createFileSessionStorage({ cookie, dir: made }));
  const grouped = join(tempDir('edge-session-group-'), 'sessions');
  await mkdir(grouped);
  await chmod(grouped, 0o2770);
  await commitNew(createFileSessionStorage({ cookie, dir: grouped }));
  assert.deepEqual([...aboutDir(made), ...aboutDir(grouped)], []);
});
