// README (Files): a corrupt file reads as missing and "a user's index over 1 MiB as empty"; an index whose JSON parses
// but holds no `sessions` object (a foreign or hand-edited file, `null`, a number) is taken for an empty one too, so
// the user can still sign in and is listed. Mutation pass (s46): changeIndexFile checking only that the file holds an
// object (its `sessions` unchecked) went unnoticed; each such index made the user's every sign-in a 500.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';
import { createFileSessionStorage } from 'edge-session';
import { userDigest } from '../../js/user-sessions.js';
import { tempDir } from '../helpers/temp-dir.js';
import { commitNew, COOKIE_NAME, cookiePair, readSession, SECRET } from './support.js';

const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };

// And in an index of that shape, an entry that is no object, or pending IDs that are no list, are none (user-index.js
// indexOfStored, shared with the Durable Object storage). Regression (s49, durable pass): each failed every sign-in.
for (const content of ['{"revokedAt":0}', '{"revokedAt":0,"sessions":null}', '{"revokedAt":0,"sessions":7}', '{"revokedAt":0,"sessions":{"a":null}}', '{"revokedAt":0,"sessions":{},"pending":5}']) {
  it(`a user's index ${content} is taken for an empty one: the sign-in works and is listed`, async () => {
    const dir = tempDir('edge-session-index-shape-');
    const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
    await commitNew(storage, { userId: 'ada' });
    await writeFile(join(dir, 'users', `${await userDigest('ada')}.json`), content);
    const setCookie = await commitNew(storage, { userId: 'ada' });
    assert.equal((await readSession(storage, cookiePair(setCookie))).data.userId, 'ada');
    assert.equal((await storage.listUserSessions('ada')).length, 1, 'the new sign-in, in an index written anew');
  });
}
