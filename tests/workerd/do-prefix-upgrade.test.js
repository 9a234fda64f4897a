// A Durable Object storage with a keyPrefix, upgraded from the version that named sessions' objects by their ID
// alone (14db2dd names them `keyPrefix + id`). README ("Two apps over one binding"): such sessions "read as fresh
// once". While the two versions serve side by side (a gradual deployment, a rollback: README's rotation and
// migrateFrom advice is written for it), each version's "sign out everywhere" ends the other's sessions' objects
// under names that version does not read, and the user's index then settles them as ended.
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';

const TEST = { timeout: 30_000 };
const repo = new URL('../../', import.meta.url);
const old = new URL('./do-prefix-upgrade-worker/old/', import.meta.url);
let worker;
before(async () => {
  // The earlier version: this library as it was before 14db2dd, sessions' objects named by their ID alone.
  rmSync(old, { recursive: true, force: true });
  cpSync(new URL('js/', repo), new URL('js/', old), { recursive: true });
  cpSync(new URL('dist/', repo), new URL('dist/', old), { recursive: true });
  const file = new URL('js/user-sessions.js', old);
  const text = readFileSync(file, 'utf8');
  const was = text.replace('namespace.idFromName(keyPrefix + id)', 'namespace.idFromName(id)');
  assert.notEqual(was, text, 'sessionObjectOf as it was');
  writeFileSync(file, was);
  worker = await startWorker({ config: fileURLToPath(new URL('./do-prefix-upgrade-worker/wrangler.toml', import.meta.url)) });
}, { timeout: 90_000 });
after(async () => {
  await worker?.dispose();
  if (existsSync(old)) rmSync(old, { recursive: true, force: true });
});

let users = 0;
async function call(jar, path) {
  const { response } = await jar.fetch(new URL(path, worker.url));
  assert.equal(response.status, 200, `${path}: ${response.status}`);
  return response.json();
}

describe('Durable Objects, keyPrefix: the version before 14db2dd and this one side by side', () => {
  it('"sign out everywhere" made on the new version ends the session the old version serves', TEST, async () => {
    const user = `u${++users}-${Date.now()}`;
    const thief = new CookieJar();
    await call(thief, `/old/login?user=${user}`);
    assert.deepEqual(await call(thief, '/old/me'), { user });
    await sleep(20);
    const { ended } = await call(new CookieJar(), `/new/revoke-all?user=${user}`);
    assert.equal(ended, 1, 'the new version counts it as ended');
    assert.deepEqual(await call(thief, '/old/me'), { user: null }, 'counted as ended, yet still signed in where the old version serves it');
  });
});
