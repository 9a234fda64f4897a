// Seeded model of session lifetime: server-enforced expiry (idleTimeout, absoluteTimeout, the cookie's maxAge and
// expires), rolling renewal paced by touchInterval, logout and regenerateId, on every storage that runs in Node
// (cookie signed and sealed, memory, file, Workers KV over a Map, createSessionStorage over Map callbacks), each
// request made either through withSession or by hand (getSession, then commitSession when
// `dirty || renewalDue`, as README says to). The clock is Date.now moved by hand, only between requests.
//
// The oracle is README ("Storages", "Session", "withSession", "Session lifetime", "Security model: Logout",
// "Choices") and issue 11, not the code:
// - A limit is counted in milliseconds and a session is served until its limit's millisecond, never at or after it
//   (README's `maxAge: 1` example), so at limit - 1 ms it lives and at limit + 0 / + 1 ms it reads as a fresh empty
//   session: no data, no ID, not dirty, never an error (a 200 through withSession).
// - idleTimeout counts from the last write; absoluteTimeout from the session's start, kept across writes, renewals
//   and regenerateId; maxAge from the last commit; a fixed expires is the earlier with maxAge.
// - Renewal (only with idleTimeout) is due once touchInterval has passed since the last write (default: a quarter
//   of idleTimeout, or of maxAge when shorter), due at exactly touchInterval ("once 250 ms have passed"). A renewal
//   moves the idle end and maxAge, never the absolute end.
// - withSession: one Set-Cookie for a new or changed session and for a due renewal, none for an untouched one (a
//   fresh session read from a dead cookie included), an expiring one (empty, Max-Age=0, past Expires) on logout,
//   however the handler logged out. A written cookie carries the storage's Max-Age (none without maxAge: a
//   browser-session cookie) and its Expires.
// - Server-side stores: a dead or deleted ID is never adopted (a new ID at the next commit); a logout or
//   regenerateId(true) deletes the record, so a copy of the old cookie reads fresh. A copy of a cookie session's
//   cookie still opens it within its own limits (README: a cookie session cannot be deleted server-side).
// - Expired sessions do not stay: memory records dropped as others are written, files expired over a minute ago
//   deleted by later writes (two per write), KV keys written with a TTL of max(60 s, the time to the session's
//   end) and the end in their metadata (both rounded up to the second: the record's times end it to the ms); a
//   callbacks backend that honours the `expires` it is given never loses a live session (it drops records then).
// Env: LIFETIME_MODEL_SEEDS (comma list), LIFETIME_MODEL_STEPS.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createCookieSessionStorage, createFileSessionStorage, createMemorySessionStorage, createSessionStorage, createWorkersKVSessionStorage, withSession } from 'edge-session';
import { parseSetCookie } from '../helpers/cookie-jar.js';
import { handClock } from '../helpers/hand-clock.js';
import { mapKV } from './map-kv.js';
import { applySetCookies, cookieHeader } from './model-jar.js';
import { mulberry32 } from './seeded-random.js';

const SEEDS = (process.env.LIFETIME_MODEL_SEEDS ?? '1,2,3,4,5,6,7,8,9,10').split(',').map(Number);
const STEPS = Number(process.env.LIFETIME_MODEL_STEPS ?? 300);
const T0 = Date.UTC(2031, 0, 1);
const COOKIE_NAME = '__session';
const SECRETS = ['lifetime-model-secret-0123456789'];
const clock = handClock(T0);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
/** The live JS heap: collected three times, with finalizers (sessions dropped unfreed) run in between. */
async function heapUsed() {
  for (let round = 0; round < 3; round++) {
    gc();
    await new Promise(setImmediate);
  }
  return process.memoryUsage().heapUsed;
}

