// A failed store call's error (and the log withSession writes of it) names the session by the first 8 characters
// of its ID, never the whole ID: logs are read by more people than the sessions' owners, and an ID is what a
// session is used by (OWASP's logging cheat sheet). Regression (review): the whole ID was in the message.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, withSession } from 'edge-session';

it('a failed commit names the session by a prefix of its ID, in its error and in the log', async (t) => {
  const records = new Map();
  let failing = false;
  const storage = createSessionStorage({
    cookie: { name: '__session', secrets: ['s3cr3t'] },
    createData: async (data) => {
      const id = crypto.randomUUID().replaceAll('-', '');
      records.set(id, data);
      return id;
    },
    readData: async (id) => records.get(id) ?? null,
    updateData: async (id, data) => {
      if (failing) throw new Error('backend down');
      records.set(id, data);
    },
    deleteData: async (id) => void records.delete(id),
  });
  const session = await storage.getSession(null);
  session.set('n', 1);
  const cookie = (await storage.commitSession(session)).split(';')[0];
  const [id] = records.keys();
  failing = true;

  const again = await storage.getSession(cookie);
  again.set('n', 2);
  await assert.rejects(storage.commitSession(again), (error) => {
    assert.equal(error.code, 'STORAGE_FAILED');
    assert.ok(!error.message.includes(id), error.message);
    assert.ok(error.message.includes(id.slice(0, 8)), error.message);
    return true;
  });

  const logged = [];
  t.mock.method(console, 'error', (...args) => logged.push(args.map(String).join(' ')));
  const fetch = withSession(storage, (request, { session: current }) => {
    current.set('n', 3);
    return new Response('ok');
  });
  assert.equal((await fetch(new Request('https://example.com/', { headers: { Cookie: cookie } }))).status, 500);
  assert.ok(logged.length > 0, 'the failure is logged');
  for (const line of logged) assert.ok(!line.includes(id), line);
});
