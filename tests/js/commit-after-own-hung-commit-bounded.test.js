// A Session's calls through a server-side storage run one after another (js/id-storage.js inTurn), each waiting
// for the one before it at most 10 s (js/twin-sessions.js TWIN_WAIT_MS), as a twin's do: a commit left running whose
// store call never settles (fired without await, or in ctx.waitUntil, its request then cancelled mid-call) must not
// hold the session's next commit for good. Mutation pass (s44): that wait unbounded (only the twins' turns bounded),
// the next commit waited forever; no test noticed. On a mocked setTimeout.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';

const cookie = { name: '__session', secrets: ['own-hung-commit-0123456789abcdef0123'], maxAge: 3600 };
const turns = async (count = 20) => {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
};

it("a session's commit after its own commit that never settles goes on 10 s later", async (t) => {
  const rows = new Map();
  let ids = 0;
  let hangNextUpdate = false;
  const storage = createSessionStorage({
    cookie,
    createData: async (data) => {
      const id = `id${++ids}`;
      rows.set(id, data);
      return id;
    },
    readData: async (id) => rows.get(id) ?? null,
    updateData: async (id, data) => {
      if (!hangNextUpdate) return void rows.set(id, data);
      hangNextUpdate = false;
      return new Promise(() => {}); // never settles
    },
    deleteData: async (id) => void rows.delete(id),
  });
  const first = await storage.getSession(null);
  first.set('n', 0);
  const header = (await storage.commitSession(first)).split(';')[0];
  const session = await storage.getSession(header);
  t.mock.timers.enable({ apis: ['setTimeout'] });
  hangNextUpdate = true;
  session.set('n', 1);
  void storage.commitSession(session); // its store call never settles
  await turns();
  assert.equal(hangNextUpdate, false, 'the first commit is stuck in its write');
  session.set('n', 2);
  let committed;
  void storage.commitSession(session).then((setCookie) => (committed = setCookie));
  await turns();
  t.mock.timers.tick(9_999);
  await turns();
  assert.equal(committed, undefined, 'waiting for the first');
  t.mock.timers.tick(1);
  await turns();
  assert.match(committed, /^__session=/, 'committed 10 s later');
  assert.equal((await storage.getSession(header)).get('n'), 2);
});