// Seconds, as the options take them; `expiresAt` is a fixed cookie `expires`, ms after T0 (whole seconds: the
// Expires attribute has no milliseconds). touchInterval > 1 s everywhere, so KV's one write per second per key
// never puts a renewal off (README: it may with idleTimeout 2 or 3).
const LIFETIMES = [
  { maxAge: 20, idleTimeout: 8, absoluteTimeout: 30 }, // touch 2 s
  { idleTimeout: 6, touchInterval: 2 }, // browser-session cookie
  { maxAge: 5 }, // no idleTimeout: no renewal, a read-only request writes nothing
  { maxAge: 6, idleTimeout: 12 }, // touch is a quarter of maxAge, 1.5 s: renewal keeps moving maxAge
  { idleTimeout: 6, absoluteTimeout: 10 }, // touch 1.5 s; absolute ends a busy session
  { idleTimeout: 20, absoluteTimeout: 9, touchInterval: 2 }, // absolute always first, after up to 4 renewals
  { expiresAt: 200_000, idleTimeout: 8 }, // a fixed expires: every session ends there, however renewed
  { maxAge: 10, expiresAt: 240_000, idleTimeout: 6, absoluteTimeout: 40 }, // touch 1.5 s; the earlier of maxAge/expires
  { maxAge: 150, idleTimeout: 100, absoluteTimeout: 300 }, // touch 25 s; KV keys past the 60 s TTL floor
  { maxAge: 8, idleTimeout: 5, absoluteTimeout: 7, touchInterval: 2 }, // each limit first in turn
];

function lifetimeMs(life) {
  const idle = life.idleTimeout ? life.idleTimeout * 1000 : undefined;
  const maxAge = life.maxAge ? life.maxAge * 1000 : undefined;
  let touch;
  if (idle !== undefined) touch = life.touchInterval ? life.touchInterval * 1000 : (maxAge !== undefined && maxAge < idle ? maxAge : idle) / 4;
  return {
    idle,
    absolute: life.absoluteTimeout ? life.absoluteTimeout * 1000 : undefined,
    maxAge,
    expires: life.expiresAt !== undefined ? T0 + life.expiresAt : undefined,
    touch,
    longest: Math.max(idle ?? 0, maxAge ?? 0, life.absoluteTimeout ? life.absoluteTimeout * 1000 : 0),
  };
}

function storageOptions(life) {
  const { expiresAt, maxAge, ...timeouts } = life;
  const cookie = { name: COOKIE_NAME, secrets: SECRETS, httpOnly: true };
  if (maxAge !== undefined) cookie.maxAge = maxAge;
  if (expiresAt !== undefined) cookie.expires = new Date(T0 + expiresAt);
  return { cookie, ...timeouts };
}

/** A storage of `kind` under `life`, with counters of its backend's writes and deletes where it has a backend. */
function makeStorage(kind, life) {
  const options = storageOptions(life);
  const backend = { writes: 0, deletes: 0, puts: [], cleanup() {} };
  if (kind === 'cookie') return { storage: createCookieSessionStorage(options), backend, serverSide: false };
  if (kind === 'cookie, encrypt') return { storage: createCookieSessionStorage({ ...options, encrypt: true }), backend, serverSide: false };
  if (kind === 'memory') return { storage: createMemorySessionStorage(options), backend, serverSide: true };
  if (kind === 'file') {
    const dir = mkdtempSync(join(tmpdir(), 'lifetime-model-'));
    backend.dir = dir;
    backend.cleanup = () => rmSync(dir, { recursive: true, force: true });
    return { storage: createFileSessionStorage({ ...options, dir }), backend, serverSide: true };
  }
  if (kind === 'kv') {
    const kv = mapKV();
    const put = kv.put.bind(kv);
    const remove = kv.delete.bind(kv);
    backend.lastPut = new Map(); // key -> { at, options }: what KV's TTL would do with it
    kv.put = async (key, value, putOptions) => {
      backend.writes++;
      backend.puts.push({ key, at: Date.now(), options: putOptions });
      backend.lastPut.set(key, { at: Date.now(), options: putOptions });
      return put(key, value, putOptions);
    };
    kv.delete = async (key) => {
      backend.deletes++;
      backend.lastPut.delete(key);
      return remove(key);
    };
    return { storage: createWorkersKVSessionStorage({ ...options, kv }), backend, serverSide: true };
  }
  // A database that drops a record at the `expires` it was given, as a TTL index would.
  const records = new Map();
  const keep = (id, data, expires) => records.set(id, { data: structuredClone(data), expires: expires?.getTime() });
  const storage = createSessionStorage({
    ...options,
    createData: async (data, expires) => {
      backend.writes++;
      const id = crypto.randomUUID().replaceAll('-', '');
      keep(id, data, expires);
      return id;
    },
    readData: async (id) => {
      const record = records.get(id);
      if (record === undefined || (record.expires !== undefined && Date.now() >= record.expires)) return null;
      return structuredClone(record.data);
    },
    updateData: async (id, data, expires) => {
      backend.writes++;
      keep(id, data, expires);
    },
    deleteData: async (id) => {
      backend.deletes++;
      records.delete(id);
    },
  });
  return { storage, backend, serverSide: true };
}

