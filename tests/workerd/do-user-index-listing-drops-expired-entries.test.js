// js/durable-object-storage.js userList: "The entries listIndex prunes (expired past their grace) leave the stored
// index too" (README, Signing out everywhere: expired sessions leave the index; an index never grows without bound).
// Mutation pass (s49): the listing pruning only the copy it read went unnoticed; the expired entries stayed stored
// until the user's next change. Through a real workerd (hostile-store-worker), the expired entry put there by hand.
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

async function ok(path, { jar = new CookieJar(), method = 'POST', body } = {}) {
  const init = { method, ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) };
  const { response } = await jar.fetch(new URL(path, worker.url), init);
  const answer = await jsonOrText(response);
  assert.equal(response.status, 200, `${path}: ${JSON.stringify(answer).slice(0, 300)}`);
  return answer;
}

it("a listing of a user's sessions drops the entries expired past their grace from the stored index", { timeout: 60_000 }, async () => {
  const user = `listing-prunes-${process.pid}`;
  const jar = new CookieJar();
  await ok(`/do/login?user=${user}`, { jar });
  const { id } = await ok('/do/me', { jar, method: 'GET' });
  const name = `user:${await ok(`/raw/digest?user=${user}`, { method: 'GET' })}`;
  const index = await ok(`/raw/do-get?name=${name}&key=user-index`, { method: 'GET' });
  const expired = 'f'.repeat(40);
  index.sessions[expired] = { createdAt: 1, lastSeenAt: 1, expiresAt: Date.now() - 3_600_000, listing: 0 };
  await ok('/raw/do-put', { body: { name, key: 'user-index', value: index } });
  assert.deepEqual((await ok(`/do/list?user=${user}`, { method: 'GET' })).map((entry) => entry.id), [id]);
  assert.deepEqual(Object.keys((await ok(`/raw/do-get?name=${name}&key=user-index`, { method: 'GET' })).sessions), [id], 'gone from the stored index');
});
