// README (Signing out everywhere): a user's index object lists the user's sessions, "the same rules" as the file
// storage's index, which reads a user's index of another shape as an empty one (tests/storage/
// file-storage-index-without-sessions-read-as-empty.test.js); Security model: bad stored data never fails a request.
// An index another version, app or hand edit wrote in a user's object (a value that is no index, no `sessions`
// object, an entry that is no object, pending IDs that are no list, a revocation time of text) is read as empty or
// without those parts: the user signs in, is listed, and a revocation ends the new sign-in and records its own mark.
// Regression (s49, durable pass): each such index failed the user's every sign-in (a 500), listing and revocation
// (STORAGE_FAILED), for good; a revocation over `revokedAt: "soon"` recorded NaN, no mark. Through a real workerd
// (hostile-store-worker), the index put there by hand.
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

let users = 0;
const newUser = () => `u-${process.pid}-${++users}`;

async function call(jar, path, { method = 'POST', body } = {}) {
  const init = { method, signal: AbortSignal.timeout(60_000), ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) };
  const { response } = await jar.fetch(new URL(path, worker.url), init);
  return { status: response.status, body: await jsonOrText(response) };
}
async function raw(path, body) {
  const answer = await call(new CookieJar(), `/raw/${path}`, body ? { body } : { method: 'GET' });
  assert.equal(answer.status, 200, `raw ${path}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}
async function ok(jar, path, method = 'POST') {
  const answer = await call(jar, path, { method });
  assert.equal(answer.status, 200, `${path}: ${JSON.stringify(answer.body).slice(0, 300)}`);
  return answer.body;
}

const INDEXES = {
  'a number': 7,
  text: 'garbage',
  'an array': [1, 2],
  'an object without sessions': { revokedAt: 0 },
  'sessions: null': { revokedAt: 0, sessions: null },
  'an entry that is null': { revokedAt: 0, sessions: { a: null } },
  'pending IDs that are a number': { revokedAt: 0, sessions: {}, pending: 5 },
  'a revocation time of text': { revokedAt: 'soon', sessions: {} },
  // Regression (s52 hostile-input pass): the revocations a retry after a reset looks its own up in (user-index.js
  // revokeInIndex), no list or a list holding null, failed the user's every revocation with STORAGE_FAILED, for good.
  'revocations that are a number': { revokedAt: 0, sessions: {}, revocations: 5 },
  'revocations holding null': { revokedAt: 0, sessions: {}, revocations: [null] },
  // And sessions, or an entry, that are a JSON array (s52: a file's index lost its sign-ins to the first; here an
  // entry [] was counted by the revocation, 2 for 1).
  'sessions that are an array': { revokedAt: 0, sessions: [] },
  'an entry that is an array': { revokedAt: 0, sessions: { a: [] } },
};

for (const [label, value] of Object.entries(INDEXES)) {
  it(`a user's index object holding ${label} is read as empty: the user signs in, is listed, and is revoked`, { timeout: 60_000 }, async () => {
    const user = newUser();
    await ok(new CookieJar(), `/do/login?user=${user}`);
    const name = `user:${await raw(`digest?user=${user}`)}`;
    await raw('do-put', { name, key: 'user-index', value });
    const device = new CookieJar();
    assert.equal((await ok(device, `/do/login?user=${user}`)).user, user);
    const { id } = await ok(device, '/do/me', 'GET');
    assert.deepEqual((await ok(device, `/do/list?user=${user}`, 'GET')).map((entry) => entry.id), [id], 'the new sign-in, in an index written anew');
    assert.equal((await ok(new CookieJar(), `/do/revoke?user=${user}`)).ended, 1);
    assert.equal((await ok(device, '/do/me', 'GET')).user, null, 'signed out');
    const { revokedAt } = await raw(`do-get?name=${name}&key=user-index`);
    assert.ok(Number.isFinite(revokedAt) && revokedAt > 0, `a mark of its own: ${revokedAt}`);
  });
}