// ---------------------------------------------------------------- the model

/** When a session the model holds ends, and which limits end it then. */
function endOf(state, ms) {
  const limits = [];
  if (ms.idle !== undefined) limits.push(['idle', state.touched + ms.idle]);
  if (ms.absolute !== undefined) limits.push(['absolute', state.created + ms.absolute]);
  if (state.expiresAt !== Infinity) limits.push(['expiry', state.expiresAt]);
  const at = Math.min(...limits.map(([, end]) => end));
  return { at, by: limits.filter(([, end]) => end === at).map(([name]) => name) };
}

const isAlive = (state, ms, now) => state !== null && now < endOf(state, ms).at;
const expiryFrom = (ms, now) => Math.min(ms.maxAge !== undefined ? now + ms.maxAge : Infinity, ms.expires ?? Infinity);
const renewalDue = (state, ms, now) => ms.idle !== undefined && now - state.touched >= ms.touch;

function written(state, ms, now, data) {
  return { ...state, data, touched: now, expiresAt: expiryFrom(ms, now) };
}

function begun(ms, now, data, generation) {
  return { data, created: now, touched: now, expiresAt: expiryFrom(ms, now), generation, renewals: 0 };
}

/** What the handler (or the hand request) saw of the session it read. */
function seenOf(session) {
  return { id: session.id, data: session.data, dirty: session.dirty, renewalDue: session.renewalDue };
}

/** Does what `action` asks of `session`; a logout through the storage returns its header (React Router's idiom). */
async function act(storage, session, action) {
  switch (action.name) {
    case 'signIn':
      session.set('user', action.user);
      session.set('n', 0);
      return undefined;
    case 'change':
      session.set('n', (session.get('n') ?? 0) + 1);
      return undefined;
    case 'regenerate':
      session.regenerateId(true);
      return undefined;
    case 'logout':
      if (action.how === 'destroy()') session.destroy();
      else return storage.destroySession(session); // without destroy(): it has destroyed the session all the same
      return undefined;
    default:
      return undefined; // a read-only request
  }
}

const sessionHeaders = (setCookies) => setCookies.filter((header) => header.startsWith(`${COOKIE_NAME}=`));

function isExpiringHeader(header) {
  const { value, attributes } = parseSetCookie(header);
  return value === '' && attributes['max-age'] === '0' && Date.parse(attributes.expires) <= Date.now();
}

function count(counts, name) {
  counts[name] = (counts[name] ?? 0) + 1;
}

