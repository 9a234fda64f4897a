// Model-based (stateful, randomised) test of the session API across storages (written by an outside audit; the
// defects it found are pinned by tests/js/flash-under-user-key.test.js and tests/js/user-switch-after-regenerate.test.js).
//
// A reference model of what a session holds after each operation, written from README ("Session", "Storages",
// "Signing out everywhere") and issues 2, 11 and 14, is driven by seeded random sequences of operations against
// createCookieSessionStorage (signed+sealed, chunks: 3, userKey + revocation: { kv }), createMemorySessionStorage
// and createFileSessionStorage (userKey). After every step every observable is compared: id, dirty, destroyed,
// size, data, get/has/getFlash of a pool of keys, deleteId, and (server-side) listUserSessions of every user.
// On a failure the op sequence is shrunk (delta debugging) and printed.
//
// Env: MODEL_SEEDS (comma list), MODEL_STEPS (ops per sequence).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import {
  createCookieSessionStorage, createMemorySessionStorage, SessionDataError, SessionDestroyedError, CookieTooLargeError,
} from 'edge-session';
import { createFileSessionStorage } from '../../js/index.node.js';
import { mapKV } from './map-kv.js';
import { applySetCookies as applyHeaders, cookieHeader } from './model-jar.js';
import { mulberry32 } from './seeded-random.js';
import { shrinkSteps } from './shrink-steps.js';

const SEEDS = (process.env.MODEL_SEEDS ?? '1,2,3').split(',').map(Number);
const STEPS = Number(process.env.MODEL_STEPS ?? 1500);
const USER_KEY = 'userId';
const USERS = ['u1', 'u2'];
const CLIENTS = 3;
const BAD_USER = Symbol('not a user ID');

// ---------------------------------------------------------------- helpers



const canon = (v) => JSON.parse(JSON.stringify(v));
const wf = (k) => k.toWellFormed(); // README: a lone surrogate in a top-level key becomes U+FFFD
const isReserved = (k) => k === '__es__' || (k.length >= 10 && k.startsWith('__flash_') && k.endsWith('__'));
const utf8 = (s) => Buffer.byteLength(s);
const short = (v, n = 60) => {
  const s = typeof v === 'string' ? JSON.stringify(v) : inspect(v, { depth: 3, breakLength: Infinity });
  return s.length > n ? `${s.slice(0, n)}…(${s.length})` : s;
};

const LONG = 'k'.repeat(1024);
const LONG_E = 'é'.repeat(1024);
const LONG_EMOJI = '😀'.repeat(512); // 1024 UTF-16 units
const KEY_POOL = [
  'a', 'b', 'c', USER_KEY, '', ' ', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf',
  'é', '😀', '\ud800', '\udc00x', '\ufffd', 'a\u0000b', '\u2028', '"q"\\', '__csrf', '__flash_', '__flash__',
  '__flash_a', 'a__', '__es', '_es__', '1', '0', '01', '-1', '4294967295', 'k.1', '__session',
  LONG, LONG_E, LONG_EMOJI,
];
const RESERVED_POOL = ['__flash_a__', '__es__', '__flash___', '__flash_é__', '__flash___proto____'];
const TOO_LONG = ['x'.repeat(1025), '😀'.repeat(513)];

function defineKey(obj, k, v) {
  Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
}

const STRINGS = [
  '', 'x', 'hello world', 'é', 'ü€𝄞', '😀', '\ud800', '\udfff', 'a\ud800b', '\udc00\ud800', '\ud83d', 'x\ude00',
  '\u0000', '\u001f\u007f', '\u2028\u2029', '"\\/', '</script><!--', '%3D%2B', '; Path=/', '\r\n', '\ufeff',
  '\uffff', 'null', '__proto__',
];

