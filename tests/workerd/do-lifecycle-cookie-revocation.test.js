// A cookie storage revocable through the Durable Object namespace (revocation: { namespace }) asks the user's index
// object, the Durable Object storage's, for the user's last revocation at a request's read (one lookup per user per
// 5 s per isolate). That object may be reset during the call (a deploy) as the Durable Object storage's calls to it
// may, which retry through a new stub (onUserObject).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';
import { jsonOrText } from '../helpers/json-or-text.js';

let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./do-lifecycle-worker/wrangler.toml', import.meta.url)), logLevel: process.env.LOG ?? 'none' });
}, { timeout: 60_000 });
after(() => worker?.dispose());

let users = 0;
const newUser = () => `c-${process.pid}-${++users}`;
const TEST = { timeout: 60_000 };

async function call(jar, action, { method = 'POST', query = {}, store = 'cookie' } = {}) {
  const url = new URL(`/${store}/${action}`, worker.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const { response } = await jar.fetch(url, { method });
  return { status: response.status, body: await jsonOrText(response) };
}
const admin = async (action, query) => (await call(new CookieJar(), action, { method: 'GET', query, store: 'do' })).body;

describe("A cookie storage's revocation lookup whose user's index object is reset during it (a deploy)", () => {
  for (const kind of ['reset', 'reset-before-reply']) {
    it(`reads the signed-in session (${kind}), as the Durable Object storage's own calls to that object do`, TEST, async () => {
      const user = newUser();
      const jar = new CookieJar();
      assert.equal((await call(jar, 'login', { query: { user } })).body.user, user);
      await admin('arm', { user, method: 'userRevocation', kind });
      const answer = await call(jar, 'me', { method: 'GET' });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.user, user);
    });
  }
});

// The Durable Object storage's registration retried after a reset whose work had landed (its answer lost): the
// retry finds the session listed, so the commit no longer knows it listed it, and a failure after it leaves it.
describe("A regenerateId(true) whose user's index object is reset as it answers the registration, and whose commit then fails", () => {
  it("leaves the device's own session listed, not the new ID no record holds", TEST, async () => {
    const user = newUser();
    const jar = new CookieJar();
    const login = await call(jar, 'login', { query: { user }, store: 'do' });
    assert.equal(login.body.user, user);
    const { id } = (await call(jar, 'me', { method: 'GET', store: 'do' })).body;
    await admin('arm', { user, method: 'userRegister', kind: 'reset-before-reply' });
    await admin('arm', { id, method: 'remove', kind: 'retryable' }); // the delete of the ID it leaves fails
    const regen = await call(jar, 'regen', { store: 'do' });
    assert.equal(regen.status, 500, JSON.stringify(regen.body));
    const now = (await call(jar, 'me', { method: 'GET', store: 'do' })).body;
    assert.deepEqual([now.user, now.id], [user, id], 'the commit failed: the device keeps its session');
    assert.deepEqual((await admin('list', { user })).map((entry) => entry.id), [id]);
  });

  it('(control, no reset) leaves the device\'s own session listed', TEST, async () => {
    const user = newUser();
    const jar = new CookieJar();
    await call(jar, 'login', { query: { user }, store: 'do' });
    const { id } = (await call(jar, 'me', { method: 'GET', store: 'do' })).body;
    await admin('arm', { id, method: 'remove', kind: 'retryable' });
    const regen = await call(jar, 'regen', { store: 'do' });
    assert.equal(regen.status, 500, JSON.stringify(regen.body));
    assert.deepEqual((await admin('list', { user })).map((entry) => entry.id), [id]);
  });
});