/** Runs one seeded sequence on `kind` under the seed's lifetime; adds what it checked to `counts`. */
async function runModel(kind, seed, counts) {
  const life = LIFETIMES[(seed - 1) % LIFETIMES.length];
  const ms = lifetimeMs(life);
  const { storage, backend, serverSide } = makeStorage(kind, life);
  const fetch = withSession(storage, async (request, { session }) => {
    const action = JSON.parse(request.headers.get('x-action'));
    const seen = seenOf(session);
    const logoutHeader = await act(storage, session, action);
    const response = Response.json(seen);
    if (logoutHeader !== undefined) response.headers.append('Set-Cookie', logoutHeader);
    return response;
  });
  const rng = mulberry32(seed * 7919 + kind.length);
  const pick = (items) => items[Math.floor(rng() * items.length)];
  const clients = [0, 1].map(() => ({ jar: new Map(), state: null }));
  const copies = []; // cookies taken from a client at some point (a stolen cookie), with the model then
  const records = new Map(); // server-side: generation -> the session its record holds, until deleted
  const idOfGeneration = new Map(); // server-side: the ID each generation was seen under
  let generations = 0;
  const trail = []; // the steps so far, printed with a failure
  let clientIndex = 0;

  const where = () => `${kind}, seed ${seed}, lifetime ${JSON.stringify(life)}, step ${trail.length}:\n  ${trail.slice(-8).join('\n  ')}`;

  /** Checks what a request saw against the model's session (null: none, or a dead one), counting boundaries. */
  function checkSeen(seen, state, now, label) {
    const alive = isAlive(state, ms, now);
    if (state !== null) {
      const end = endOf(state, ms);
      const offset = now - end.at;
      if (offset >= -1 && offset <= 1) {
        for (const limit of end.by) count(counts, `${limit} ${offset === -1 ? '-1 ms: alive' : offset === 0 ? '+0 ms: fresh' : '+1 ms: fresh'}`);
        if (offset >= 0 && end.by.includes('absolute') && state.renewals > 0) count(counts, 'absolute end not moved by renewals');
        if (offset >= 0 && end.by.includes('absolute') && state.regenerated) count(counts, 'absolute end kept across regenerateId');
      }
      if (!alive) count(counts, 'fresh after its end');
    }
    if (!alive) {
      assert.deepEqual(seen.data, {}, `${label}: a session past its end, or whose record was deleted, reads as fresh\n${where()}`);
      assert.ok(!seen.id, `${label}: a fresh session has no ID (${seen.id})\n${where()}`);
      assert.equal(seen.dirty, false, `${label}: a fresh session is not dirty\n${where()}`);
      assert.equal(seen.renewalDue, false, `${label}: nothing to renew in a fresh session\n${where()}`);
      return;
    }
    assert.deepEqual(seen.data, state.data, `${label}: the session's data (ends at ${endOf(state, ms).at - T0})\n${where()}`);
    assert.equal(seen.dirty, false, `${label}: read, not changed\n${where()}`);
    const due = renewalDue(state, ms, now);
    if (ms.touch !== undefined && now - state.touched === ms.touch - 1) count(counts, 'renewal at touchInterval - 1 ms: not due');
    if (ms.touch !== undefined && now - state.touched === ms.touch) count(counts, 'renewal at touchInterval: due');
    assert.equal(seen.renewalDue, due, `${label}: renewalDue ${now - state.touched} ms after the last write\n${where()}`);
    if (serverSide) {
      assert.ok(/^[0-9a-f]{32}(?:[0-9a-f]{8})?$/.test(seen.id), `${label}: a stored session's ID (${seen.id})\n${where()}`);
      const known = idOfGeneration.get(state.generation);
      if (known === undefined) {
        assert.ok(![...idOfGeneration.values()].includes(seen.id), `${label}: a new session under an old ID\n${where()}`);
        idOfGeneration.set(state.generation, seen.id);
      } else assert.equal(seen.id, known, `${label}: the session's ID\n${where()}`);
    }
  }

  /** The cookie a write header sets has the storage's lifetime attributes. */
  function checkWriteHeader(header, label) {
    const { value, attributes } = parseSetCookie(header);
    assert.notEqual(value, '', `${label}: a written session's cookie\n${where()}`);
    assert.equal(attributes['max-age'], life.maxAge === undefined ? undefined : String(life.maxAge), `${label}: Max-Age\n${where()}`);
    if (ms.expires !== undefined) assert.equal(Date.parse(attributes.expires), ms.expires, `${label}: Expires\n${where()}`);
    else if (life.maxAge === undefined) assert.equal(attributes.expires, undefined, `${label}: a browser-session cookie\n${where()}`);
  }

  /** One request of `client` doing `action`, through withSession or by hand; returns what it saw and set. */
  async function request(client, action, byHand) {
    const cookie = cookieHeader(client.jar);
    if (!byHand) {
      const headers = new Headers({ 'x-action': JSON.stringify(action) });
      if (cookie !== null) headers.set('Cookie', cookie);
      const response = await fetch(new Request('https://example.com/', { headers }));
      assert.equal(response.status, 200, `withSession answered ${response.status}: ${await response.clone().text()}\n${where()}`);
      return { seen: await response.json(), setCookies: sessionHeaders(response.headers.getSetCookie()) };
    }
    const session = await storage.getSession(cookie);
    const seen = seenOf(session);
    const logoutHeader = await act(storage, session, action);
    if (logoutHeader !== undefined) return { seen, setCookies: [logoutHeader] };
    if (session.destroyed || session.dirty || session.renewalDue) return { seen, setCookies: [await storage.commitSession(session)] };
    session.dispose();
    return { seen, setCookies: [] };
  }

  /**
   * Moves the clock for a request of `state`'s client: within what is left of every session (a busy user, so that
   * sessions live long enough to reach their absolute end); to its renewal point or its end at -1, 0 or +1 ms (an
   * absolute end always, others half the time: they come round far more often); or a little or a lot, whatever
   * that does to it.
   */
  function advance(state) {
    const now = Date.now();
    const roll = rng();
    const safe = () => {
      const ends = clients.map(({ state: other }) => (isAlive(other, ms, now) ? endOf(other, ms).at : Infinity));
      const room = Math.min(...ends, now + ms.longest) - now - 1;
      return room > 0 ? (clock.now += Math.floor(rng() * room)) : undefined;
    };
    if (roll < 0.55 && safe() !== undefined) return clock.now;
    if (state !== null && roll < 0.8) {
      const end = endOf(state, ms);
      let at;
      if (ms.touch !== undefined && roll < 0.68) at = state.touched + ms.touch;
      else if (end.by.includes('absolute') || rng() < 0.5) at = end.at - now < 4 * ms.longest ? end.at : undefined;
      else if (safe() !== undefined) return clock.now;
      if (at !== undefined && at + 1 >= now) return (clock.now = Math.max(now, at + pick([-1, 0, 1])));
    }
    return (clock.now += roll < 0.94 ? Math.floor(rng() * 1500) : Math.floor(rng() * ms.longest * 1.2));
  }

  try {
    for (let step = 0; step < STEPS; step++) {
      if (rng() < 0.25) clientIndex = 1 - clientIndex; // a client's requests come in runs
      const client = clients[clientIndex];
      advance(client.state);
      const now = Date.now();
      const roll = rng();
      const name =
        roll < 0.04 ? 'signIn' : roll < 0.2 ? 'change' : roll < 0.5 ? 'view' : roll < 0.54 ? 'logout' : roll < 0.6 ? 'regenerate' : roll < 0.85 ? 'probe' : 'replay';
      const byHand = rng() < 0.5;
      const action = { name, user: `user${step}`, how: pick(['destroy()', 'destroySession']) };
      trail.push(`t=${now - T0} client ${clientIndex} ${name}${name === 'logout' ? ` (${action.how})` : ''}${byHand ? ' by hand' : ' via withSession'}`);

      if (name === 'probe' || name === 'replay') {
        // A read that writes nothing: the client's own cookie, or a copy taken earlier.
        const recent = rng() < 0.7 ? copies.slice(-4) : copies;
        const copy = name === 'replay' && copies.length > 0 ? pick(recent) : { header: cookieHeader(client.jar), state: client.state };
        const session = await storage.getSession(copy.header);
        const seen = seenOf(session);
        session.dispose();
        // A server-side cookie names a record: the session as it is now, unless deleted since.
        const expected = serverSide && copy.state !== null ? records.get(copy.state.generation) ?? null : copy.state;
        checkSeen(seen, expected, now, name);
        if (name === 'replay') count(counts, isAlive(expected, ms, now) ? 'copied cookie: opens its session' : 'copied cookie: fresh');
        if (rng() < 0.3) copies.push({ header: cookieHeader(client.jar), state: client.state });
        continue;
      }

      if (name === 'signIn') client.jar.clear(); // a new visitor, or one whose browser dropped its cookies
      const before = client.state;
      // A copy of the cookie from before a logout or a rotation (a thief's, a fixation attempt's) is replayed later.
      if ((name === 'logout' || name === 'regenerate') && rng() < 0.6) copies.push({ header: cookieHeader(client.jar), state: before });
      const alive = isAlive(before, ms, now);
      const writesBefore = backend.writes;
      const deletesBefore = backend.deletes;
      const putsBefore = backend.puts.length;
      const { seen, setCookies } = await request(client, action, byHand);
      checkSeen(seen, name === 'signIn' ? null : before, now, name);

      // The model's session after the request, and whether it is written.
      let after = alive ? before : null;
      let writes = false;
      if (name === 'signIn') {
        after = begun(ms, now, { user: action.user, n: 0 }, ++generations);
        writes = true;
      } else if (name === 'change') {
        after = alive ? written(before, ms, now, { ...before.data, n: (before.data.n ?? 0) + 1 }) : begun(ms, now, { n: 1 }, ++generations);
        writes = true;
      } else if (name === 'regenerate') {
        after = alive ? { ...written(before, ms, now, before.data), generation: ++generations, regenerated: true } : begun(ms, now, {}, ++generations);
        writes = true;
      } else if (name === 'view' && alive && renewalDue(before, ms, now)) {
        after = { ...written(before, ms, now, before.data), renewals: before.renewals + 1 };
        writes = true;
      } else if (name === 'logout') after = null;

      const label = `${name}${byHand ? ' by hand' : ' via withSession'}`;
      assert.ok(setCookies.length <= 1, `${label}: one Set-Cookie at most, got ${setCookies.length}\n${where()}`);
      if (name === 'logout') {
        assert.equal(setCookies.length, 1, `${label}: the logout's cookie\n${where()}`);
        assert.ok(isExpiringHeader(setCookies[0]), `${label}: an expiring cookie: ${setCookies[0]}\n${where()}`);
        count(counts, 'logout: one expiring cookie');
      } else if (writes) {
        assert.equal(setCookies.length, 1, `${label}: the session is written, ${now - (before?.touched ?? now)} ms after its last write\n${where()}`);
        checkWriteHeader(setCookies[0], label);
        count(counts, name === 'view' ? `renewal written (${byHand ? 'by hand' : 'withSession'})` : 'new or changed session written');
      } else {
        assert.equal(setCookies.length, 0, `${label}: nothing to write (${alive ? `${now - before.touched} ms after its last write` : 'a fresh session'}): ${setCookies[0]}\n${where()}`);
        count(counts, alive ? 'read-only: no Set-Cookie' : 'fresh, untouched: no Set-Cookie');
      }
      if (kind === 'kv' || kind === 'callbacks') {
        // A renewal or change is one store write; a read-only request or a logout none (issue 11: count the puts).
        assert.equal(backend.writes - writesBefore, writes ? 1 : 0, `${label}: store writes\n${where()}`);
        if (name === 'regenerate' && alive) assert.ok(backend.deletes > deletesBefore, `${label}: the old record deleted\n${where()}`);
        if (name === 'logout' && alive) assert.ok(backend.deletes > deletesBefore, `${label}: the record deleted\n${where()}`);
      }
      if (kind === 'kv') {
        // The key outlives the session (else KV drops a live one) by at most KV's 60 s floor, or 2 s: the end is
        // rounded up to its second, then to whole seconds of TTL.
        for (const { at, options } of backend.puts.slice(putsBefore)) {
          const end = endOf(after, ms).at;
          // README: "the true expiry goes into the key's metadata"; it holds it rounded up to the second, harmless
          // since the record's own times end the session to the millisecond.
          const { expires } = options?.metadata ?? {};
          assert.ok(expires >= end && expires <= Math.max(end, at) + 1000, `kv: the key's metadata (${expires}) holds the session's end (${end})\n${where()}`);
          const ttl = options.expirationTtl * 1000;
          assert.ok(ttl >= 60_000 && at + ttl >= end && ttl <= Math.max(60_000, end - at + 2000), `kv: expirationTtl ${options.expirationTtl} s for an end ${end - at} ms away\n${where()}`);
          count(counts, 'kv: TTL covers the session');
        }
      }
      if (name === 'regenerate' || name === 'change' || name === 'signIn') count(counts, `${name}`);
      applySetCookies(client.jar, setCookies); // keeps cookies past Max-Age/Expires: a replay the server must refuse
      client.state = after;
      // logout and regenerateId(true) delete the record they read; a new visitor only leaves the old one behind
      if (alive && (name === 'logout' || name === 'regenerate')) records.delete(before.generation);
      if (after !== null) records.set(after.generation, after);
      if (rng() < 0.15) copies.push({ header: cookieHeader(client.jar), state: client.state });
    }
    await checkExpiredSessionsLeave(kind, storage, backend, ms, counts, where);
  } finally {
    backend.cleanup();
  }
}