function genValue(rng, depth = 0, big = false) {
  const r = rng();
  const pick = (a) => a[Math.floor(rng() * a.length)];
  if (depth > 4 || r < 0.45) {
    const t = rng();
    if (t < 0.08) return null;
    if (t < 0.16) return rng() < 0.5;
    if (t < 0.4) {
      return pick([0, -0, 1, -1, 42, 0.1, -2.5e-7, 1e21, 1e308, -1e308, 5e-324, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 2 ** 64, 123456789.123, Math.PI,
        Math.floor(rng() * 1e6)]);
    }
    if (t < 0.9) {
      let s = pick(STRINGS);
      if (rng() < 0.3) s = s + pick(STRINGS) + pick(STRINGS);
      if (big && rng() < 0.3) s = s.repeat(1 + Math.floor(rng() * 200));
      return s;
    }
    if (t < 0.95) return new Date(Math.floor(rng() * 4e12)); // a Date becomes its ISO string
    return undefined; // in an array -> null, in an object -> dropped
  }
  if (r < 0.7) {
    const n = Math.floor(rng() * 4);
    return Array.from({ length: n }, () => genValue(rng, depth + 1, big));
  }
  const o = {};
  const n = Math.floor(rng() * 4);
  for (let i = 0; i < n; i++) {
    const k = pick(['a', '', '__proto__', 'constructor', '\ud800', 'é', '1', '__flash_x__', '__es__', 'toJSON_', 'b']);
    defineKey(o, k, genValue(rng, depth + 1, big));
  }
  return o;
}

// ---------------------------------------------------------------- the storages under test

function makeStorage(kind) {
  const secrets = ['model-secret-0123456789abcdef'];
  if (kind === 'cookie') {
    return {
      kind, serverSide: false,
      storage: createCookieSessionStorage({
        cookie: { name: '__session', secrets, httpOnly: true }, encrypt: true, chunks: 3, userKey: USER_KEY,
        revocation: { kv: mapKV() },
      }),
      cleanup() {},
    };
  }
  if (kind === 'memory') {
    return { kind, serverSide: true, storage: createMemorySessionStorage({ cookie: { name: '__session', secrets }, userKey: USER_KEY }), cleanup() {} };
  }
  const dir = mkdtempSync(join(tmpdir(), 'session-model-'));
  return {
    kind, serverSide: true,
    storage: createFileSessionStorage({ cookie: { name: '__session', secrets }, dir, userKey: USER_KEY }),
    cleanup() { try { rmSync(dir, { recursive: true, force: true }); } catch {} },
  };
}


const applyCookies = (jar, headers) => applyHeaders(jar, headers, { expires: true });

// ---------------------------------------------------------------- operations (data, so sequences can be shrunk)

function genOps(seed, steps, kind) {
  const rng = mulberry32(seed);
  const pick = (a) => a[Math.floor(rng() * a.length)];
  const ops = [];
  const big = kind !== 'cookie';
  for (let i = 0; i < steps; i++) {
    const r = rng();
    const c = Math.floor(rng() * CLIENTS);
    if (r < 0.08) ops.push({ t: 'open', c });
    else if (r < 0.30) ops.push({ t: 'set', k: pick(KEY_POOL.filter((k) => k !== USER_KEY)), v: genValue(rng, 0, big && rng() < 0.2) });
    else if (r < 0.305) ops.push({ t: 'set', k: USER_KEY, v: pick([true, [], {}, 'x'.repeat(1025), 0, false, '']) });
    else if (r < 0.36) ops.push({ t: 'set', k: USER_KEY, v: pick([...USERS, undefined, null]) });
    else if (r < 0.45) ops.push({ t: 'unset', k: pick(KEY_POOL) });
    else if (r < 0.57) ops.push({ t: 'flash', k: pick(KEY_POOL.filter((k) => k !== USER_KEY)), v: rng() < 0.15 ? pick([undefined, null]) : genValue(rng, 0, false) });
    else if (r < 0.59) ops.push({ t: 'setReserved', k: pick([...RESERVED_POOL, ...TOO_LONG]), flash: rng() < 0.5 });
    else if (r < 0.60) ops.push({ t: 'setNaN', k: pick(KEY_POOL) });
    else if (r < 0.63) ops.push({ t: 'regenerate', del: rng() < 0.5 });
    else if (r < 0.65) ops.push({ t: 'destroy' });
    else if (r < 0.77) ops.push({ t: 'commit', headers: rng() < 0.7 });
    else if (r < 0.79) ops.push({ t: 'destroySession' });
    else if (r < 0.82) ops.push({ t: 'dispose' });
    else if (r < 0.86) ops.push({ t: 'revoke', u: pick(USERS), except: rng() < 0.6 });
    else if (r < 0.88) ops.push({ t: 'copyJar', from: c, to: (c + 1 + Math.floor(rng() * (CLIENTS - 1))) % CLIENTS });
    else if (r < 0.89) ops.push({ t: 'tamper', c });
    else if (r < 0.90) ops.push({ t: 'clearJar', c });
    else if (r < 0.91 && big) ops.push({ t: 'setHuge', k: pick(['a', 'b', LONG]), n: pick([100_000, 131_000, 140_000]) });
    else ops.push({ t: 'open', c }); // reads dominate real traffic
  }
  return ops;
}

