// README (Durable Objects): "Expired records read as missing and are deleted"; the object itself ends a record at
// its entry's expiresAt (js/durable-object-storage.js #load), whatever the record's own times say, before any alarm
// has run. Mutation pass (s49): #load serving an entry past its expiresAt went unnoticed: the record's own times were
// the only check left, so an entry whose expiry had passed (an alarm late or lost, a commit's earlier `expires`) was
// served, signed in. Through a real workerd (hostile-store-worker), the entry's expiresAt set by hand.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { jsonOrText } from '../helpers/json-or-text.js';
import { startWorker } from '../helpers/start-worker.js';

let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./hostile-store-worker/wrangler.toml', import.meta.url)), logLevel: 'none' });
}, { timeout: 60_000 });
after(() => worker?.dispose());

async function call(jar, path, { method = 'POST', body } = {}) {
  const init = { method, signal: AbortSignal.timeout(60_000), ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) };
  const { response, setCookies } = await jar.fetch(new URL(path, worker.url), init);
  return { status: response.status, body: await jsonOrText(response), setCookies };
}

it("a session's entry past its expiresAt reads as missing, and is deleted, though its record's own times say it lives", { timeout: 60_000 }, async () => {
  const jar = new CookieJar();
  const user = `expired-entry-${process.pid}`;
  assert.equal((await call(jar, `/do/login?user=${user}`)).status, 200);
  const { id } = (await call(jar, '/do/me', { method: 'GET' })).body;
  const entry = (await call(new CookieJar(), `/raw/do-get?name=${id}&key=session`, { method: 'GET' })).body;
  assert.equal(typeof entry.record, 'string');
  assert.equal((await call(new CookieJar(), '/raw/do-put', { body: { name: id, key: 'session', value: { ...entry, expiresAt: Date.now() - 1000 } } })).status, 200);
  const read = await call(jar, '/do/me', { method: 'GET' });
  assert.deepEqual([read.status, read.body.user, read.body.id], [200, null, ''], 'a fresh session');
  assert.equal((await call(new CookieJar(), `/raw/do-get?name=${id}&key=session`, { method: 'GET' })).body, null, 'deleted');
});