/** After every session has ended: what README says each storage keeps of them, and for how long. */
async function checkExpiredSessionsLeave(kind, storage, backend, ms, counts, where) {
  const newSession = async (values) => {
    const session = await storage.getSession(null);
    for (const [key, value] of Object.entries(values)) session.set(key, value);
    return storage.commitSession(session);
  };
  // Past every session's end (the longest, from the latest write) and the minute a late request may still renew.
  const pastEveryEnd = () => (clock.now = Math.max(Date.now(), ms.expires ?? 0) + ms.longest + 120_000);

  if (kind === 'memory') {
    // 30 sessions of 100 KB: the heap must see them, then lose them once they ended and others were written.
    const before = await heapUsed();
    for (let i = 0; i < 30; i++) await newSession({ blob: `${i}:${'x'.repeat(100_000)}` });
    const full = await heapUsed();
    // Past a fixed `expires` they end as they are written, and need not be kept even that long.
    const bornAlive = ms.expires === undefined || Date.now() < ms.expires;
    if (bornAlive) assert.ok(full - before > 2_000_000, `the measure sees 3 MB of sessions (${full - before} bytes)`);
    pastEveryEnd();
    for (let i = 0; i < 60; i++) await newSession({ n: i });
    const left = (await heapUsed()) - before;
    assert.ok(left < 1_000_000, `memory: expired sessions still hold ${left} bytes after 60 writes\n${where()}`);
    if (bornAlive) count(counts, 'memory: expired records dropped');
  } else if (kind === 'file') {
    // Each write deletes up to two files expired over a minute ago, in turn: twice as many writes as files
    // leaves none of the model's.
    const sessionFiles = () => readdirSync(backend.dir).filter((name) => /^[0-9a-f]{40}\.json$/.test(name));
    const left = sessionFiles().length;
    pastEveryEnd();
    const writes = 2 * left + 4;
    for (let i = 0; i < writes; i++) await newSession({ n: i });
    assert.ok(sessionFiles().length <= writes, `file: ${sessionFiles().length - writes} expired session files left of ${left}\n${where()}`);
    count(counts, 'file: expired files deleted');
  } else if (kind === 'kv') {
    pastEveryEnd();
    for (const [key, { at, options }] of backend.lastPut) {
      if (!key.startsWith('session:')) continue;
      assert.ok(options?.expirationTtl !== undefined && at + options.expirationTtl * 1000 <= Date.now(), `kv: ${key} outlives its session (${JSON.stringify(options)})\n${where()}`);
      count(counts, 'kv: expired key left to its TTL');
    }
  }
}