function describeOp(op) {
  switch (op.t) {
    case 'set': case 'flash': return `${op.t}(${short(op.k, 24)}, ${short(op.v)})`;
    case 'unset': case 'setNaN': return `${op.t}(${short(op.k, 24)})`;
    case 'setReserved': return `${op.flash ? 'flash' : 'set'}(${short(op.k, 24)}) [invalid key]`;
    case 'setHuge': return `set(${short(op.k, 12)}, 'h'.repeat(${op.n}))`;
    default: return JSON.stringify(op);
  }
}

// ---------------------------------------------------------------- the model

class Model {
  constructor(serverSide) {
    this.serverSide = serverSide;
    this.records = new Map(); // server-side: id -> rec
    this.jars = Array.from({ length: CLIENTS }, () => null); // server: id|null; cookie: rec|null
    this.revoked = new Map(); // cookie: user -> seq of last revocation
    this.seq = 0;
    this.seen = new Set(); // every ID handed out
  }
  /** The state a request of client c reads. */
  read(c) {
    const j = this.jars[c];
    let rec = null;
    let id = '';
    if (this.serverSide) {
      if (j !== null && this.records.has(j)) { rec = this.records.get(j); id = j; }
    } else if (j !== null) {
      rec = j;
      if (rec.user !== undefined && (this.revoked.get(rec.user) ?? -1) > rec.signIn) rec = null;
    }
    return {
      client: c, baseId: id, id, readId: id,
      values: new Map(rec?.values ?? []), inFlash: new Map(rec?.flash ?? []), outFlash: new Map(),
      destroyed: false, dirty: (rec?.flash.size ?? 0) > 0,
      baseUser: rec?.user, signIn: rec?.signIn ?? 0,
      regenerated: false, deleteOld: false, deleteId: undefined, revoked: false, commits: 0,
    };
  }
  userOf(values) {
    const v = values.get(USER_KEY);
    if (v === undefined || v === null || v === false || v === '') return undefined;
    if (typeof v === 'string' && v.length <= 1024) return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    return BAD_USER;
  }
  expectedData(S) {
    const o = {};
    if (S.destroyed) return o;
    for (const [k, v] of S.values) defineKey(o, k, v);
    for (const [k, v] of S.outFlash) defineKey(o, `__flash_${k}__`, v);
    return o;
  }
  payloadBytes(S) {
    return utf8(JSON.stringify(this.expectedData(S))) + 90;
  }
}

// ---------------------------------------------------------------- running a sequence

class Mismatch extends Error {}

