// KV's cap on the sessions one call ends (js/kv-storage.js MAX_ENDS_PER_CALL, 400: KV allows 1,000 operations per
// Worker invocation) under the conditions that make a user's index pass 100: sign-ins faster than kv.list's lag
// ("Changes may take up to 60 seconds ... to be reflected"). README (A user's sessions): "at most 100 per user (the
// least recently seen end beyond)"; "a sign-in's count likewise ends at most 400 past the 100 and leaves the rest to
// the next". Here: (1) every sign-in of one lag window reads the same listing, and ended the same 400 (the least
// recently seen of it), so a client signing in more than 400 times a window (a script that logs in per call, a
// credential-stuffing bot) grew the index by the difference, window after window, without bound; (2) the keys a
// capped revocation left to its mark were never ended by a sign-in's count (it sets the voided apart before
// counting), so they stayed listed, and with no maxAge their keys never expire; (3) the cap did not count the
// calls of listing itself (kv.list gives 1,000 keys a page), so an index past ~190,000 keys threw "Too many API
// requests by single worker invocation." in a revocation, after its mark, and in every sign-in's count.
// Each test drives thousands of sign-ins (about 60 s on a quiet 2-core machine): their timeout is room for a loaded
// one (a CI run under load took 114 s of the 120 s the first had).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage, withSession } from '../../js/index.node.js';
import { mapKV } from './map-kv.js';

const MAX_OPERATIONS = 1000;
const PAGE = 1000;

/** A KV namespace as a Worker sees it: 1,000 calls per invocation; lists paged by 1,000, sorted, cached until lapse(). */
function deployedKV() {
  const kv = mapKV();
  let operations = 0;
  const cached = new Map();
  const { list } = kv;
  kv.list = async function ({ prefix = '', cursor } = {}) {
    const key = JSON.stringify({ prefix, cursor });
    if (!cached.has(key)) {
      const all = (await list.call(this, { prefix })).keys.sort((a, b) => (a.name < b.name ? -1 : 1));
      const start = cursor === undefined ? 0 : Number(cursor);
      const keys = all.slice(start, start + PAGE);
      const complete = start + PAGE >= all.length;
      cached.set(key, complete ? { keys, list_complete: true } : { keys, list_complete: false, cursor: String(start + PAGE) });
    }
    return cached.get(key);
  };
  const raw = {};
  for (const name of ['get', 'put', 'delete', 'list']) {
    const original = kv[name];
    raw[name] = original.bind(kv);
    kv[name] = async function (...args) {
      if (++operations > MAX_OPERATIONS) throw new Error('Too many API requests by single worker invocation.');
      return original.apply(this, args);
    };
  }
  return {
    kv,
    raw,
    invocation: () => (operations = 0),
    operations: () => operations,
    lapse: () => cached.clear(),
    /** The keys now stored under `prefix` (not a cached listing). */
    stored: async (prefix) => (await list.call(kv, { prefix })).keys.length,
  };
}

function appOf(storage, kvState) {
  const app = withSession(storage, async (request, { session }) => {
    if (new URL(request.url).pathname === '/login') {
      session.set('userId', 'ada');
      session.regenerateId(true);
    }
    return new Response(session.get('userId') ?? 'nobody');
  });
  return (path, cookieHeader) => {
    kvState.invocation();
    return app(new Request(`https://app.test${path}`, { method: 'POST', headers: cookieHeader ? { Cookie: cookieHeader } : {} }));
  };
}

it('sign-ins faster than the cap per kv.list lag do not grow the index without bound', { timeout: 300_000 }, async (t) => {
  const logged = t.mock.method(console, 'error', () => {});
  const state = deployedKV();
  const storage = createWorkersKVSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'], maxAge: 7 * 24 * 3600 }, userKey: 'userId', kv: state.kv });
  const post = appOf(storage, state);
  const sizes = [];
  // Three windows: the defect shows from the second (600 new, 600 - 400 kept: 800); each window's 600 sign-ins each
  // end up to 400 keys, most of this file's time, so more windows only made a loaded CI machine time out (s52).
  for (let window = 0; window < 3; window++) {
    state.lapse(); // a new minute: the listing every sign-in of it reads
    for (let i = 0; i < 600; i++) assert.equal((await post('/login')).status, 200);
    sizes.push(await state.stored('session:user:'));
  }
  assert.deepEqual(logged.mock.calls.map((call) => String(call.arguments[0])), [], 'no count nor end failed');
  // Each window's sign-ins see the index as the last window left it: at most those 600 and the 100 kept remain.
  assert.ok(sizes.every((size) => size <= 700), `index sizes after each window of 600 sign-ins: ${sizes.join(', ')}`);
});

it("a capped revocation's voided leftovers are ended by the user's next sign-ins' counts", { timeout: 300_000 }, async (t) => {
  t.mock.method(console, 'error', () => {});
  const state = deployedKV();
  // No maxAge: the keys never expire of themselves.
  const storage = createWorkersKVSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, userKey: 'userId', kv: state.kv });
  const post = appOf(storage, state);
  for (let i = 0; i < 600; i++) await post('/login');
  state.lapse();
  state.invocation();
  assert.equal(await storage.revokeUserSessions('ada'), 600);
  assert.ok((await state.stored('session:user:')) >= 200, 'the cap left keys to the mark');
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5)); // signed in after the mark
    state.lapse();
    assert.equal((await post('/login')).status, 200);
    assert.ok(state.operations() <= MAX_OPERATIONS);
  }
  assert.equal(await state.stored('session:user:'), 3, 'only the three sessions signed in since remain listed');
  assert.equal((await state.stored('session:')) - (await state.stored('session:user:')) - (await state.stored('session:revoked:')), 3, 'and only their records');
});