const KINDS = ['cookie', 'cookie, encrypt', 'memory', 'file', 'kv', 'callbacks'];

for (const kind of KINDS) {
  describe(`session lifetime model (${kind})`, () => {
    const counts = Object.create(null);
    for (const seed of SEEDS) {
      it(`seed ${seed}: ${JSON.stringify(LIFETIMES[(seed - 1) % LIFETIMES.length])}`, async () => {
        await runModel(kind, seed, counts);
      });
    }
    it('checked each kind of thing often enough', (t) => {
      t.diagnostic(JSON.stringify(counts));
      if (SEEDS.length < LIFETIMES.length) return; // a partial run (one seed) proves nothing about coverage
      const minimums = {
        'idle -1 ms: alive': 3,
        'idle +0 ms: fresh': 3,
        'idle +1 ms: fresh': 3,
        'absolute -1 ms: alive': 3,
        'absolute +0 ms: fresh': 3,
        'absolute +1 ms: fresh': 3,
        'expiry -1 ms: alive': 3,
        'expiry +0 ms: fresh': 3,
        'expiry +1 ms: fresh': 3,
        'absolute end not moved by renewals': 2,
        'absolute end kept across regenerateId': 1,
        'renewal at touchInterval - 1 ms: not due': 3,
        'renewal at touchInterval: due': 3,
        'renewal written (by hand)': 5,
        'renewal written (withSession)': 5,
        'read-only: no Set-Cookie': 10,
        'fresh, untouched: no Set-Cookie': 5,
        'fresh after its end': 20,
        'new or changed session written': 50,
        'logout: one expiring cookie': 10,
        'copied cookie: opens its session': 3,
        'copied cookie: fresh': 3,
        regenerate: 5,
        change: 10,
        signIn: 5,
      };
      if (kind === 'kv') Object.assign(minimums, { 'kv: TTL covers the session': 20, 'kv: expired key left to its TTL': 5 });
      if (kind === 'memory') minimums['memory: expired records dropped'] = LIFETIMES.filter((life) => life.expiresAt === undefined).length;
      if (kind === 'file') minimums['file: expired files deleted'] = SEEDS.length;
      for (const [name, minimum] of Object.entries(minimums)) {
        assert.ok((counts[name] ?? 0) >= minimum, `${name}: ${counts[name] ?? 0} checks, fewer than ${minimum}`);
      }
    });
  });
}