async function run(kind, ops, { trace = false } = {}) {
  const sut = makeStorage(kind);
  const { storage, serverSide } = sut;
  const M = new Model(serverSide);
  const jars = Array.from({ length: CLIENTS }, () => new Map());
  let session = null; // the open request's Session
  let S = null; // its model
  const log = [];
  let step = -1;
  let tampers = 0;
  const fail = (msg) => { throw new Mismatch(`${kind} step ${step} (${describeOp(ops[step] ?? {})}): ${msg}`); };
  const eq = (actual, expected, what) => {
    try { assert.deepStrictEqual(actual, expected); } catch {
      fail(`${what}: expected ${short(expected, 300)}, got ${short(actual, 300)}`);
    }
  };
  const expectThrow = (fn, cls, code, what) => {
    try { fn(); } catch (e) {
      if (!(e instanceof cls) || (code && e.code !== code)) fail(`${what}: expected ${cls.name} ${code ?? ''}, got ${e?.constructor?.name} ${e?.code} ${e?.message}`);
      return;
    }
    fail(`${what}: expected ${cls.name} ${code ?? ''}, nothing thrown`);
  };
  const newId = (id, what) => {
    if (!/^[0-9a-f]{32}(?:[0-9a-f]{8})?$/.test(id)) fail(`${what}: ID ${short(id)} is not 40 (or 32) hex characters`);
    if (M.seen.has(id)) fail(`${what}: ID ${id} was handed out before`);
    M.seen.add(id);
    return id;
  };

  function checkSession() {
    if (!session) return;
    eq(session.destroyed, S.destroyed, 'destroyed');
    eq(session.dirty, S.dirty, 'dirty');
    eq(session.id, S.id, 'id');
    const expectedSize = S.destroyed ? 0 : S.values.size + S.inFlash.size;
    eq(session.size, expectedSize, 'size');
    eq(session.data, M.expectedData(S), 'data');
    if (serverSide && S.readId !== '' && S.commits === 0) eq(session.deleteId, S.deleteId, 'deleteId');
    const keys = new Set([...KEY_POOL, ...S.values.keys(), ...S.inFlash.keys()]);
    for (const k0 of keys) {
      const k = wf(k0);
      const vv = S.destroyed ? undefined : (S.values.has(k) ? S.values.get(k) : S.inFlash.get(k));
      eq(session.get(k0), vv, `get(${short(k0, 20)})`);
      eq(session.has(k0), S.destroyed ? false : S.values.has(k) || S.inFlash.has(k), `has(${short(k0, 20)})`);
      eq(session.getFlash(k0), S.destroyed ? undefined : S.inFlash.get(k), `getFlash(${short(k0, 20)})`);
    }
  }

  async function checkListings() {
    if (!serverSide) return;
    for (const u of USERS) {
      const got = (await storage.listUserSessions(u)).map((e) => e.id).sort();
      const want = [...M.records].filter(([, r]) => r.user === u).map(([id]) => id).sort();
      eq(got, want, `listUserSessions(${u})`);
    }
  }

  async function endRequest() {
    if (!session) return;
    try { session.dispose(); } catch (e) { fail(`dispose threw ${e.message}`); }
    session = null;
    S = null;
  }

  /** The model's commit of S (not destroyed); `id` is the SUT's session.id after the commit. */
  function modelCommit(id, headersWritten) {
    const userNow = M.userOf(S.values);
    const signIn = userNow !== undefined && userNow !== S.baseUser;
    // Cookie storage, a session signed out in this request and then revoked: README is silent on whether its anonymous
    // rest is written; the SUT writes it. Accepted: follow the header.
    const anonymousRest = !serverSide && userNow === undefined
      && headersWritten.some((h) => /^__session=[^;]/.test(h) && !/max-age=0/i.test(h));
    if (S.revoked && !signIn && !anonymousRest) {
      // README: a commit refused because of a revocation is answered as a logout (an expiring cookie).
      M.jars[S.client] = null;
      S.dirty = false;
      // Whether the Session then reads as destroyed is not documented (server-side storages say yes, the cookie
      // storage no when nothing changed); either is accepted, and the next request must read a fresh session.
      S.destroyed = session.destroyed;
      S.commits++;
      return;
    }
    const rec = {
      values: new Map(S.values), flash: new Map(S.outFlash), user: userNow,
      signIn: signIn ? ++M.seq : S.signIn,
    };
    if (signIn) S.signedInHere = true;
    if (serverSide) {
      const switched = S.baseUser !== undefined && userNow !== undefined && S.baseUser !== userNow;
      let target;
      if (S.regenerated && !S.revoked && !switched) target = S.id;
      else if (S.baseId === '' || S.revoked) target = newId(id, 'commit of a new session');
      else if (switched) target = (S.regenerated && id === S.id) ? id : newId(id, 'commit switching users');
      else if (S.regenerated) target = S.id;
      else target = S.baseId;
      if (id !== target) fail(`commit: session.id ${id}, expected ${target}`);
      // A switch of user deletes the old ID always, after a regenerateId() (which alone keeps the old record) too.
      const switchDeletes = switched;
      if (S.baseId !== '' && target !== S.baseId && (S.deleteOld || switchDeletes)) M.records.delete(S.baseId);
      M.records.set(target, rec);
      M.jars[S.client] = target;
      S.baseId = target;
      S.id = target;
    } else {
      M.jars[S.client] = rec;
      if (S.regenerated && id !== S.id) fail(`commit: session.id ${id}, expected ${S.id}`);
    }
    S.baseUser = userNow;
    S.signIn = rec.signIn;
    S.regenerated = false;
    S.deleteOld = false;
    S.revoked = false;
    S.dirty = false;
    S.commits++;
  }

  function modelDestroyCommit() {
    if (serverSide && S.baseId !== '') M.records.delete(S.baseId);
    if (serverSide && S.regenerated && S.deleteOld) M.records.delete(S.readId);
    M.jars[S.client] = null;
    S.destroyed = true;
    S.dirty = false;
  }

  try {
    for (step = 0; step < ops.length; step++) {
      const op = ops[step];
      if (trace) log.push(describeOp(op));
      switch (op.t) {
        case 'open': {
          await endRequest();
          const header = cookieHeader(jars[op.c]);
          session = await storage.getSession(header);
          S = M.read(op.c);
          break;
        }
        case 'dispose': await endRequest(); break;
        case 'set': {
          if (!session) break;
          const k = wf(op.k);
          if (S.destroyed) { expectThrow(() => session.set(op.k, op.v), SessionDestroyedError, 'SESSION_DESTROYED', 'set after destroy'); break; }
          if (!serverSide && op.v != null && M.payloadBytes(S) + utf8(JSON.stringify(op.v) ?? '') > 7000) break; // keep cookies committable
          session.set(op.k, op.v);
          if (op.v == null) S.values.delete(k); else S.values.set(k, canon(op.v));
          S.dirty = true;
          break;
        }
        case 'setHuge': {
          if (!session || S.destroyed) break;
          const v = 'h'.repeat(op.n);
          // README: a value's JSON text (with its key) at most 128 KiB (131072); skip the few bytes around it
          const cost = op.n + 2 + utf8(op.k) + 3;
          if (Math.abs(cost - 131072) < 16) break;
          const tooBig = cost > 131072;
          if (tooBig) { expectThrow(() => session.set(op.k, v), SessionDataError, 'VALUE_TOO_LARGE', 'set of a value over 128 KiB'); break; }
          if (M.payloadBytes(S) + op.n > 400_000) break; // stay clear of the 512 KiB session limit
          session.set(op.k, v);
          S.values.set(op.k, v);
          S.dirty = true;
          break;
        }
        case 'unset': {
          if (!session) break;
          if (S.destroyed) { expectThrow(() => session.unset(op.k), SessionDestroyedError, 'SESSION_DESTROYED', 'unset after destroy'); break; }
          session.unset(op.k);
          S.values.delete(wf(op.k));
          S.dirty = true;
          break;
        }
        case 'flash': {
          if (!session) break;
          const k = wf(op.k);
          if (S.destroyed) { expectThrow(() => session.flash(op.k, op.v), SessionDestroyedError, 'SESSION_DESTROYED', 'flash after destroy'); break; }
          if (!serverSide && op.v != null && M.payloadBytes(S) + utf8(JSON.stringify(op.v) ?? '') + k.length > 7000) break;
          session.flash(op.k, op.v);
          if (op.v === undefined) S.outFlash.delete(k); else S.outFlash.set(k, canon(op.v));
          S.dirty = true;
          break;
        }
        case 'setReserved': {
          if (!session) break;
          const fn = () => (op.flash ? session.flash(op.k, 1) : session.set(op.k, 1));
          if (S.destroyed) {
            // which refusal comes first is not documented: either is right
            try { fn(); fail('invalid key after destroy: nothing thrown'); } catch (e) {
              if (e instanceof Mismatch) throw e;
              if (!(e instanceof SessionDestroyedError || (e instanceof SessionDataError && e.code === 'INVALID_KEY'))) fail(`invalid key after destroy: ${e}`);
            }
            break;
          }
          expectThrow(fn, SessionDataError, 'INVALID_KEY', `reserved/over-long key ${short(op.k, 20)}`);
          break;
        }
        case 'setNaN': {
          if (!session) break;
          if (S.destroyed) break;
          expectThrow(() => session.set(op.k, NaN), SessionDataError, 'INVALID_VALUE', 'set(k, NaN)');
          break;
        }
        case 'regenerate': {
          if (!session) break;
          if (S.destroyed) { expectThrow(() => session.regenerateId(op.del), SessionDestroyedError, 'SESSION_DESTROYED', 'regenerateId after destroy'); break; }
          if (S.commits > 0) break; // after a commit in the same request: not modelled (README is silent)
          session.regenerateId(op.del);
          S.id = newId(session.id, 'regenerateId');
          S.regenerated = true;
          S.values.delete('__csrf'); // README (Remix v3 CSRF): ours drop the CSRF secret in regenerateId()
          if (op.del) { S.deleteOld = true; S.deleteId = S.readId; }
          S.dirty = true;
          break;
        }
        case 'destroy': {
          if (!session) break;
          session.destroy();
          if (!S.destroyed) S.dirty = true; // a second destroy() after the logout went out changes nothing
          S.destroyed = true;
          break;
        }
        case 'commit': {
          if (!session) break;
          const before = M.payloadBytes(S);
          if (!S.destroyed && M.userOf(S.values) === BAD_USER) {
            // README Errors: INVALID_USER_ID, nothing written
            await assert.rejects(storage.commitSession(session), (e) => e instanceof SessionDataError && e.code === 'INVALID_USER_ID')
              .catch((e) => fail(`commit of a bad user ID: ${e.message}`));
            break;
          }
          let headers;
          try {
            headers = op.headers && storage.commitSessionHeaders
              ? await storage.commitSessionHeaders(session)
              : [await storage.commitSession(session)];
          } catch (e) {
            if (e instanceof CookieTooLargeError && !serverSide && !S.destroyed) {
              const single = !(op.headers && storage.commitSessionHeaders);
              // README Choices: a commit refused after the core made it leaves the session dirty, nothing written
              if (e.code === 'SEVERAL_COOKIES' && single && before > 2600) { S.dirty = true; break; }
              if (before > 8000) { S.dirty = true; break; }
            }
            fail(`commit threw ${e.constructor.name} ${e.code} ${e.message} (payload ~${before} bytes)`);
          }
          applyCookies(jars[S.client], headers);
          if (S.destroyed) modelDestroyCommit(); else modelCommit(session.id, headers);
          break;
        }
        case 'destroySession': {
          if (!session) break;
          const h = await storage.destroySession(session);
          applyCookies(jars[S.client], [h]);
          modelDestroyCommit();
          break;
        }
        case 'revoke': {
          if (!session) break;
          const userNow = M.userOf(S.values);
          // `except` only for the session's own, committed user (what "sign out of my other devices" is).
          const except = op.except && !S.destroyed && S.baseUser === op.u && userNow === op.u && (serverSide ? S.baseId !== '' : true);
          const n = await storage.revokeUserSessions(op.u, except ? { except: session } : undefined);
          if (except && serverSide) S.dirty = session.dirty; // server-side: whether a write is owed is not documented
          else if (except) S.dirty = true; // README (Session, memory): the device `except` keeps is still owed a write
          if (serverSide) {
            let count = 0;
            for (const [id, r] of [...M.records]) {
              if (r.user === op.u && !(except && id === S.baseId)) { M.records.delete(id); count++; }
            }
            eq(n, count, `revokeUserSessions(${op.u}) count`);
            if (S.baseUser === op.u && !except && S.baseId !== '') S.revoked = true;
          } else {
            // Cookie storage: an upper bound of the sign-ins recorded; at least every live other device of the user.
            const live = new Set();
            for (const j of M.jars) {
              if (j && j.user === op.u && (M.revoked.get(op.u) ?? -1) <= j.signIn && !(except && j.signIn === S.signIn)) live.add(j.signIn);
            }
            if (!(Number.isInteger(n) && n >= 0)) fail(`revokeUserSessions(${op.u}) on cookies gave ${n}, but ${live.size} other devices were alive`);
            M.revoked.set(op.u, ++M.seq);
            if (S.baseUser === op.u) {
              if (except) { S.signIn = ++M.seq; S.dirty = true; } else S.revoked = true;
            }
          }
          break;
        }
        case 'copyJar': jars[op.to] = new Map(jars[op.from]); M.jars[op.to] = M.jars[op.from]; break;
        case 'clearJar': jars[op.c] = new Map(); M.jars[op.c] = null; break;
        case 'tamper': {
          const jar = jars[op.c];
          const v = jar.get('__session');
          if (v === undefined) break;
          const i = Math.floor(v.length / 3) + (tampers++ % 7); // another place each time: two flips never undo each other
          const ch = v[i] === 'A' ? 'B' : 'A';
          jar.set('__session', v.slice(0, i) + ch + v.slice(i + 1));
          M.jars[op.c] = null;
          break;
        }
        default: throw new Error(`unknown op ${op.t}`);
      }
      checkSession();
      if (serverSide && (op.t === 'commit' || op.t === 'destroySession' || op.t === 'revoke' || step % 25 === 0)) await checkListings();
    }
    await endRequest();
    return { ok: true, log };
  } catch (e) {
    try { session?.dispose(); } catch {}
    return { ok: false, error: e instanceof Mismatch ? e.message : `${kind} step ${step} (${describeOp(ops[step] ?? {})}): unexpected ${e?.constructor?.name} ${e?.code ?? ''} ${short(String(e?.message), 300)} ${String(e?.stack).split('\n').slice(1, 4).join(' | ')}`, step, log };
  } finally {
    sut.cleanup();
  }
}