it('a revocation of a user whose index passed 190,000 keys stays within 1,000 KV operations', { timeout: 300_000 }, async (t) => {
  t.mock.method(console, 'error', () => {});
  const state = deployedKV();
  const storage = createWorkersKVSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'], maxAge: 7 * 24 * 3600 }, userKey: 'userId', kv: state.kv });
  const post = appOf(storage, state);
  const device = (await post('/login')).headers.get('set-cookie').split(';')[0];
  // The index as a flood left it: index keys (and records) put straight into the store, 1 ms apart.
  const prefix = (await state.stored('session:user:')) === 1 ? (await state.kv.list({ prefix: 'session:user:' })).keys[0].name.slice(0, -40) : undefined;
  const now = Date.now() - 1_000_000;
  for (let i = 0; i < 200_000; i++) {
    const id = i.toString(16).padStart(40, '0');
    await state.raw.put(prefix + id, '', { metadata: { createdAt: now + i, lastSeenAt: now + i } });
  }
  state.lapse();
  state.invocation();
  await assert.doesNotReject(storage.revokeUserSessions('ada'));
  assert.ok(state.operations() <= MAX_OPERATIONS, `${state.operations()} operations`);
  state.invocation();
  assert.equal(await (await post('/page', device)).text(), 'nobody');
});

// The leftovers a capped revocation leaves to its mark are ended by sign-ins' counts, within the same cap: README "A
// sign-in's count likewise ends at most 400 past the 100 and leaves the rest to the next". Mutation pass (s44): the
// voided keys' share of a count uncapped went unnoticed (the test above leaves 200, within any cap); past 400 of them
// a sign-in's count went past KV's 1,000 operations, failed midway, and the index shrank only by what it ended first.
it('a sign-in after a capped revocation of ~1,000 sessions ends at most 400 of its leftovers, within 1,000 KV operations', { timeout: 300_000 }, async (t) => {
  t.mock.method(console, 'error', () => {});
  const state = deployedKV();
  const storage = createWorkersKVSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, userKey: 'userId', kv: state.kv });
  const post = appOf(storage, state);
  await post('/login');
  // The index of ~1,000 sign-ins, as in the test above: index keys put straight into the store, 1 ms apart.
  const prefix = (await state.kv.list({ prefix: 'session:user:' })).keys[0].name.slice(0, -40);
  const now = Date.now() - 1_000_000;
  for (let i = 0; i < 1000; i++) await state.raw.put(prefix + i.toString(16).padStart(40, '0'), '', { metadata: { createdAt: now + i, lastSeenAt: now + i } });
  state.lapse();
  state.invocation();
  assert.equal(await storage.revokeUserSessions('ada'), 1001);
  assert.equal(await state.stored('session:user:'), 601, 'the cap left 601 keys to the mark');
  await new Promise((resolve) => setTimeout(resolve, 5)); // signed in after the mark
  state.lapse();
  assert.equal((await post('/login')).status, 200);
  assert.ok(state.operations() <= MAX_OPERATIONS, `${state.operations()} operations`);
  assert.equal(await state.stored('session:user:'), 601 - 400 + 1, 'its count ended 400 of them');
  await new Promise((resolve) => setTimeout(resolve, 5));
  state.lapse();
  assert.equal((await post('/login')).status, 200);
  assert.ok(state.operations() <= MAX_OPERATIONS, `${state.operations()} operations`);
  assert.equal(await state.stored('session:user:'), 2, 'the next one ended the rest');
});

// README: "One revocation deletes the keys of at most 400 sessions (800 calls), those its mark does not void first".
// Mutation pass (s44): the voided keys' share not lessened by those others went unnoticed (no test listed both at
// once); 100 sessions signed in since the mark beside 1,000 it voids then took the call past KV's 1,000 operations.
it('a revocation ends at most 400 sessions in all when sessions signed in since its mark are listed beside those it voids', { timeout: 300_000 }, async (t) => {
  t.mock.method(console, 'error', () => {});
  const state = deployedKV();
  const storage = createWorkersKVSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] }, userKey: 'userId', kv: state.kv });
  const post = appOf(storage, state);
  await post('/login');
  const prefix = (await state.kv.list({ prefix: 'session:user:' })).keys[0].name.slice(0, -40);
  const before = Date.now() - 1_000_000;
  for (let i = 0; i < 1000; i++) await state.raw.put(prefix + i.toString(16).padStart(40, '0'), '', { metadata: { createdAt: before + i, lastSeenAt: before + i } });
  // Sign-ins stamped after the mark will be (another location's, listed by the time this one lists): not voided.
  const since = Date.now() + 60_000;
  for (let i = 0; i < 100; i++) await state.raw.put(prefix + (i + 1000).toString(16).padStart(40, '0'), '', { metadata: { createdAt: since + i, lastSeenAt: since + i } });
  state.lapse();
  state.invocation();
  await assert.doesNotReject(storage.revokeUserSessions('ada'));
  assert.ok(state.operations() <= MAX_OPERATIONS, `${state.operations()} operations`);
  assert.equal(await state.stored('session:user:'), 1101 - 400, 'it ended 400: the 100 its mark does not void, and 300 it does');
});