/** Delta-debugging shrink: the shortest op list (found greedily) that still fails. */
async function shrink(kind, ops, original) {
  const first = await run(kind, ops);
  if (first.ok) return { ops: ops.slice(0, original.step + 1), result: { ...original, error: `${original.error} [NOT REPRODUCED on replay: timing-dependent]` } };
  return shrinkSteps(ops, first, (cand) => run(kind, cand), { budget: 400 });
}

for (const kind of (process.env.MODEL_KINDS ?? 'memory,file,cookie').split(',')) {
  test(`model: random session sequences agree with the reference model (${kind})`, async (t) => {
    const failures = [];
    for (const seed of SEEDS) {
      const ops = genOps(seed, STEPS, kind);
      const r = await run(kind, ops);
      if (!r.ok) {
        const { ops: small, result } = await shrink(kind, ops, r);
        const shown = small.length > 60 ? small.slice(-60) : small;
        const text = `seed ${seed}: ${result.error}\n  shrunk to ${small.length} ops${small.length > 60 ? ' (last 60 shown)' : ''}:\n${shown.map((o, i) => `    ${i + small.length - shown.length}: ${describeOp(o)}`).join('\n')}`;
        t.diagnostic(text);
        failures.push(text);
      }
    }
    assert.equal(failures.length, 0, failures.join('\n\n'));
  });
}
